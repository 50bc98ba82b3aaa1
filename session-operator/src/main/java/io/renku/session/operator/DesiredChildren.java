package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.CodeRepository;
import io.renku.session.crd.ReadinessProbeType;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.Storage;
import io.renku.session.crd.TemplateMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The children of a session as a pure function of its spec: same input, same objects (including the
 * {@value #SPEC_HASH_ANNOTATION} annotation that lets the reconciler skip unchanged writes).
 *
 * <p>Names are the session's name, except the internal secret ({@code <name>---internal}). All
 * children carry the controller owner reference to the session and the labels the original sets
 * (the Renku network policies select on them).
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
  public static final String AUTH_VOLUME = "amalthea-auth";

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
  public static final String LABEL_CREATED_BY = "app.kubernetes.io/created-by";
  public static final String KIND_LABEL_VALUE = "AmaltheaSession";

  /** Label selector matching every child (and pod) of any session. */
  public static final String CHILD_SELECTOR = LABEL_NAME + "=" + KIND_LABEL_VALUE;

  /** Hash of the desired object, written on each child; a different hash means "rewrite it". */
  public static final String SPEC_HASH_ANNOTATION = "amalthea.dev/spec-hash";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private DesiredChildren() {}

  /**
   * The children of one session. {@code ingress} is empty without {@code spec.ingress} and while
   * hibernated; {@code secret} (the authproxy settings) only exists for token authentication.
   */
  public record Children(
      StatefulSet statefulSet,
      PersistentVolumeClaim pvc,
      Service service,
      Optional<Ingress> ingress,
      Optional<Secret> secret) {}

  /**
   * What this operator cannot run, as a message for {@code status.error}; empty when the spec is
   * supported. Such sessions are marked Failed and get no children.
   */
  public static Optional<String> unsupported(AmaltheaSessionSpec spec) {
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
    if (spec.location() == SessionLocation.REMOTE) {
      return Optional.of("remote sessions (spec.location: remote) are not supported yet");
    }
    if (!spec.isInteractive()) {
      return Optional.of(
          "non-interactive sessions (spec.sessionType: NonInteractive) are not supported yet");
    }
    if (spec.isAuthenticated() && spec.authentication().type() == AuthenticationType.OIDC) {
      return Optional.of("authentication type oidc is not supported yet; use oauth2proxy");
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

  /** The children of {@code session}, which must be {@link #unsupported supported}. */
  public static Children of(AmaltheaSession session, OperatorSettings settings) {
    return new Children(
        statefulSet(session, settings),
        pvc(session),
        service(session),
        ingress(session),
        secret(session));
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

  /** The labels a session's children are selected by. */
  public static Map<String, String> selectorLabels(String sessionName) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(LABEL_NAME, KIND_LABEL_VALUE);
    labels.put(LABEL_INSTANCE, sessionName);
    return labels;
  }

  /** Template labels, then the operator's own (which win on conflicts). */
  public static Map<String, String> labels(AmaltheaSession session) {
    Map<String, String> labels = new TreeMap<>(templateMetadata(session.getSpec()).labels());
    labels.putAll(selectorLabels(session.getMetadata().getName()));
    labels.put(LABEL_PART_OF, "amaltheasession-operator");
    labels.put(LABEL_CREATED_BY, "controller-manager");
    return labels;
  }

  static StatefulSet statefulSet(AmaltheaSession session, OperatorSettings settings) {
    String name = session.getMetadata().getName();
    AmaltheaSessionSpec spec = session.getSpec();
    StatefulSet sts =
        new StatefulSetBuilder()
            .withMetadata(metadata(session, name, Map.of()))
            .withNewSpec()
            .withReplicas(spec.hibernated() ? 0 : 1)
            .withServiceName(name)
            .withPodManagementPolicy("Parallel")
            .withNewSelector()
            .withMatchLabels(selectorLabels(name))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels(session))
            .withAnnotations(new TreeMap<>(templateMetadata(spec).annotations()))
            .endMetadata()
            .withSpec(podSpec(session, settings))
            .endTemplate()
            .endSpec()
            .build();
    return withHash(sts);
  }

  static PodSpec podSpec(AmaltheaSession session, OperatorSettings settings) {
    AmaltheaSessionSpec spec = session.getSpec();
    Session s = spec.session();
    Storage storage = s.storage() == null ? new Storage(null, null, null) : s.storage();
    long gid = s.runAsGroupOrDefault();

    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(SESSION_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(session.getMetadata().getName())
            .endPersistentVolumeClaim()
            .build());
    List<VolumeMount> sessionMounts = new ArrayList<>();
    sessionMounts.add(mount(SESSION_VOLUME, storage.mountPathOrDefault(), false));
    if (s.shmSize() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(SHM_VOLUME)
              .withNewEmptyDir()
              .withMedium("Memory")
              .withSizeLimit(s.shmSize())
              .endEmptyDir()
              .build());
      sessionMounts.add(mount(SHM_VOLUME, "/dev/shm", false));
    }
    sessionMounts.addAll(orEmpty(s.extraVolumeMounts()));

    List<Container> containers = new ArrayList<>();
    containers.add(sessionContainer(s, sessionMounts));
    if (spec.isAuthenticated()) {
      Authentication auth = spec.authentication();
      volumes.add(
          new VolumeBuilder()
              .withName(AUTH_VOLUME)
              .withNewSecret()
              .withSecretName(auth.secretRef().name())
              .endSecret()
              .build());
      containers.addAll(authContainers(session, auth, settings));
    }
    containers.addAll(orEmpty(spec.extraContainers()));

    List<Container> initContainers = new ArrayList<>();
    List<CodeRepository> repos = orEmpty(spec.codeRepositories());
    for (int i = 0; i < repos.size(); i++) {
      CodeRepository repo = repos.get(i);
      List<String> args = new ArrayList<>(List.of("clone", "--strategy", "notifexist"));
      args.addAll(List.of("--remote", repo.remote()));
      String clonePath =
          repo.clonePath() == null || repo.clonePath().isEmpty() ? "." : repo.clonePath();
      args.addAll(List.of("--path", stripSlash(storage.mountPathOrDefault()) + "/" + clonePath));
      List<VolumeMount> mounts = new ArrayList<>();
      mounts.add(mount(SESSION_VOLUME, storage.mountPathOrDefault(), false));
      if (repo.cloningConfigSecretRef() != null) {
        String volume = "amalthea-git-clone-" + i;
        volumes.add(
            new VolumeBuilder()
                .withName(volume)
                .withNewSecret()
                .withSecretName(repo.cloningConfigSecretRef().name())
                .endSecret()
                .build());
        mounts.add(mount(volume, "/git-clone-secrets", true));
        args.addAll(
            List.of("--config", "/git-clone-secrets/" + repo.cloningConfigSecretRef().key()));
      }
      if (repo.revision() != null && !repo.revision().isEmpty()) {
        args.addAll(List.of("--revision", repo.revision()));
      }
      initContainers.add(
          new ContainerBuilder()
              .withName("git-clone-" + i)
              .withImage(settings.sidecarsImage())
              .withCommand("cloner")
              .withArgs(args)
              .withVolumeMounts(mounts)
              .withNewSecurityContext()
              .withRunAsUser(s.runAsUserOrDefault())
              .withRunAsGroup(gid)
              .endSecurityContext()
              .build());
    }
    initContainers.addAll(orEmpty(spec.initContainers()));
    volumes.addAll(orEmpty(spec.extraVolumes()));

    return new PodSpecBuilder()
        .withContainers(containers)
        .withInitContainers(initContainers)
        .withVolumes(volumes)
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withFsGroup(gid)
        .endSecurityContext()
        .withNodeSelector(spec.nodeSelector() == null ? null : new TreeMap<>(spec.nodeSelector()))
        .withAffinity(spec.affinity())
        .withTolerations(spec.tolerations())
        .withPriorityClassName(spec.priorityClassName())
        .withServiceAccountName(spec.serviceAccountName())
        .withImagePullSecrets(
            orEmpty(spec.imagePullSecrets()).stream()
                .map(ref -> new LocalObjectReference(ref.name()))
                .toList())
        .build();
  }

  private static Container sessionContainer(Session s, List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(SESSION_CONTAINER)
        .withImage(s.image())
        .withImagePullPolicy(s.imagePullPolicyOrDefault())
        .withCommand(s.command())
        .withArgs(s.args())
        .withEnv(s.env())
        .withResources(s.resources())
        .withWorkingDir(s.workingDir())
        .addNewPort()
        .withName("session-port")
        .withContainerPort(s.portOrDefault())
        .withProtocol("TCP")
        .endPort()
        .withNewSecurityContext()
        .withRunAsUser(s.runAsUserOrDefault())
        .withRunAsGroup(s.runAsGroupOrDefault())
        .endSecurityContext()
        .withVolumeMounts(mounts)
        .withReadinessProbe(readinessProbe(s))
        .build();
  }

  private static Probe readinessProbe(Session s) {
    ReadinessProbeType type =
        s.readinessProbe() == null || s.readinessProbe().type() == null
            ? ReadinessProbeType.TCP
            : s.readinessProbe().type();
    return switch (type) {
      case NONE -> null;
      case TCP ->
          new ProbeBuilder()
              .withNewTcpSocket()
              .withPort(new IntOrString(s.portOrDefault()))
              .endTcpSocket()
              .withPeriodSeconds(10)
              .withFailureThreshold(3)
              .build();
      case HTTP ->
          new ProbeBuilder()
              .withNewHttpGet()
              .withPath(s.urlPathOrDefault())
              .withPort(new IntOrString(s.portOrDefault()))
              .endHttpGet()
              .withPeriodSeconds(10)
              .withFailureThreshold(3)
              .build();
    };
  }

  private static List<Container> authContainers(
      AmaltheaSession session, Authentication auth, OperatorSettings settings) {
    Session s = session.getSpec().session();
    String key = auth.secretRef().key() == null ? "" : auth.secretRef().key();
    List<VolumeMount> authMounts = new ArrayList<>();
    List<Container> containers = new ArrayList<>();
    if (auth.type() == AuthenticationType.TOKEN) {
      authMounts.add(mount(AUTH_VOLUME, "/etc/authproxy", true));
      authMounts.addAll(orEmpty(auth.extraVolumeMounts()));
      containers.add(
          new ContainerBuilder()
              .withName(AUTHPROXY_CONTAINER)
              .withImage(settings.sidecarsImage())
              .withCommand("proxy")
              .withArgs("serve", "--config", "/etc/authproxy/" + key)
              .addNewEnvFrom()
              .withNewSecretRef()
              .withName(internalSecretName(session.getMetadata().getName()))
              .endSecretRef()
              .endEnvFrom()
              .addNewPort()
              .withName("auth")
              .withContainerPort(AUTH_PORT)
              .endPort()
              .withVolumeMounts(authMounts)
              .withReadinessProbe(httpProbe("/__amalthea__/health", AUTH_META_PORT))
              .build());
      return containers;
    }
    // oauth2proxy: oauth2-proxy on the entry port, then the authproxy in front of the session.
    authMounts.add(mount(AUTH_VOLUME, "/etc/oauth2-proxy", true));
    authMounts.addAll(orEmpty(auth.extraVolumeMounts()));
    containers.add(
        new ContainerBuilder()
            .withName(OAUTH2_PROXY_CONTAINER)
            .withImage(settings.oauth2ProxyImage())
            .withArgs(
                "--upstream=http://127.0.0.1:" + AUTHPROXY_UPSTREAM_PORT,
                "--http-address=:" + AUTH_PORT,
                "--config=/etc/oauth2-proxy/" + key,
                "--cookie-samesite=" + (settings.noneSameSiteCookie() ? "none" : "strict"))
            .addNewPort()
            .withName("auth")
            .withContainerPort(AUTH_PORT)
            .endPort()
            .withVolumeMounts(authMounts)
            .withReadinessProbe(httpProbe("/ping", AUTH_PORT))
            .build());
    containers.add(
        new ContainerBuilder()
            .withName(AUTHPROXY_CONTAINER)
            .withImage(settings.sidecarsImage())
            .withCommand("proxy")
            .withArgs("serve")
            .withEnv(authproxyEnv(s, AUTHPROXY_UPSTREAM_PORT))
            .withReadinessProbe(httpProbe("/__amalthea__/health", AUTH_META_PORT))
            .build());
    return containers;
  }

  private static List<EnvVar> authproxyEnv(Session s, int port) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("AUTHPROXY_PORT", String.valueOf(port), null));
    env.add(new EnvVar("AUTHPROXY_META_PORT", String.valueOf(AUTH_META_PORT), null));
    env.add(new EnvVar("AUTHPROXY_REMOTE", "http://127.0.0.1:" + s.portOrDefault(), null));
    if (Boolean.TRUE.equals(s.stripURLPath())) {
      env.add(new EnvVar("AUTHPROXY_STRIP_PATH_PREFIX", stripSlash(s.urlPathOrDefault()), null));
    }
    return env;
  }

  private static Probe httpProbe(String path, int port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(10)
        .build();
  }

  static PersistentVolumeClaim pvc(AmaltheaSession session) {
    Session s = session.getSpec().session();
    Storage storage = s.storage() == null ? new Storage(null, null, null) : s.storage();
    return withHash(
        new PersistentVolumeClaimBuilder()
            .withMetadata(metadata(session, session.getMetadata().getName(), Map.of()))
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storage.className())
            .withNewResources()
            .withRequests(new TreeMap<>(Map.of("storage", storage.sizeOrDefault())))
            .endResources()
            .endSpec()
            .build());
  }

  static Service service(AmaltheaSession session) {
    String name = session.getMetadata().getName();
    AmaltheaSessionSpec spec = session.getSpec();
    boolean auth = spec.isAuthenticated();
    List<ServicePort> ports = new ArrayList<>();
    ports.add(
        new ServicePortBuilder()
            .withName(SERVICE_PORT_NAME)
            .withPort(SERVICE_PORT)
            .withProtocol("TCP")
            .withTargetPort(new IntOrString(auth ? AUTH_PORT : spec.session().portOrDefault()))
            .build());
    if (auth) {
      ports.add(
          new ServicePortBuilder()
              .withName(SERVICE_META_PORT_NAME)
              .withPort(AUTH_META_PORT)
              .withProtocol("TCP")
              .withTargetPort(new IntOrString(AUTH_META_PORT))
              .build());
    }
    return withHash(
        new ServiceBuilder()
            .withMetadata(metadata(session, name, Map.of()))
            .withNewSpec()
            .withSelector(selectorLabels(name))
            .withPorts(ports)
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
    } else if (Boolean.TRUE.equals(in.useDefaultClusterTLSCert())) {
      tls.add(new IngressTLSBuilder().build());
    }
    Map<String, String> annotations =
        in.annotations() == null ? Map.of() : new TreeMap<>(in.annotations());
    return Optional.of(
        withHash(
            new IngressBuilder()
                .withMetadata(metadata(session, name, annotations))
                .withNewSpec()
                .withIngressClassName(in.ingressClassName())
                .addNewRule()
                .withHost(in.host())
                .withNewHttp()
                .addNewPath()
                .withPath(withSlash(in.pathPrefixOrDefault()))
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(name)
                .withNewPort()
                .withName(SERVICE_PORT_NAME)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .withTls(tls)
                .endSpec()
                .build()));
  }

  /**
   * For token authentication: the authproxy's settings ({@code AUTHPROXY_*}), read through {@code
   * envFrom}. The token itself stays in the secret named by {@code spec.authentication.secretRef}.
   */
  static Optional<Secret> secret(AmaltheaSession session) {
    AmaltheaSessionSpec spec = session.getSpec();
    if (!spec.isAuthenticated() || spec.authentication().type() != AuthenticationType.TOKEN) {
      return Optional.empty();
    }
    Map<String, String> data = new TreeMap<>();
    for (EnvVar e : authproxyEnv(spec.session(), AUTH_PORT)) {
      data.put(
          e.getName(),
          Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.of(
        withHash(
            new SecretBuilder()
                .withMetadata(
                    metadata(
                        session, internalSecretName(session.getMetadata().getName()), Map.of()))
                .withType("Opaque")
                .withData(data)
                .build()));
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

  private static ObjectMeta metadata(
      AmaltheaSession session, String name, Map<String, String> overridingAnnotations) {
    Map<String, String> annotations =
        new TreeMap<>(templateMetadata(session.getSpec()).annotations());
    annotations.putAll(overridingAnnotations);
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(session.getMetadata().getNamespace())
        .withLabels(labels(session))
        .withAnnotations(annotations)
        .withOwnerReferences(ownerReference(session))
        .build();
  }

  private static TemplateMetadata templateMetadata(AmaltheaSessionSpec spec) {
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

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String stripSlash(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  /** Quantity of the PVC's storage request, for comparisons. */
  static Quantity storageRequest(PersistentVolumeClaim pvc) {
    return pvc.getSpec().getResources().getRequests().get("storage");
  }
}
