package io.renku.data.session.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.renku.core.RenkuException;
import io.renku.k8s.watcher.CacheStore;
import io.renku.k8s.watcher.CachedObject;
import io.renku.k8s.watcher.ResourceKind;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.Culling;
import io.renku.session.crd.Ingress;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.Storage;
import java.time.Instant;
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
 * <p>The operator culls: idle and hibernation limits travel in {@code spec.culling}. The session is
 * reached through its own Ingress ({@code ingress.host} + {@code /sessions/<name>}), with token
 * authentication from a Secret the runtime writes next to it.
 */
public final class KubernetesRuntime implements SessionRuntime {
  private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGER = "renku-data-service";

  private final KubernetesClient client;
  private final CacheStore cache;
  private final Settings settings;

  /**
   * Where and how sessions are created.
   *
   * @param namespace the namespace of the sessions
   * @param ingressHost the public host of the session ingresses
   * @param ingressClassName the ingress class, or null for the cluster's default
   * @param tlsSecret the TLS secret of the ingresses, or null
   * @param storageClass the storage class of the session volumes, or null for the default
   * @param cpuLimitFactor CPU limit = request × this; 0 for no limit
   */
  public record Settings(
      String namespace,
      String ingressHost,
      String ingressClassName,
      String tlsSecret,
      String storageClass,
      double cpuLimitFactor) {}

  public KubernetesRuntime(KubernetesClient client, CacheStore cache, Settings settings) {
    this.client = client;
    this.cache = cache;
    this.settings = settings;
  }

  @Override
  public void start(SessionSpec spec) {
    try {
      var resource =
          client
              .resources(AmaltheaSession.class)
              .inNamespace(settings.namespace())
              .withName(spec.name());
      if (resource.get() != null) {
        // resume: the operator scales it back and restores the ingress
        resource.patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"hibernated\":false,\"culling\":{\"lastInteraction\":\""
                + Instant.now()
                + "\"}}}");
        log.info("AmaltheaSession {} resumed", spec.name());
        return;
      }
      writeTokenSecret(spec);
      client
          .resources(AmaltheaSession.class)
          .inNamespace(settings.namespace())
          .resource(resource(spec))
          .create();
      log.info("AmaltheaSession {} created in {}", spec.name(), settings.namespace());
    } catch (KubernetesClientException e) {
      throw RenkuException.unavailable("The cluster cannot be reached to start the session.", e);
    }
  }

  /** The resource for a new session: the fields the original sets, from the spec. */
  AmaltheaSession resource(SessionSpec spec) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(String.valueOf(spec.cpu())));
    requests.put("memory", new Quantity(spec.memoryGb() + "G"));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("memory", new Quantity(spec.memoryGb() + "G"));
    if (settings.cpuLimitFactor() > 0) {
      limits.put("cpu", new Quantity(String.valueOf(spec.cpu() * settings.cpuLimitFactor())));
    }
    if (spec.gpu() > 0) {
      requests.put("nvidia.com/gpu", new Quantity(String.valueOf(spec.gpu())));
      limits.put("nvidia.com/gpu", new Quantity(String.valueOf(spec.gpu())));
    }
    ResourceRequirements resources =
        new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    List<EnvVar> env =
        // reserved names dropped, the platform's variables added after (last one wins)
        ReservedVariables.withoutReserved(spec.env()).entrySet().stream()
            .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
            .collect(Collectors.toList());
    env.add(new EnvVar("RENKU_BASE_URL_PATH", spec.basePath(), null));
    env.add(new EnvVar("RENKU_SESSION", "1", null));
    Session session =
        Session.builder()
            .image(spec.image())
            .command(spec.command().isEmpty() ? null : spec.command())
            .args(spec.args().isEmpty() ? null : spec.args())
            .env(env)
            .resources(resources)
            .port(spec.port())
            .workingDir(spec.workingDirectory())
            // the environment's user and volume path, as the container runtime applies them
            .runAsUser((long) spec.uid())
            .runAsGroup((long) spec.gid())
            .urlPath(spec.basePath())
            .storage(
                new Storage(
                    settings.storageClass(),
                    new Quantity(spec.diskGb() + "G"),
                    spec.mountDirectoryOrDefault()))
            .build();
    Culling culling = Culling.NONE;
    if (spec.idleSeconds() != null && spec.idleSeconds() > 0) {
      culling = culling.withMaxIdleDuration(spec.idleSeconds() + "s");
    }
    if (spec.hibernatedSeconds() != null && spec.hibernatedSeconds() > 0) {
      culling = culling.withMaxHibernatedDuration(spec.hibernatedSeconds() + "s");
    }
    AmaltheaSessionSpec body =
        AmaltheaSessionSpec.builder(session)
            .culling(culling)
            .hibernated(false)
            .ingress(
                new Ingress(
                    null,
                    settings.ingressClassName(),
                    settings.ingressHost(),
                    settings.tlsSecret() == null
                        ? null
                        : SessionSecretRef.of(settings.tlsSecret(), null),
                    spec.basePath(),
                    null,
                    null))
            .authentication(
                Authentication.of(
                    AuthenticationType.TOKEN,
                    new SessionSecretRef(tokenSecret(spec.name()), "token", true)))
            .build();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put("renku.io/safe-username", safeLabel(spec.ownerId()));
    Map<String, String> annotations = new LinkedHashMap<>(spec.annotations());
    annotations.put("renku.io/user_id", spec.ownerId());
    AmaltheaSession cr = new AmaltheaSession();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(spec.name())
            .withNamespace(settings.namespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    cr.setSpec(body);
    return cr;
  }

  private void writeTokenSecret(SessionSpec spec) {
    client
        .secrets()
        .inNamespace(settings.namespace())
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(tokenSecret(spec.name()))
                .withLabels(Map.of(MANAGED_BY, MANAGER))
                .endMetadata()
                .withStringData(Map.of("token", spec.token()))
                .build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  static String tokenSecret(String name) {
    return name + "-token";
  }

  /** A value Kubernetes accepts as a label: alphanumerics, '-', '_', '.', at most 63. */
  static String safeLabel(String id) {
    String s = id.replaceAll("[^A-Za-z0-9_.-]", "-");
    s = s.length() > 63 ? s.substring(0, 63) : s;
    return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
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
      client.secrets().inNamespace(settings.namespace()).withName(tokenSecret(name)).delete();
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
