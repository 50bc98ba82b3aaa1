package io.renku.data.session.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.renku.core.RenkuException;
import io.renku.data.compute.Placement;
import io.renku.data.secret.SecretDelivery;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import io.renku.session.crd.AmaltheaSession;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sessions on Kubernetes as {@code AmaltheaSession} resources ({@code amalthea.dev/v1alpha1})
 * that the session operator turns into a StatefulSet, Service, Ingress and volume. Writes go to the
 * API server; what a session's state is comes from the watcher's cache table ({@code
 * k8s_cache.objects}), like the original, so that listing sessions never waits on the API server.
 *
 * <p>What is written is the original's: {@link AmaltheaSessionManifest} (the resource) and {@link
 * AuthProxyConfig} (its authentication Secret, named like the session, adopted by it). The operator
 * culls from {@code spec.culling}; the session is reached through its own Ingress on the platform's
 * host at {@code /sessions/<name>}, where its authentication proxy checks the browser's credential
 * (decision 0023).
 */
public final class KubernetesRuntime implements SessionRuntime {
  private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ResourceDefinitionContext AMALTHEA_SESSIONS =
      ResourceDefinitionContext.fromResourceType(AmaltheaSession.class);
  static final String MANAGED_BY = AmaltheaSessionManifest.MANAGED_BY;
  static final String MANAGER = AmaltheaSessionManifest.MANAGER;

  private final KubernetesClient client;
  private final CacheStore cache;
  private final KubernetesSettings settings;

  private final SecretDelivery delivery;
  private final SessionGitCredentials.Issuer gitIssuer;
  private final String gitApiBase;

  public KubernetesRuntime(KubernetesClient client, CacheStore cache, KubernetesSettings settings) {
    this(client, cache, settings, null);
  }

  /**
   * @param delivery the secrets service, which writes the Secrets with the session's secret files
   *     and its connectors' credentials; null where there is none (those sessions then start
   *     without them)
   */
  public KubernetesRuntime(
      KubernetesClient client,
      CacheStore cache,
      KubernetesSettings settings,
      SecretDelivery delivery) {
    this(client, cache, settings, delivery, SessionGitCredentials.Issuer.NONE, null);
  }

  /**
   * @param gitIssuer issues the owner's git credentials of connected services for the session's
   *     repositories (decision 0040)
   * @param gitApiBase the data API's URL as sessions reach it (the credential helper's token
   *     endpoint), or null for no git credentials in sessions
   */
  public KubernetesRuntime(
      KubernetesClient client,
      CacheStore cache,
      KubernetesSettings settings,
      SecretDelivery delivery,
      SessionGitCredentials.Issuer gitIssuer,
      String gitApiBase) {
    this.client = client;
    this.cache = cache;
    this.settings = settings;
    this.delivery = delivery;
    this.gitIssuer =
        gitIssuer == null || gitApiBase == null ? SessionGitCredentials.Issuer.NONE : gitIssuer;
    this.gitApiBase = gitApiBase;
  }

