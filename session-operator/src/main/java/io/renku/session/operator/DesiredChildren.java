package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.DataSource;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.Storage;
import io.renku.session.crd.TemplateMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The children of a session as a pure function of its spec and run id: same input, same objects
 * (including the {@value #SPEC_HASH_ANNOTATION} annotation that lets the reconciler skip unchanged
 * writes). They are the objects the original Go operator templates for the same session (its {@code
 * amaltheasession_children.go}); the golden tests hold the two side by side.
 *
 * <p>Names are the session's name, except the internal secret ({@code <name>---internal}) and the
 * data source claims ({@code amalthea-<name>-ds-<i>}). All children carry the controller owner
 * reference to the session and the labels the original sets (the Renku network policies select on
 * them, and the StatefulSet's selector, which cannot change, is made of them).
 */
public final class DesiredChildren {

  public static final String SESSION_CONTAINER = "amalthea-session";
  public static final String AUTHPROXY_CONTAINER = "authproxy";
  public static final String OAUTH2_PROXY_CONTAINER = "oauth2-proxy";
  public static final String SERVICE_PORT_NAME = "amalthea-http";
  public static final String SERVICE_META_PORT_NAME = "amalthea-http-meta";
  public static final int SERVICE_PORT = 80;
  public static final int AUTH_PORT = 65535;
  public static final int AUTH_META_PORT = 65534;
  public static final int AUTHPROXY_UPSTREAM_PORT = 65533;
  public static final String SESSION_VOLUME = "amalthea-volume";
  public static final String SHM_VOLUME = "amalthea-dev-shm";
  public static final String TUNNEL_INGRESS_PATH_SUFFIX = "__amalthea__/tunnel";

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
  public static final String LABEL_CREATED_BY = "app.kubernetes.io/created-by";
  public static final String KIND_LABEL_VALUE = "AmaltheaSession";

  /** Annotations of the StatefulSet and its pods naming the run and the session. */
  public static final String RUN_ID_ANNOTATION = "renku.io/run_id";

  public static final String SESSION_UID_ANNOTATION = "renku.io/session_uid";

  /** Label selector matching every child (and pod) of any session. */
  public static final String CHILD_SELECTOR = LABEL_NAME + "=" + KIND_LABEL_VALUE;

  /** Hash of the desired object, written on each child; a different hash means "rewrite it". */
  public static final String SPEC_HASH_ANNOTATION = "amalthea.dev/spec-hash";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private DesiredChildren() {}

  /**
   * The children of one session. {@code ingress} is empty without {@code spec.ingress} and while
   * hibernated. {@code secret} ({@code <name>---internal}) always exists, as in the original; for a
   * remote session it must also hold a random {@code WSTUNNEL_SECRET} ({@code tunnelSecret}), which
   * the writer adds when creating it and keeps afterwards, so that it is not part of the hash.
   */
  public record Children(
      StatefulSet statefulSet,
      PersistentVolumeClaim pvc,
      List<PersistentVolumeClaim> dataSourceClaims,
      Service service,
      Optional<Ingress> ingress,
      Secret secret,
      boolean tunnelSecret) {}

  /**
   * What this operator cannot run, as a message for {@code status.error}; empty when the spec is
   * supported. Such sessions are marked Failed and get no children.
   */
  public static Optional<String> unsupported(AmaltheaSessionSpec spec, OperatorSettings settings) {
    if (spec == null || spec.session() == null) {
      return Optional.of("spec.session is missing");
    }
    Session s = spec.session();
    if (s.image() == null || s.image().isBlank()) {
      return Optional.of("spec.session.image is missing");
    }
    if (s.portOrDefault() < 1 || s.portOrDefault() > 65529) {
      return Optional.of("spec.session.port must be between 1 and 65529");
    }
    if (!spec.isInteractive()) {
      return Optional.of(
          "non-interactive sessions (spec.sessionType: NonInteractive) are not supported yet");
    }
    if (spec.isAuthenticated()) {
      AuthenticationType type = spec.authentication().type();
      if (type == AuthenticationType.OIDC) {
        return Optional.of("authentication type oidc is not supported yet; use oauth2proxy");
      }
      var ref = spec.authentication().secretRef();
      if (ref == null || ref.key() == null || ref.key().isEmpty()) {
        // The original's words.
        return Optional.of(
            "the authentication secret key has to be defined when using "
                + type.wireName()
                + " authentication");
      }
      if (type == AuthenticationType.TOKEN && settings.noneSameSiteCookie()) {
        return Optional.of("cannot set the same site cookie parameter for anonymous sessions");
      }
    }
    var dataSources = spec.dataSources() == null ? List.<DataSource>of() : spec.dataSources();
    for (int i = 0; i < dataSources.size(); i++) {
      var ref = dataSources.get(i).secretRef();
      if (ref == null || ref.name() == null || ref.name().isEmpty()) {
        return Optional.of("spec.dataSources[" + i + "].secretRef is missing");
      }
    }
    if (spec.ingress() != null) {
      String prefix = stripSlash(spec.ingress().pathPrefixOrDefault());
      String path = stripSlash(s.urlPathOrDefault());
      if (!path.equals(prefix) && !path.startsWith(prefix + "/")) {
        return Optional.of(
            "spec.session.urlPath "
                + s.urlPathOrDefault()
                + " is not under spec.ingress.pathPrefix");
      }
    }
    return Optional.empty();
  }

  /**
   * The children of {@code session}, which must be {@link #unsupported supported}; {@code runId} is
   * the run id the status will carry (null while hibernated).
   */
  public static Children of(AmaltheaSession session, OperatorSettings settings, String runId) {
    var dataSources = DataSourceClaims.of(session, settings);
    return new Children(
        statefulSet(session, settings, runId),
        pvc(session),
        dataSources.claims().stream().map(DesiredChildren::withHash).toList(),
        service(session),
        ingress(session),
        secret(session),
        session.getSpec().location() == SessionLocation.REMOTE);
  }

  /** The session URL: {@code <scheme>://<host><urlPath>/}, or {@code None} without an ingress. */
  public static String url(AmaltheaSessionSpec spec, OperatorSettings settings) {
    var ingress = spec.ingress();
    if (ingress == null || ingress.host() == null || ingress.host().isBlank()) {
      return "None";
    }
    String scheme = ingress.isHttps() || settings.httpsSessionIngress() ? "https" : "http";
    return scheme + "://" + ingress.host() + withSlash(spec.session().urlPathOrDefault());
  }

  public static String podName(String sessionName) {
    return sessionName + "-0";
  }

  public static String internalSecretName(String sessionName) {
    return sessionName + "---internal";
  }

  /**
   * The labels a session's children and pod are selected by: the original's four. The StatefulSet
   * selector is immutable, so a StatefulSet the original created can only be taken over if these
   * are the same.
   */
  public static Map<String, String> selectorLabels(String sessionName) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(LABEL_NAME, KIND_LABEL_VALUE);
    labels.put(LABEL_INSTANCE, sessionName);
    labels.put(LABEL_PART_OF, "amaltheasession-operator");
    labels.put(LABEL_CREATED_BY, "controller-manager");
    return labels;
  }

  /** Template labels, then the selector labels (which win on conflicts). */
  public static Map<String, String> labels(AmaltheaSession session) {
    Map<String, String> labels = new TreeMap<>(templateMetadata(session.getSpec()).labels());
    labels.putAll(selectorLabels(session.getMetadata().getName()));
    return labels;
  }

  /**
   * No {@code serviceName}: the original leaves it unset and it cannot be changed later. The
   * StatefulSet and its pods carry the template annotations plus the run id and the session's uid.
   */
  static StatefulSet statefulSet(AmaltheaSession session, OperatorSettings settings, String runId) {
    String name = session.getMetadata().getName();
    AmaltheaSessionSpec spec = session.getSpec();
    Map<String, String> annotations = new TreeMap<>(templateMetadata(spec).annotations());
    if (runId != null && !runId.isEmpty()) {
      annotations.put(RUN_ID_ANNOTATION, runId);
    }
    String uid = session.getMetadata().getUid();
    if (uid != null && !uid.isEmpty()) {
      annotations.put(SESSION_UID_ANNOTATION, uid);
    }
    StatefulSet sts =
        new StatefulSetBuilder()
            .withMetadata(metadata(session, name, annotations))
            .withNewSpec()
            .withPodManagementPolicy("Parallel")
            .withReplicas(spec.hibernated() ? 0 : 1)
            .withNewSelector()
            .withMatchLabels(selectorLabels(name))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels(session))
            .withAnnotations(new TreeMap<>(annotations))
            .endMetadata()
            .withSpec(PodTemplate.podSpec(session, settings))
            .endTemplate()
            .endSpec()
            .build();
    return withHash(sts);
  }

  static PersistentVolumeClaim pvc(AmaltheaSession session) {
    Session s = session.getSpec().session();
    Storage storage = s.storage() == null ? new Storage(null, null, null) : s.storage();
    return withHash(
        new PersistentVolumeClaimBuilder()
            .withMetadata(metadata(session, session.getMetadata().getName(), null))
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .withRequests(new TreeMap<>(Map.of("storage", storage.sizeOrDefault())))
            .endResources()
            .withStorageClassName(storage.className())
            .endSpec()
            .build());
  }

  /**
   * Port 80 to the authentication proxy (65535), or to the session without authentication, and port
   * 65534 to the authproxy's meta port, always (as in the original). A remote session adds the
   * tunnel port and publishes its address before the pod is ready (the tunnel must connect first).
   */
  static Service service(AmaltheaSession session) {
    String name = session.getMetadata().getName();
    AmaltheaSessionSpec spec = session.getSpec();
    boolean remote = spec.location() == SessionLocation.REMOTE;
    List<ServicePort> ports = new ArrayList<>();
    ports.add(
        new ServicePortBuilder()
            .withProtocol("TCP")
            .withName(SERVICE_PORT_NAME)
            .withPort(SERVICE_PORT)
            .withTargetPort(
                new IntOrString(
                    spec.isAuthenticated() ? AUTH_PORT : spec.session().portOrDefault()))
            .build());
    ports.add(
        new ServicePortBuilder()
            .withProtocol("TCP")
            .withName(SERVICE_META_PORT_NAME)
            .withPort(AUTH_META_PORT)
            .withTargetPort(new IntOrString(AUTH_META_PORT))
            .build());
    if (remote) {
      ports.add(
          new ServicePortBuilder()
              .withProtocol("TCP")
              .withName(PodTemplate.TUNNEL_PORT_NAME)
              .withPort(PodTemplate.TUNNEL_PORT)
              .withTargetPort(new IntOrString(PodTemplate.TUNNEL_PORT_NAME))
              .build());
    }
    return withHash(
        new ServiceBuilder()
            .withMetadata(metadata(session, name, null))
            .withNewSpec()
            .withSelector(selectorLabels(name))
            .withPorts(ports)
            .withPublishNotReadyAddresses(remote ? true : null)
            .endSpec()
            .build());
  }

  static Optional<Ingress> ingress(AmaltheaSession session) {
    AmaltheaSessionSpec spec = session.getSpec();
    var in = spec.ingress();
    if (in == null || spec.hibernated() || !spec.isInteractive()) {
      return Optional.empty();
    }
    String name = session.getMetadata().getName();
    List<IngressTLS> tls = new ArrayList<>();
    if (in.tlsSecret() != null
        && in.tlsSecret().name() != null
        && !in.tlsSecret().name().isEmpty()) {
      tls.add(
          new IngressTLSBuilder()
              .withHosts(in.host())
              .withSecretName(in.tlsSecret().name())
              .build());
    } else if (in.tlsSecret() == null && Boolean.TRUE.equals(in.useDefaultClusterTLSCert())) {
      // The cluster's default certificate: tls: [{}].
      tls.add(new IngressTLSBuilder().build());
    }
    // Ingress annotations win over template annotations.
    Map<String, String> annotations = new TreeMap<>(templateMetadata(spec).annotations());
    if (in.annotations() != null) {
      annotations.putAll(in.annotations());
    }
    String prefix = withSlash(in.pathPrefixOrDefault());
    List<HTTPIngressPath> paths = new ArrayList<>();
    paths.add(ingressPath(prefix, name, SERVICE_PORT_NAME));
    if (spec.location() == SessionLocation.REMOTE) {
      paths.add(
          ingressPath(prefix + TUNNEL_INGRESS_PATH_SUFFIX, name, PodTemplate.TUNNEL_PORT_NAME));
    }
    return Optional.of(
        withHash(
            new IngressBuilder()
                .withMetadata(metadata(session, name, annotations))
                .withNewSpec()
                .withIngressClassName(in.ingressClassName())
                .addNewRule()
                .withHost(in.host())
                .withNewHttp()
                .withPaths(paths)
                .endHttp()
                .endRule()
                .withTls(tls)
                .endSpec()
                .build()));
  }

  private static HTTPIngressPath ingressPath(String path, String service, String port) {
    return new HTTPIngressPathBuilder()
        .withPath(path)
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withName(port)
        .endPort()
        .endService()
        .endBackend()
        .build();
  }

  /**
   * {@code <name>---internal}: empty for a local session (the original creates it all the same; it
   * holds the oidc configuration, which is not supported here); a remote session's tunnel secret is
   * added by the writer (see {@link Children}).
   */
  static Secret secret(AmaltheaSession session) {
    return withHash(
        new SecretBuilder()
            .withMetadata(
                metadata(session, internalSecretName(session.getMetadata().getName()), null))
            .build());
  }

  /** The controller owner reference to {@code session}. */
  public static OwnerReference ownerReference(AmaltheaSession session) {
    return new OwnerReferenceBuilder()
        .withApiVersion(AmaltheaSession.API_VERSION)
        .withKind("AmaltheaSession")
        .withName(session.getMetadata().getName())
        .withUid(session.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * Name, namespace, labels, owner reference and {@code annotations} (the template's when null).
   */
  static ObjectMeta metadata(
      AmaltheaSession session, String name, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(session.getMetadata().getNamespace())
        .withLabels(labels(session))
        .withAnnotations(
            new TreeMap<>(
                annotations == null
                    ? templateMetadata(session.getSpec()).annotations()
                    : annotations))
        .withOwnerReferences(ownerReference(session))
        .build();
  }

  static TemplateMetadata templateMetadata(AmaltheaSessionSpec spec) {
    TemplateMetadata m =
        spec.template() == null || spec.template().metadata() == null
            ? null
            : spec.template().metadata();
    return new TemplateMetadata(
        m == null || m.annotations() == null ? Map.of() : m.annotations(),
        m == null || m.labels() == null ? Map.of() : m.labels());
  }

  /** The hash of a child as this class builds it (without the hash annotation). */
  public static String hashOf(HasMetadata resource) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.asJson(resource).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T extends HasMetadata> T withHash(T resource) {
    String hash = hashOf(resource);
    resource.getMetadata().getAnnotations().put(SPEC_HASH_ANNOTATION, hash);
    return resource;
  }

  private static String stripSlash(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  /** Quantity of the PVC's storage request, for comparisons. */
  static Quantity storageRequest(PersistentVolumeClaim pvc) {
    return pvc.getSpec().getResources().getRequests().get("storage");
  }
}
