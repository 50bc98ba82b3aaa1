package io.renku.data.builders.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.ImageBuilderUnavailableException;
import io.renku.data.support.TestBackends;
import io.renku.k8s.cache.CacheSchema;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.watcher.Watcher;
import io.renku.k8s.watcher.WatcherConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link ShipwrightImageBuilder} against fabric8's mock API server in CRUD mode, with the real
 * watcher mirroring BuildRuns and TaskRuns into the real Postgres cache table the builder reads, as
 * in a cluster with builds on. As with the session runtime's contract test, nothing runs on a mock:
 * this test plays Shipwright (it writes a BuildRun's {@code status} as Shipwright does, copied from
 * the files under {@code build/kubernetes/buildruns/}), Tekton (a TaskRun naming its pod, a pod
 * with Tekton's init containers and step containers) and the kubelet (each container's log, cut to
 * {@code tailLines}; a container that has not started answers 400, as the API server does).
 */
class ShipwrightImageBuilderTest {
  private static final String NAMESPACE = "builds-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext BUILD_RUNS = context(ResourceKind.BUILD_RUN);
  private static final ResourceDefinitionContext TASK_RUNS = context(ResourceKind.TASK_RUN);

  /** Container logs by pod, then container, as the kubelet would serve them. */
  private static final Map<String, Map<String, List<String>>> LOGS = new ConcurrentHashMap<>();

  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();
  private static final DataSource CACHE_DB = cacheDatabase();
  private static final Watcher WATCHER = startWatcher();

  private final ShipwrightSettings settings = ShipwrightSettings.defaults(NAMESPACE);
  private final ShipwrightImageBuilder builder =
      new ShipwrightImageBuilder(SERVER.createClient(), new CacheStore(CACHE_DB), settings);