  @Override
  public void start(SessionSpec spec) {
    try {
      var resource =
          client
              .resources(AmaltheaSession.class)
              .inNamespace(settings.namespace())
              .withName(spec.name());
      AmaltheaSession existing = resource.get();
      if (existing != null) {
        // resume: fresh git tokens (the pod's emptyDir with the rotated one is gone), then the
        // operator scales it back and restores the ingress
        List<SessionGitCredentials.Grant> grants = gitGrants(spec);
        if (!grants.isEmpty()) {
          writeGitSecret(
              spec.name(), grants, cloneConfigs(spec, grants), existing.getMetadata().getUid());
        }
        resource.patch(
            PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(resume(spec, existing)));
        log.info("AmaltheaSession {} resumed", spec.name());
        return;
      }
      List<SessionGitCredentials.Grant> grants = gitGrants(spec);
      Map<String, String> cloneConfigs = cloneConfigs(spec, grants);
      AmaltheaSessionManifest.Written written = manifests(spec, grants, cloneConfigs.keySet());
      writeAuthSecret(spec.name(), written.authSecretData());
      if (!grants.isEmpty()) {
        writeGitSecret(spec.name(), grants, cloneConfigs, null);
      }
      written.dataSourceSecrets().forEach(this::writeAuthSecret); // adopted like the auth one
      GenericKubernetesResource created;
      try {
        created =
            client
                .genericKubernetesResources(AMALTHEA_SESSIONS)
                .inNamespace(settings.namespace())
                .resource(JSON.convertValue(written.session(), GenericKubernetesResource.class))
                .create();
      } catch (KubernetesClientException e) {
        // nothing half-made stays behind (the original deletes its secrets too)
        client.secrets().inNamespace(settings.namespace()).withName(spec.name()).delete();
        written
            .dataSourceSecrets()
            .keySet()
            .forEach(n -> client.secrets().inNamespace(settings.namespace()).withName(n).delete());
        removeGitCredentials(spec.name());
        throw e;
      }
      log.info("AmaltheaSession {} created in {}", spec.name(), settings.namespace());
      if (!grants.isEmpty()) {
        // owned by the session, so that the cluster deletes it with the session
        writeGitSecret(spec.name(), grants, cloneConfigs, created.getMetadata().getUid());
      }
      deliverSecrets(spec, created);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (KubernetesClientException e) {
      throw RenkuException.unavailable("The cluster cannot be reached to start the session.", e);
    }
  }

  /**
   * Has the secrets service write the session's secret files and each connector's credentials as
   * Secrets owned by the AmaltheaSession (so they go with it), as the original's {@code
   * request_session_secret_creation} and {@code request_dc_secret_creation}. A failure leaves the
   * session running without them (its secret volume is optional; the connector's mount fails in the
   * pod, which the operator reports), as a failed mount does in local mode.
   */
  private void deliverSecrets(SessionSpec spec, GenericKubernetesResource created) {
    SessionMounts mounts = spec.mounts();
    boolean anonymous = AmaltheaSessionManifest.contextOf(spec).anonymous();
    if (mounts.isEmpty() || anonymous) {
      return;
    }
    if (delivery == null) {
      log.warn("Session {} asks for secrets, but no secrets service is configured", spec.name());
      return;
    }
    var owner =
        new SecretDelivery.OwnerReference(
            created.getApiVersion(),
            created.getKind(),
            created.getMetadata().getName(),
            created.getMetadata().getUid());
    Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
    if (!mounts.secretFiles().isEmpty()) {
      wanted.put(AmaltheaSessionManifest.sessionSecretsName(spec.name()), mounts.secretFiles());
    }
    for (DataSourceMount m : mounts.dataSources()) {
      if (!m.secretOptions().isEmpty() && RcloneMounts.refusal(m).isEmpty()) {
        wanted.put(
            AmaltheaSessionManifest.dataSourceCredentialsName(spec.name(), m.name()),
            m.secretOptions());
      }
    }
    wanted.forEach(
        (secretName, keys) -> {
          try {
            delivery.createKubernetesSecret(
                spec.ownerId(), secretName, settings.namespace(), keys, owner);
          } catch (SecretDelivery.SecretDeliveryException e) {
            log.warn(
                "Secret {} of session {} not delivered: {}",
                secretName,
                spec.name(),
                e.getMessage());
          }
        });
  }

  /** The resource and Secret for a new session. */
  AmaltheaSessionManifest.Written manifests(SessionSpec spec) {
    return manifests(spec, List.of());
  }

  /**
   * The owner's git credentials for the session's repositories (decision 0040); none for an
   * anonymous session, or when they cannot be issued (the session starts without them).
   */
  private List<SessionGitCredentials.Grant> gitGrants(SessionSpec spec) {
    if (spec.repositories().isEmpty()
        || spec.ownerId() == null
        || (spec.context() != null && AmaltheaSessionManifest.contextOf(spec).anonymous())) {
      return List.of();
    }
    try {
      return gitIssuer.issue(spec.ownerId(), spec.name(), spec.repositories());
    } catch (RuntimeException e) {
      log.warn("Session {}: no git credentials: {}", spec.name(), e.getMessage());
      return List.of();
    }
  }

  /**
   * The cloner's configurations of the operator's first clone, by connection id: the owner's
   * current access token for the grants' hosts (not refreshed later: the clone runs at the pod's
   * start); a grant without one clones anonymously.
   */
  private Map<String, String> cloneConfigs(
      SessionSpec spec, List<SessionGitCredentials.Grant> grants) {
    Map<String, String> configs = new LinkedHashMap<>();
    for (SessionGitCredentials.Grant g : grants) {
      spec.repositories().stream()
          .filter(url -> SessionGitCredentials.covers(g, url))
          .findFirst()
          .flatMap(
              url -> {
                try {
                  return gitIssuer.cloneAuthorization(spec.ownerId(), url);
                } catch (RuntimeException e) {
                  log.info("Session {}: no clone credentials: {}", spec.name(), e.getMessage());
                  return Optional.empty();
                }
              })
          .flatMap(SessionGitCredentials::cloneConfig)
          .ifPresent(c -> configs.put(g.connectionId(), c));
    }
    return configs;
  }

  /** The Secret with the helper and the session's refresh tokens, owned by the session if known. */
  private void writeGitSecret(
      String name,
      List<SessionGitCredentials.Grant> grants,
      Map<String, String> cloneConfigs,
      String sessionUid) {
    Map<String, String> data =
        new LinkedHashMap<>(SessionGitCredentials.secretData(grants, gitApiBase));
    for (SessionGitCredentials.Grant g : grants) {
      String config = cloneConfigs.get(g.connectionId());
      if (config != null) {
        data.put(SessionGitCredentials.cloneConfigKey(g), config);
      }
    }
    var meta =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(AmaltheaSessionManifest.gitSecretName(name))
            .withLabels(Map.of(MANAGED_BY, MANAGER));
    if (sessionUid != null) {
      meta.withOwnerReferences(
          new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
              .withApiVersion("amalthea.dev/v1alpha1")
              .withKind("AmaltheaSession")
              .withName(name)
              .withUid(sessionUid)
              .build());
    }
    client
        .secrets()
        .inNamespace(settings.namespace())
        .resource(new SecretBuilder().withMetadata(meta.build()).withStringData(data).build())
        .createOr(NonDeletingOperation::update);
  }

  /** Revokes the session's git tokens and deletes their Secret (it stopped). */
  private void removeGitCredentials(String name) {
    try {
      gitIssuer.revoke(name);
    } catch (RuntimeException e) {
      log.warn("Cannot revoke the git tokens of session {}: {}", name, e.getMessage());
    }
    client
        .secrets()
        .inNamespace(settings.namespace())
        .withName(AmaltheaSessionManifest.gitSecretName(name))
        .delete();
  }

  AmaltheaSessionManifest.Written manifests(
      SessionSpec spec, List<SessionGitCredentials.Grant> grants) {
    return manifests(spec, grants, java.util.Set.of());
  }

  AmaltheaSessionManifest.Written manifests(
      SessionSpec spec, List<SessionGitCredentials.Grant> grants, java.util.Set<String> cloned) {
    LaunchContext context = AmaltheaSessionManifest.contextOf(spec);
    if (!context.anonymous() && !settings.oidc().configured()) {
      throw RenkuException.unavailable(
          "Sessions of logged-in users cannot be given a login on this cluster: the platform's"
              + " renku.sessions.kubernetes.oidc.issuer-url and client-secret are not set.",
          null);
    }
    byte[] cookieSecret = new byte[32];
    RANDOM.nextBytes(cookieSecret);
    return AmaltheaSessionManifest.of(
        spec, settings, Base64.getUrlEncoder().encodeToString(cookieSecret), grants, cloned);
  }

  /**
   * The merge patch of a resume: running again, the interaction counted from now, and the class and
   * limits the session has now (a class change restarts it through here), as the original's {@code
   * patch_session}.
   */
  Map<String, Object> resume(SessionSpec spec, AmaltheaSession existing) {
    Map<String, Object> culling =
        new LinkedHashMap<>(AmaltheaSessionManifest.culling(spec, settings));
    culling.put("lastInteraction", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> resources =
        AmaltheaSessionManifest.resources(spec, settings.cpuLimitFactor());
    for (String part : List.of("requests", "limits")) {
      // a merge patch keeps keys it does not name: null removes what the new class lacks
      @SuppressWarnings("unchecked")
      Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) resources.get(part));
      for (String key : present(existing, part)) {
        m.putIfAbsent(key, null);
      }
      resources.put(part, m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hibernated", false);
    body.put("culling", culling);
    body.put("session", AmaltheaSessionManifest.map("resources", resources));
    if (spec.context() != null) {
      Placement p = spec.context().placement();
      if (p.priorityClassName() != null || existing.getSpec().priorityClassName() != null) {
        body.put("priorityClassName", p.priorityClassName());
      }
      body.put(
          "tolerations",
          p.tolerations().stream()
              .map(k -> (Object) AmaltheaSessionManifest.map("key", k, "operator", "Exists"))
              .toList());
      body.put("affinity", AmaltheaSessionManifest.affinity(p));
    }
    return AmaltheaSessionManifest.map("spec", body);
  }

  /** The resource names the session's {@code requests} or {@code limits} have now. */
  private static Set<String> present(AmaltheaSession existing, String part) {
    var session = existing.getSpec() == null ? null : existing.getSpec().session();
    var resources = session == null ? null : session.resources();
    if (resources == null) {
      return Set.of();
    }
    var values = "requests".equals(part) ? resources.getRequests() : resources.getLimits();
    return values == null ? Set.of() : values.keySet();
  }

  private void writeAuthSecret(String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(settings.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(MANAGED_BY, MANAGER))
                .endMetadata()
                .withStringData(data)
                .build())
        .createOr(NonDeletingOperation::update);
  }

  @Override
  public void hibernate(String name) {
    try {
      var resource =
          client.resources(AmaltheaSession.class).inNamespace(settings.namespace()).withName(name);
      if (resource.get() != null) {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hibernated\":true}}");
        log.info("AmaltheaSession {} hibernated", name);
      }
      try {
        gitIssuer.revoke(name); // a resume issues new ones
      } catch (RuntimeException e) {
        log.warn("Cannot revoke the git tokens of session {}: {}", name, e.getMessage());
      }
    } catch (KubernetesClientException e) {
      throw RenkuException.unavailable("The cluster cannot be reached to pause the session.", e);
    }
  }

