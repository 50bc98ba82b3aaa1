package io.renku.data.builders.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.ImageBuilder;
import io.renku.data.build.ImageBuilderUnavailableException;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.CacheStoreException;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds session images in a cluster with Shipwright, as the original does: one {@code BuildRun}
 * ({@code shipwright.io/v1beta1}, {@link BuildRunManifest}) per build, run by the {@code
 * renku-buildpacks-v3} strategy, which pushes to the configured registry (Harbor in the original).
 *
 * <p>Writes go to the API server; how a build stands is read from the watcher's cache table ({@code
 * k8s_cache.objects}, {@link BuildRunStatus}), as the session runtime reads AmaltheaSessions, so
 * that reading builds never waits on the API server. What this builder writes it also puts into the
 * cache at once, so that the next read sees it. Logs follow the original: the BuildRun's {@code
 * status.taskRunName}, that Tekton {@code TaskRun}'s {@code status.podName}, then each container of
 * that pod. Cancelling sets {@code spec.state: BuildRunCanceled}, which makes Shipwright stop the
 * TaskRun and keep the object until its retention runs out.
 */
public final class ShipwrightImageBuilder implements ImageBuilder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShipwrightImageBuilder.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext BUILD_RUNS = context(ResourceKind.BUILD_RUN);
  private static final ResourceDefinitionContext TASK_RUNS = context(ResourceKind.TASK_RUN);
  private static final String CANCEL_PATCH =
      "{\"spec\":{\"state\":\"" + BuildRunManifest.CANCELED_STATE + "\"}}";

  private final KubernetesClient client;
  private final CacheStore cache;
  private final ShipwrightSettings settings;
  private final KubernetesSerialization serialization;
  private final io.renku.data.session.runtime.container.RepositoryCloner.Credentials credentials;

  public ShipwrightImageBuilder(
      KubernetesClient client, CacheStore cache, ShipwrightSettings settings) {
    this(
        client,
        cache,
        settings,
        io.renku.data.session.runtime.container.RepositoryCloner.Credentials.NONE);
  }

  /**
   * @param credentials the build's owner's HTTP basic credentials for a private repository (their
   *     connected service's token, decision 0040), put in a Secret of the run
   */
  public ShipwrightImageBuilder(
      KubernetesClient client,
      CacheStore cache,
      ShipwrightSettings settings,
      io.renku.data.session.runtime.container.RepositoryCloner.Credentials credentials) {
    this.credentials =
        credentials == null
            ? io.renku.data.session.runtime.container.RepositoryCloner.Credentials.NONE
            : credentials;
    if (settings.namespace().isBlank()) {
      throw new IllegalArgumentException("the namespace of the BuildRuns is not set");
    }
    this.client = client;
    this.cache = cache;
    this.settings = settings;
    this.serialization = client.getKubernetesSerialization();
  }

  @Override
  public Set<String> builderVariants() {
    return BuildVariants.BUILDERS;
  }

  @Override
  public Set<String> frontendVariants() {
    return BuildVariants.FRONTENDS;
  }

  @Override
  public void start(BuildRequest request) {
    String platform = BuildVariants.check(request);
    String name = BuildRunManifest.name(request.buildId());
    String cloneSecret = createCloneSecret(request);
    GenericKubernetesResource manifest =
        serialization.convertValue(
            BuildRunManifest.of(request, settings, platform, cloneSecret),
            GenericKubernetesResource.class);
    GenericKubernetesResource created;
    try {
      created = buildRuns().resource(manifest).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && cloneSecret != null) {
        deleteCloneSecret(request.buildId()); // nothing half-written: the run does not exist
      }
      if (e.getCode() == 409) {
        log.info("BuildRun {} exists already; start is done", name);
        return; // started before (a retried request): the object is Shipwright's now
      }
      if (e.getCode() == 400 || e.getCode() == 422) {
        // the API server's validation (the CRD's schema): the request, not the cluster, is wrong
        throw new IllegalArgumentException("The cluster refused the build: " + apiMessage(e), e);
      }
      throw unavailable("start the build", e);
    }
    log.info("BuildRun {} created in {}", name, settings.namespace());
    if (cloneSecret != null) {
      ownSecret(cloneSecret, created);
    }
    remember(created);
  }

  /**
   * A basic-auth Secret with the owner's access token when the repository is a connected provider's
   * (decision 0040); its name, or null for a public clone. The token is never logged.
   */
  private String createCloneSecret(BuildRequest request) {
    String owner = request.labels().get("user_id");
    java.util.Optional<String> authorization;
    try {
      authorization =
          owner == null
              ? java.util.Optional.empty()
              : credentials.authorization(owner, request.repository());
    } catch (RuntimeException e) {
      log.info("Build {}: no git credentials of its owner: {}", request.buildId(), e.getMessage());
      return null; // an expired connection: clone as anyone would
    }
    if (authorization.isEmpty() || !authorization.get().startsWith("Basic ")) {
      return null;
    }
    String pair =
        new String(
            java.util.Base64.getDecoder().decode(authorization.get().substring(6)),
            java.nio.charset.StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return null;
    }
    var secret =
        serialization.convertValue(
            BuildRunManifest.cloneSecret(
                request, settings, pair.substring(0, colon), pair.substring(colon + 1)),
            io.fabric8.kubernetes.api.model.Secret.class);
    try {
      client
          .secrets()
          .inNamespace(settings.namespace())
          .resource(secret)
          .createOr(op -> op.update());
    } catch (KubernetesClientException e) {
      throw unavailable("store the build's git credentials", e);
    }
    return secret.getMetadata().getName();
  }

  /** The run owns its clone Secret: Kubernetes deletes it with the run (its retention). */
  private void ownSecret(String secretName, GenericKubernetesResource run) {
    var ref =
        new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
            .withApiVersion(BuildRunManifest.API_VERSION)
            .withKind(BuildRunManifest.KIND)
            .withName(run.getMetadata().getName())
            .withUid(run.getMetadata().getUid())
            .build();
    try {
      client
          .secrets()
          .inNamespace(settings.namespace())
          .withName(secretName)
          .edit(
              s -> {
                s.getMetadata().setOwnerReferences(List.of(ref));
                return s;
              });
    } catch (KubernetesClientException e) {
      log.warn(
          "Cannot make BuildRun {} own its git Secret: {}",
          run.getMetadata().getName(),
          e.getCode());
    }
  }

  private void deleteCloneSecret(String buildId) {
    try {
      client
          .secrets()
          .inNamespace(settings.namespace())
          .withName(BuildRunManifest.cloneSecretName(buildId))
          .delete();
    } catch (KubernetesClientException e) {
      log.warn("Cannot delete the git Secret of build {}: {}", buildId, e.getCode());
    }
  }

  @Override
  public Optional<BuildState> state(String buildId) {
    return cached(ResourceKind.BUILD_RUN, BuildRunManifest.name(buildId))
        .map(this::tree)
        .map(BuildRunStatus::of);
  }

  @Override
  public Map<String, String> logs(String buildId, int maxLines) {
    Optional<JsonNode> buildRun =
        cached(ResourceKind.BUILD_RUN, BuildRunManifest.name(buildId)).map(this::tree);
    String taskRun = buildRun.map(b -> text(b.path("status"), "taskRunName")).orElse(null);
    if (taskRun == null) {
      return Map.of(); // not scheduled yet, or gone
    }
    try {
      String pod = podOf(taskRun);
      return pod == null ? Map.of() : podLogs(pod, maxLines);
    } catch (KubernetesClientException e) {
      throw unavailable("read the build's logs", e);
    }
  }

  @Override
  public void cancel(String buildId) {
    String name = BuildRunManifest.name(buildId);
    try {
      Resource<GenericKubernetesResource> resource = buildRuns().withName(name);
      GenericKubernetesResource current = resource.get();
      if (current == null) {
        return; // nothing to cancel
      }
      JsonNode tree = serialization.convertValue(current, JsonNode.class);
      if (text(tree.path("status"), "completionTime") != null
          || BuildRunManifest.CANCELED_STATE.equals(text(tree.path("spec"), "state"))) {
        remember(current); // finished (or asked before): it stays as it is
        return;
      }
      GenericKubernetesResource patched =
          resource.patch(PatchContext.of(PatchType.JSON_MERGE), CANCEL_PATCH);
      log.info("BuildRun {} cancelled", name);
      deleteCloneSecret(buildId); // the token is not needed any more
      remember(patched);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return; // deleted between the read and the patch (its retention ran out)
      }
      throw unavailable("cancel the build", e);
    }
  }

  /** The settings it writes BuildRuns with. */
  ShipwrightSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    client.close();
  }

  /** The pod of the TaskRun: from the cache when the watcher mirrors TaskRuns, else the API. */
  private String podOf(String taskRun) {
    Optional<JsonNode> cachedTaskRun = cached(ResourceKind.TASK_RUN, taskRun).map(this::tree);
    JsonNode tree =
        cachedTaskRun.orElseGet(
            () -> {
              GenericKubernetesResource live =
                  client
                      .genericKubernetesResources(TASK_RUNS)
                      .inNamespace(settings.namespace())
                      .withName(taskRun)
                      .get();
              return live == null ? null : serialization.convertValue(live, JsonNode.class);
            });
    return tree == null ? null : text(tree.path("status"), "podName");
  }

  /**
   * The tail of each container's log, init containers first (Tekton's {@code prepare} and {@code
   * place-scripts}), then the steps in order ({@code step-source-default}, {@code
   * step-build-and-push}). A container that has not started has no log yet and is left out.
   */
  private Map<String, String> podLogs(String podName, int maxLines) {
    Pod pod = client.pods().inNamespace(settings.namespace()).withName(podName).get();
    if (pod == null || pod.getSpec() == null) {
      return Map.of();
    }
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      containers.addAll(pod.getSpec().getInitContainers());
    }
    if (pod.getSpec().getContainers() != null) {
      containers.addAll(pod.getSpec().getContainers());
    }
    Map<String, String> logs = new LinkedHashMap<>();
    for (Container c : containers) {
      try {
        String text =
            client
                .pods()
                .inNamespace(settings.namespace())
                .withName(podName)
                .inContainer(c.getName())
                .tailingLines(Math.max(0, maxLines))
                .getLog();
        logs.put(c.getName(), text == null ? "" : stripTrailingNewline(text));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 400) {
          continue; // waiting to start: no log yet (the original skips it too)
        }
        if (e.getCode() == 404) {
          break; // the pod went away meanwhile
        }
        throw e;
      }
    }
    return logs;
  }

  private Optional<CachedObject> cached(ResourceKind kind, String name) {
    try {
      return cache.get(kind, settings.namespace(), name);
    } catch (CacheStoreException e) {
      throw new ImageBuilderUnavailableException(
          "The state of the builds cannot be read (the k8s cache is unavailable).", e);
    }
  }

  /** Puts what the API server answered into the cache, so that the next read sees it. */
  private void remember(GenericKubernetesResource object) {
    if (object == null || object.getMetadata() == null) {
      return;
    }
    try {
      cache.upsert(
          CacheRows.of(settings.clusterId(), ResourceKind.BUILD_RUN, object, serialization));
    } catch (RuntimeException e) {
      // the build is started all the same: the watcher writes the same row from its event
      // (a cache that cannot be written, or an answer without a resource version)
      log.warn("BuildRun {} not written to the k8s cache: {}", object.getMetadata().getName(), e);
    }
  }

  private JsonNode tree(CachedObject object) {
    try {
      return JSON.readTree(object.manifest());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "unreadable cached " + object.kind() + " " + object.name(), e);
    }
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      buildRuns() {
    return client.genericKubernetesResources(BUILD_RUNS).inNamespace(settings.namespace());
  }

  private static ResourceDefinitionContext context(ResourceKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(kind.version())
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(true)
        .build();
  }

  private static ImageBuilderUnavailableException unavailable(String what, Exception e) {
    return new ImageBuilderUnavailableException(
        "The cluster cannot be reached to " + what + ".", e);
  }

  private static String apiMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  private static String stripTrailingNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