  private static KubernetesMockServer startServer() {
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new Kubelet(new KubernetesCrudDispatcher(List.of())),
            false);
    server.init();
    return server;
  }

  private static DataSource cacheDatabase() {
    var postgres = TestBackends.get().postgres();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        var rs =
            c.createStatement()
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'shipwright_k8s'")) {
      if (!rs.next()) {
        c.createStatement().execute("CREATE DATABASE shipwright_k8s");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    DataSource ds = postgres.getDatabase("postgres", "shipwright_k8s");
    CacheSchema.migrate(ds);
    return ds;
  }

  private static Watcher startWatcher() {
    Watcher w =
        new Watcher(
            SERVER.createClient(),
            new CacheStore(CACHE_DB),
            new WatcherConfig(
                ShipwrightSettings.DEFAULT_CLUSTER_ID,
                List.of(ResourceKind.BUILD_RUN, ResourceKind.TASK_RUN),
                List.of(NAMESPACE),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                100,
                null));
    w.start();
    return w;
  }

  @AfterAll
  static void stopCluster() {
    WATCHER.close();
    K8S.close();
    SERVER.destroy();
  }

  // ---- start ----------------------------------------------------------------------------------

  @Test
  void startCreatesTheBuildRunOfTheManifest() throws IOException {
    BuildRequest request = request(newId(), "jupyterlab");
    builder.start(request);

    GenericKubernetesResource stored = buildRun(request.buildId());
    assertThat(stored).as("the BuildRun in the cluster").isNotNull();
    JsonNode actual = JSON.valueToTree(stored);
    JsonNode expected =
        JSON.valueToTree(BuildRunManifest.of(request, settings, BuildVariants.DEFAULT_PLATFORM));
    assertThat(actual.get("spec")).isEqualTo(expected.get("spec"));
    assertThat(actual.at("/metadata/name").asText())
        .isEqualTo("renku-" + request.buildId().toLowerCase());
    assertThat(actual.at("/metadata/labels")).isEqualTo(expected.at("/metadata/labels"));
    assertThat(actual.at("/metadata/annotations")).isEqualTo(expected.at("/metadata/annotations"));
    assertThat(actual.at("/spec/build/spec/output/image").asText())
        .isEqualTo(
            "harbor.dev.renku.ch/renku-builds/renku-build:renku-"
                + request.buildId().toLowerCase());

    // the cache row is written with the create: no wait for the watcher's event
    assertThat(builder.state(request.buildId())).contains(BuildState.inProgress());

    // a second start of the same build (a retried request) is no error and no second object
    builder.start(request);
    assertThat(K8S.genericKubernetesResources(BUILD_RUNS).inNamespace(NAMESPACE).list().getItems())
        .filteredOn(b -> b.getMetadata().getName().equals(stored.getMetadata().getName()))
        .hasSize(1);
  }

  @Test
  void aPrivateRepositoryIsClonedWithABasicAuthSecretOwnedByTheRun() throws IOException {
    String token = "access-" + System.nanoTime();
    var credentialed =
        new ShipwrightImageBuilder(
            SERVER.createClient(),
            new CacheStore(CACHE_DB),
            settings,
            (owner, url) ->
                owner.equals("alice") && url.equals(REPOSITORY)
                    ? java.util.Optional.of(
                        "Basic "
                            + java.util.Base64.getEncoder()
                                .encodeToString(
                                    ("oauth2:" + token)
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    : java.util.Optional.empty());
    BuildRequest request = request(newId(), "jupyterlab");
    credentialed.start(request);

    String secretName = "renku-" + request.buildId().toLowerCase() + "-git";
    JsonNode run = JSON.valueToTree(buildRun(request.buildId()));
    assertThat(run.at("/spec/build/spec/source/git/cloneSecret").asText()).isEqualTo(secretName);
    assertThat(run.toString()).doesNotContain(token);
    var secret = K8S.secrets().inNamespace(NAMESPACE).withName(secretName).get();
    assertThat(secret).as("the clone Secret").isNotNull();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
    java.util.Map<String, String> data = new java.util.HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(
                      k,
                      new String(
                          java.util.Base64.getDecoder().decode(v),
                          java.nio.charset.StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    assertThat(data).containsEntry("username", "oauth2").containsEntry("password", token);
    // deleted with the run by Kubernetes' garbage collector (the run's retention)
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("BuildRun");
              assertThat(ref.getName()).isEqualTo("renku-" + request.buildId().toLowerCase());
              assertThat(ref.getUid()).isEqualTo(run.at("/metadata/uid").asText());
            });

    // cancelling removes the token at once
    credentialed.cancel(request.buildId());
    assertThat(K8S.secrets().inNamespace(NAMESPACE).withName(secretName).get()).isNull();

    // a public repository (no credentials) gets no Secret and no cloneSecret
    BuildRequest other = request(newId(), "jupyterlab");
    builder.start(other);
    assertThat(
            JSON.valueToTree(buildRun(other.buildId()))
                .at("/spec/build/spec/source/git")
                .has("cloneSecret"))
        .isFalse();
    assertThat(
            K8S.secrets()
                .inNamespace(NAMESPACE)
                .withName("renku-" + other.buildId().toLowerCase() + "-git")
                .get())
        .isNull();
  }

  @Test
  void aVariantTheSelectorCannotBuildIsRefusedBeforeAnythingIsCreated() {
    BuildRequest request = request(newId(), "emacs");
    assertThatThrownBy(() -> builder.start(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emacs");
    assertThat(buildRun(request.buildId())).isNull();
    assertThat(builder.builderVariants()).contains("python");
    assertThat(builder.frontendVariants())
        .contains("jupyterlab", "vscodium", "rstudio", "ttyd")
        .doesNotContain("emacs");
  }

  // ---- state ----------------------------------------------------------------------------------

  @Test
  void aSuccessShipwrightWritesIsReadBackWithItsImage() throws IOException {
    BuildRequest request = request(newId(), "jupyterlab");
    builder.start(request);

    writeStatus(request.buildId(), "succeeded");

    BuildState state =
        await(() -> builder.state(request.buildId()), s -> s.status() == BuildStatus.SUCCEEDED);
    assertThat(state.result().image())
        .isEqualTo(
            "harbor.dev.renku.ch/renku-builds/renku-build:renku-"
                + request.buildId().toLowerCase());
    assertThat(state.result().commitSha()).isEqualTo("f25822b85021d02059c9ac8a211ef3804ea8fdde");
    assertThat(state.result().repositoryUrl()).isEqualTo(request.repository());
    assertThat(state.result().defaultUrl()).isEqualTo("/lab");
  }

  @Test
  void aFailureShipwrightWritesIsReadBackWithItsReason() throws IOException {
    BuildRequest request = request(newId(), "vscodium");
    builder.start(request);

    writeStatus(request.buildId(), "failed-git");

    BuildState state =
        await(() -> builder.state(request.buildId()), s -> s.status() == BuildStatus.FAILED);
    assertThat(state.errorReason())
        .startsWith("GitRemoteRepositoryNotFound: The source repository does not exist");
  }

  @Test
  void anUnknownBuildHasNoStateNoLogsAndNothingToCancel() {
    String id = newId();
    assertThat(builder.state(id)).isEmpty();
    assertThat(builder.logs(id, 100)).isEmpty();
    builder.cancel(id);
    assertThat(buildRun(id)).isNull();
  }

  // ---- cancel ---------------------------------------------------------------------------------

  @Test
  void cancelAsksShipwrightToStopTheRun() {
    BuildRequest request = request(newId(), "jupyterlab");
    builder.start(request);

    builder.cancel(request.buildId());

    assertThat(buildRun(request.buildId()).getAdditionalProperties().get("spec"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("state", "BuildRunCanceled");
    assertThat(builder.state(request.buildId())).contains(BuildState.cancelled());
    builder.cancel(request.buildId()); // idempotent
    assertThat(builder.state(request.buildId())).contains(BuildState.cancelled());
  }

  @Test
  void aFinishedBuildStaysAsItWasWhenCancelled() throws IOException {
    BuildRequest request = request(newId(), "jupyterlab");
    builder.start(request);
    writeStatus(request.buildId(), "succeeded");
    await(() -> builder.state(request.buildId()), s -> s.status() == BuildStatus.SUCCEEDED);

    builder.cancel(request.buildId());

    assertThat(buildRun(request.buildId()).getAdditionalProperties().get("spec"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("state");
    assertThat(builder.state(request.buildId()).orElseThrow().status())
        .isEqualTo(BuildStatus.SUCCEEDED);
  }

  // ---- logs -----------------------------------------------------------------------------------

  @Test
  void logsComeFromEachContainerOfTheTaskRunsPod() throws IOException {
    BuildRequest request = request(newId(), "jupyterlab");
    builder.start(request);
    String name = BuildRunManifest.name(request.buildId());
    String taskRun = name + "-xk7tp";
    String pod = taskRun + "-pod";
    // Tekton: the TaskRun and its pod (init containers first, then one container per step)
    K8S.genericKubernetesResources(TASK_RUNS)
        .inNamespace(NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("tekton.dev/v1")
                .withKind("TaskRun")
                .withNewMetadata()
                .withName(taskRun)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .build())
        .create();
    K8S.genericKubernetesResources(TASK_RUNS)
        .inNamespace(NAMESPACE)
        .withName(taskRun)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"podName\":\""
                + pod
                + "\",\"conditions\":[{\"type\":\"Succeeded\","
                + "\"status\":\"Unknown\",\"reason\":\"Running\"}]}}");
    K8S.pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .addNewInitContainer()
                .withName("prepare")
                .withImage("tekton/entrypoint")
                .endInitContainer()
                .addNewInitContainer()
                .withName("place-scripts")
                .withImage("tekton/entrypoint")
                .endInitContainer()
                .addNewContainer()
                .withName("step-source-default")
                .withImage("shipwright/git")
                .endContainer()
                .addNewContainer()
                .withName("step-build-and-push")
                .withImage("selector")
                .endContainer()
                .endSpec()
                .build())
        .create();
    LOGS.put(
        pod,
        Map.of(
            "prepare", List.of("prepared"),
            "place-scripts", List.of("scripts placed"),
            "step-source-default",
                List.of("Cloning repository", "Successfully loaded main (f25822b) in 1.2s"),
            "step-build-and-push",
                List.of(
                    "> Processing environment variables...",
                    "===> DETECTING",
                    "===> BUILDING",
                    "Installing requirements.txt")));
    // Shipwright names the TaskRun in the BuildRun's status; the watcher brings both into the cache
    writeStatus(request.buildId(), "running");
    await(
        () -> builder.state(request.buildId()), s -> !builder.logs(request.buildId(), 2).isEmpty());

    Map<String, String> logs = builder.logs(request.buildId(), 2);

    assertThat(logs.keySet())
        .containsExactly("prepare", "place-scripts", "step-source-default", "step-build-and-push");
    assertThat(logs.get("step-source-default"))
        .isEqualTo("Cloning repository\nSuccessfully loaded main (f25822b) in 1.2s");
    assertThat(logs.get("step-build-and-push"))
        .isEqualTo("===> BUILDING\nInstalling requirements.txt");

    Map<String, List<String>> waiting = new LinkedHashMap<>(LOGS.get(pod));
    waiting.remove("step-build-and-push"); // the kubelet: "container ... is waiting to start"
    LOGS.put(pod, waiting);
    assertThat(builder.logs(request.buildId(), 10).keySet())
        .containsExactly("prepare", "place-scripts", "step-source-default");
  }

  // ---- the API server or the cache away -------------------------------------------------------

  @Test
  void anUnreachableApiServerMakesTheBuilderUnavailable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    KubernetesClient away =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build();
    try (var unreachable = new ShipwrightImageBuilder(away, new CacheStore(CACHE_DB), settings)) {
      BuildRequest request = request(newId(), "jupyterlab");
      assertThatThrownBy(() -> unreachable.start(request))
          .isInstanceOf(ImageBuilderUnavailableException.class);
      assertThatThrownBy(() -> unreachable.cancel(request.buildId()))
          .isInstanceOf(ImageBuilderUnavailableException.class);
    }
  }

  @Test
  void anUnreachableCacheMakesTheBuilderUnavailable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/none");
    nowhere.setConnectTimeout(2);
    try (var blind =
        new ShipwrightImageBuilder(SERVER.createClient(), new CacheStore(nowhere), settings)) {
      assertThatThrownBy(() -> blind.state(newId()))
          .isInstanceOf(ImageBuilderUnavailableException.class);
      assertThatThrownBy(() -> blind.logs(newId(), 10))
          .isInstanceOf(ImageBuilderUnavailableException.class);
    }
  }

  // ---- the cluster's part ---------------------------------------------------------------------

  /** Writes the status of the named file onto the build's BuildRun, as Shipwright would. */
  private static void writeStatus(String buildId, String file) throws IOException {
    String name = BuildRunManifest.name(buildId);
    ObjectNode status = (ObjectNode) BuildRunStatusTest.buildRun(file).get("status").deepCopy();
    String text =
        JSON.writeValueAsString(status)
            .replace("renku-01jmcagx9nfphatdd4ev99bmrq", name)
            .replace("https://gitlab.example.org/alice/python-simple.git", REPOSITORY);
    K8S.genericKubernetesResources(BUILD_RUNS)
        .inNamespace(NAMESPACE)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + text + "}");
  }

  private static GenericKubernetesResource buildRun(String buildId) {
    return K8S.genericKubernetesResources(BUILD_RUNS)
        .inNamespace(NAMESPACE)
        .withName(BuildRunManifest.name(buildId))
        .get();
  }

  /** Waits for the watcher to bring the cluster's change into the cache. */
  private static BuildState await(
      Supplier<Optional<BuildState>> state, java.util.function.Predicate<BuildState> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Optional<BuildState> s = state.get();
      if (s.isPresent() && done.test(s.get())) {
        return s.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the builder still says " + s);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static final String REPOSITORY = "https://gitlab.example.org/alice/python-simple.git";

  private static int counter;

  private static synchronized String newId() {
    // a ULID's shape: 26 characters of Crockford base32
    return String.format("01JT%022d", ++counter + System.nanoTime() % 1_000_000_000L * 100);
  }

  private static BuildRequest request(String id, String frontend) {
    return new BuildRequest(
        id,
        REPOSITORY,
        "main",
        null,
        "python",
        frontend,
        null,
        Map.of("environment_id", "01JT0000000000000000000ENV", "user_id", "alice"));
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

  /**
   * The kubelet's log endpoint in front of the CRUD store: {@code GET
   * /api/v1/namespaces/<ns>/pods/<pod>/log?container=<c>&tailLines=<n>}; 400 for a container that
   * has no log (yet), 404 for a pod it does not know.
   */
  private static final class Kubelet extends Dispatcher {
    private static final Pattern LOG =
        Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");
    private final Dispatcher crud;

    Kubelet(Dispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Matcher m = LOG.matcher(request.getPath());
      if (!m.matches()) {
        return crud.dispatch(request);
      }
      Map<String, String> query = new LinkedHashMap<>();
      for (String p : (m.group(3) == null ? "" : m.group(3)).split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          query.put(
              p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      Map<String, List<String>> pod = LOGS.get(m.group(2));
      if (!NAMESPACE.equals(m.group(1)) || pod == null) {
        return new MockResponse().setResponseCode(404).setBody("pods not found");
      }
      List<String> lines = pod.get(query.get("container"));
      if (lines == null) {
        return new MockResponse()
            .setResponseCode(400)
            .setBody("container is waiting to start: PodInitializing");
      }
      int tail = Integer.parseInt(query.getOrDefault("tailLines", "" + lines.size()));
      StringBuilder body = new StringBuilder();
      lines
          .subList(Math.max(0, lines.size() - tail), lines.size())
          .forEach(l -> body.append(l).append('\n'));
      return new MockResponse().setResponseCode(200).setBody(body.toString());
    }
  }
}