  @Override
  public void delete(String name) {
    try {
      client
          .resources(AmaltheaSession.class)
          .inNamespace(settings.namespace())
          .withName(name)
          .delete();
      // adopted, so the operator deletes it too; this covers a cluster without it
      client.secrets().inNamespace(settings.namespace()).withName(name).delete();
      removeGitCredentials(name);
      log.info("AmaltheaSession {} deleted", name);
    } catch (KubernetesClientException e) {
      throw RenkuException.unavailable("The cluster cannot be reached to delete the session.", e);
    }
  }

  @Override
  public RuntimeStatus status(String name) {
    Optional<CachedObject> cached =
        cache.get(ResourceKind.AMALTHEA_SESSION, settings.namespace(), name);
    if (cached.isEmpty()) {
      return RuntimeStatus.ABSENT;
    }
    return statusOf(cached.get().manifest());
  }

  /** The state the cached manifest shows. */
  static RuntimeStatus statusOf(String manifest) {
    JsonNode root;
    try {
      root = JSON.readTree(manifest);
    } catch (java.io.IOException e) {
      return new RuntimeStatus(
          RuntimeState.STARTING, "The session's state cannot be read.", 0, 0, null);
    }
    JsonNode status = root.path("status");
    int ready = status.path("containerCounts").path("ready").asInt(0);
    int total = status.path("containerCounts").path("total").asInt(0);
    String error = status.path("error").isTextual() ? status.path("error").asText() : null;
    boolean hibernated = root.path("spec").path("hibernated").asBoolean(false);
    String state = status.path("state").asText("");
    RuntimeState mapped =
        switch (state) {
          case "Running", "RunningDegraded" ->
              hibernated ? RuntimeState.STOPPING : RuntimeState.RUNNING;
          case "Failed" -> RuntimeState.FAILED;
          case "Hibernated", "Succeeded" ->
              hibernated ? RuntimeState.HIBERNATED : RuntimeState.STARTING; // resuming
          default -> hibernated ? RuntimeState.STOPPING : RuntimeState.STARTING;
        };
    String message =
        switch (mapped) {
          case FAILED -> error == null ? "The session failed." : error;
          case STARTING -> error;
          default -> state.equals("RunningDegraded") ? error : null;
        };
    return new RuntimeStatus(mapped, message, ready, total, null);
  }

  @Override
  public String logs(String name, int maxLines) {
    try {
      String text =
          client
              .pods()
              .inNamespace(settings.namespace())
              .withName(name + "-0")
              .inContainer("amalthea-session")
              .tailingLines(maxLines)
              .getLog();
      return text == null ? "" : text;
    } catch (KubernetesClientException e) {
      return "";
    }
  }

  @Override
  public Optional<Upstream> upstream(String name) {
    return Optional.empty(); // reached through its own Ingress
  }

  @Override
  public Set<String> names() {
    return client
        .resources(AmaltheaSession.class)
        .inNamespace(settings.namespace())
        .withLabel(MANAGED_BY, MANAGER)
        .list()
        .getItems()
        .stream()
        .map(a -> a.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  @Override
  public boolean cullsItself() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
