package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.renku.data.support.TestBackends;
import io.renku.k8s.cache.CacheSchema;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.watcher.Watcher;
import io.renku.k8s.watcher.WatcherConfig;
import io.renku.session.crd.AmaltheaSession;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link KubernetesRuntime} against fabric8's mock API server in CRUD mode, with
 * the real watcher mirroring AmaltheaSessions into the real Postgres cache table the runtime reads
 * states from.
 *
 * <p>No pod can run on a mock, so this binding plays the two parts of the cluster the data service
 * relies on: the session operator, which writes the AmaltheaSession's {@code status} in the
 * operator's own words ({@code session-operator}'s {@code SessionStateMachine}: {@code NotReady}
 * then {@code Running} for a session that serves, {@code Failed} with "the container
 * amalthea-session exited with code 3" or "failure to retrieve image ..." for the failures, {@code
 * NotReady} for as long as a session does not answer, {@code Hibernated} once {@code
 * spec.hibernated}), and the kubelet, which serves the log of pod {@code <name>-0}, container
 * {@code amalthea-session}, cut to {@code tailLines}. What is asserted is therefore what the data
 * service's side does: the object it creates and its spec, the states it maps from the status, the
 * {@code spec.hibernated} flip on pause and resume, the deletion, and which pod's log it asks for.
 *
 * <p>What this runtime promises where runtimes differ: the gateway does not proxy its sessions (an
 * Ingress does, so there is no upstream); it culls by itself (the operator, from {@code
 * spec.culling}), so paused sessions stay as objects that report HIBERNATED; a session that never
 * answers stays STARTING (the operator has no start timeout; the pod is simply not ready); {@code
 * close()} only closes the client: sessions run on in the cluster, and a new instance sees them.
 */
class KubernetesRuntimeContractTest extends AbstractSessionRuntimeContractTest {
  private static final String NAMESPACE = "contract-sessions";
  private static final String CONTAINER = "amalthea-session";
  private static final String MISSING_IMAGE = "registry.invalid/renku/contract-missing:none";

  private static final Map<String, Behaviour> BEHAVIOURS = new ConcurrentHashMap<>();
  private static final Set<String> PODS = ConcurrentHashMap.newKeySet();
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();
  private static final DataSource CACHE_DB = cacheDatabase();
  private static final Watcher WATCHER = startWatcher();
  private static final PlayedOperator OPERATOR = new PlayedOperator();

  /** What a session's program does, as the cluster would see it. */
  private enum Behaviour {
    SERVES(
        List.of(
            "contract line 1",
            "contract line 2",
            "contract line 3",
            "contract line 4",
            "contract line 5")),
    EXITS(List.of(EXIT_LINE)),
    NEVER_LISTENS(List.of("waiting")),
    MISSING_IMAGE(List.of());

    final List<String> output;

    Behaviour(List<String> output) {
      this.output = output;
    }
  }

  private static KubernetesMockServer startServer() {
    Dispatcher crud = new KubernetesCrudDispatcher(List.of());
    var server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Kubelet(crud), false);
    server.init();
    return server;
  }

  private static DataSource cacheDatabase() {
    var postgres = TestBackends.get().postgres();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        var rs =
            c.createStatement()
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'contract_k8s'")) {
      if (!rs.next()) {
        c.createStatement().execute("CREATE DATABASE contract_k8s");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    DataSource ds = postgres.getDatabase("postgres", "contract_k8s");
    CacheSchema.migrate(ds);
    return ds;
  }

  private static Path watcherDir;

  private static Watcher startWatcher() {
    try {
      watcherDir = Files.createTempDirectory("contract-watcher");
      Watcher w =
          new Watcher(
              SERVER.createClient(),
              new CacheStore(CACHE_DB),
              new WatcherConfig(
                  "local",
                  List.of(ResourceKind.AMALTHEA_SESSION),
                  List.of(NAMESPACE),
                  Duration.ofHours(1),
                  Duration.ofSeconds(1),
                  100,
                  watcherDir.resolve("ready")));
      w.start();
      return w;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopCluster() throws java.io.IOException {
    OPERATOR.close();
    WATCHER.close();
    K8S.close();
    SERVER.destroy();
    try (var paths = Files.walk(watcherDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // ---- the binding --------------------------------------------------------------------------

  @Override
  protected SessionRuntime newRuntime(Duration startTimeout) {
    // the start timeout is the local runtimes'; the operator has none (see the class doc)
    return new KubernetesRuntime(
        SERVER.createClient(),
        new CacheStore(CACHE_DB),
        new KubernetesSettings(
            NAMESPACE,
            "renku.example.org",
            null,
            Map.of(),
            null,
            false,
            null,
            2,
            null,
            List.of(),
            null,
            new KubernetesSettings.Oidc(
                "https://renku.example.org/auth/realms/Renku", "renku-jupyterserver", "s", false),
            null));
  }

  private static SessionSpec program(String name, String image, Behaviour b, String script) {
    BEHAVIOURS.put(name, b);
    return spec(name, image, List.of("/bin/sh", "-c", script), List.of(), 8888);
  }

  @Override
  protected SessionSpec specThatServes(String name) {
    return program(name, "renku/contract-httpd:1", Behaviour.SERVES, SERVES_SCRIPT);
  }

  @Override
  protected SessionSpec specThatExitsAtOnce(String name) {
    return program(name, "renku/contract-httpd:1", Behaviour.EXITS, EXITS_SCRIPT);
  }

  @Override
  protected SessionSpec specThatNeverListens(String name) {
    return program(name, "renku/contract-httpd:1", Behaviour.NEVER_LISTENS, NEVER_LISTENS_SCRIPT);
  }

  @Override
  protected SessionSpec specWithMissingProgramOrImage(String name) {
    return program(name, MISSING_IMAGE, Behaviour.MISSING_IMAGE, "exit 0");
  }

  @Override
  protected String missingProgramOrImage() {
    return MISSING_IMAGE;
  }

  @Override
  protected boolean proxiedByGateway() {
    return false;
  }

  @Override
  protected boolean cullsItself() {
    return true;
  }

  @Override
  protected boolean failsSessionsThatNeverAnswer() {
    return false;
  }

  @Override
  protected boolean sessionsOutliveTheRuntime() {
    return true;
  }

  private static AmaltheaSession object(String name) {
    return K8S.resources(AmaltheaSession.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The operator keeps the session's volume (a PVC it owns) for as long as the object exists. */
  @Override
  protected boolean workVolumeExists(String name) {
    AmaltheaSession s = object(name);
    return s != null && s.getSpec().session().storage() != null;
  }

  /** Wanted running: the operator keeps its StatefulSet at one replica. */
  @Override
  protected boolean anythingRunsFor(String name) {
    AmaltheaSession s = object(name);
    return s != null && !s.getSpec().hibernated();
  }

  @Override
  protected String runIdentity(String name) {
    return object(name).getMetadata().getUid();
  }

  @Override
  protected Optional<String> cullingSettingsOf(String name) {
    return Optional.ofNullable(object(name).getSpec().culling())
        .map(c -> "idle=" + c.maxIdleDuration() + " hibernated=" + c.maxHibernatedDuration());
  }

  // ---- what only this runtime does ----------------------------------------------------------

  @Test
  void theObjectCarriesTheSessionsSpecAndItsToken() {
    String name = newName();
    SessionSpec s = specThatServes(name);
    SessionSpec spec =
        new SessionSpec(
            s.name(),
            s.image(),
            s.command(),
            s.args(),
            s.env(),
            s.port(),
            s.basePath(),
            "/home/renku/project/src",
            s.token(),
            s.cpu(),
            s.memoryGb(),
            s.gpu(),
            s.diskGb(),
            s.ownerId(),
            s.annotations(),
            null,
            null,
            1001,
            100,
            "/home/renku/project",
            List.of());
    runtime.start(spec);

    AmaltheaSession cr = object(name);
    assertThat(cr).isNotNull();
    var session = cr.getSpec().session();
    assertThat(session.image()).isEqualTo(spec.image());
    assertThat(session.command()).isEqualTo(spec.command());
    assertThat(session.port()).isEqualTo(spec.port());
    assertThat(session.urlPath()).isEqualTo("/sessions/" + name + "/");
    assertThat(session.env()).anyMatch(e -> e.getName().equals("CONTRACT"));
    assertThat(session.workingDir()).isEqualTo("/home/renku/project/src");
    assertThat(session.runAsUser()).as("the environment's uid").isEqualTo(1001L);
    assertThat(session.runAsGroup()).as("the environment's gid").isEqualTo(100L);
    assertThat(session.storage().mountPath())
        .as("the environment's mount directory")
        .isEqualTo("/home/renku/project");
    // the original's units: millicores, and the limit factor 2
    assertThat(session.resources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(session.resources().getLimits().get("cpu").toString()).isEqualTo("1000m");
    assertThat(cr.getSpec().hibernated()).isFalse();
    assertThat(cr.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "renku-data-service");
    assertThat(cr.getMetadata().getAnnotations())
        .containsEntry("renku.io/project_id", "contract-project")
        .containsEntry("renku.io/user_id", "contract-user");
    var secret = K8S.secrets().inNamespace(NAMESPACE).withName(name).get();
    assertThat(secret).as("the configuration the session's authentication reads").isNotNull();
    assertThat(cr.getSpec().authentication().secretRef().name()).isEqualTo(name);

    runtime.delete(name);
    assertThat(K8S.secrets().inNamespace(NAMESPACE).withName(name).get()).isNull();
  }

  // ---- the cluster's part -------------------------------------------------------------------

  /**
   * The kubelet's log endpoint of the session pods, in front of the CRUD store: {@code GET
   * /api/v1/namespaces/<ns>/pods/<name>-0/log?container=amalthea-session&tailLines=<n>}.
   */
  private static final class Kubelet extends Dispatcher {
    private static final Pattern LOG =
        Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)-0/log(?:\\?(.*))?");
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
      String name = m.group(2);
      if (!NAMESPACE.equals(m.group(1)) || !PODS.contains(name)) {
        return new MockResponse().setResponseCode(404).setBody("pod not found");
      }
      if (!CONTAINER.equals(query.get("container"))) {
        return new MockResponse().setResponseCode(400).setBody("container not valid");
      }
      List<String> lines = BEHAVIOURS.getOrDefault(name, Behaviour.SERVES).output;
      int tail = lines.size();
      if (query.containsKey("tailLines")) {
        tail = Integer.parseInt(query.get("tailLines"));
        if (tail < 0) {
          return new MockResponse().setResponseCode(400).setBody("tailLines must be >= 0");
        }
      }
      List<String> last = lines.subList(Math.max(0, lines.size() - tail), lines.size());
      StringBuilder body = new StringBuilder();
      last.forEach(l -> body.append(l).append('\n'));
      return new MockResponse().setResponseCode(200).setBody(body.toString());
    }
  }

  /** The session operator's status writes, from each session's behaviour and spec. */
  private static final class PlayedOperator implements AutoCloseable {
    private final NamespacedKubernetesClient client = SERVER.createClient();
    private final Map<String, Instant> notReadySince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("played-operator").daemon().factory());

    PlayedOperator() {
      loop.scheduleWithFixedDelay(this::reconcileAll, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void reconcileAll() {
      try {
        List<AmaltheaSession> all =
            client.resources(AmaltheaSession.class).inNamespace(NAMESPACE).list().getItems();
        Set<String> present = ConcurrentHashMap.newKeySet();
        for (AmaltheaSession s : all) {
          present.add(s.getMetadata().getName());
          reconcile(s);
        }
        PODS.retainAll(present);
      } catch (RuntimeException e) {
        // the next round tries again
      }
    }

    private void reconcile(AmaltheaSession s) {
      String name = s.getMetadata().getName();
      Behaviour b = BEHAVIOURS.getOrDefault(name, Behaviour.SERVES);
      String current = s.getStatus() == null ? "" : s.getStatus().stateOrDefault().wireName();
      if (s.getSpec().hibernated()) {
        PODS.remove(name);
        notReadySince.remove(name);
        write(s, current, "Hibernated", null, 0, 0);
        return;
      }
      PODS.add(name);
      switch (b) {
        case SERVES -> {
          if (current.equals("Running")) {
            return;
          }
          Instant since = notReadySince.get(name);
          if (current.equals("NotReady") && since != null) {
            if (since.plusSeconds(1).isBefore(Instant.now())) {
              write(s, current, "Running", null, 1, 1);
              notReadySince.remove(name);
            }
            return;
          }
          write(s, current, "NotReady", null, 0, 1);
          notReadySince.put(name, Instant.now());
        }
        case EXITS ->
            write(
                s,
                current,
                "Failed",
                "the container " + CONTAINER + " exited with code " + EXIT_CODE + " (Error)",
                0,
                1);
        case NEVER_LISTENS -> write(s, current, "NotReady", null, 0, 1);
        case MISSING_IMAGE ->
            write(
                s,
                current,
                "Failed",
                "failure to retrieve image "
                    + s.getSpec().session().image()
                    + " for container "
                    + CONTAINER
                    + ": ErrImagePull (pull access denied)",
                0,
                1);
      }
    }

    private void write(
        AmaltheaSession s, String current, String state, String error, int ready, int total) {
      String currentError = s.getStatus() == null ? null : s.getStatus().error();
      if (current.equals(state) && java.util.Objects.equals(currentError, error)) {
        return;
      }
      client
          .resources(AmaltheaSession.class)
          .inNamespace(NAMESPACE)
          .withName(s.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"state\":\""
                  + state
                  + "\",\"error\":"
                  + (error == null ? "null" : "\"" + error + "\"")
                  + ",\"containerCounts\":{\"ready\":"
                  + ready
                  + ",\"total\":"
                  + total
                  + "}}}");
    }

    @Override
    public void close() {
      loop.shutdownNow();
      client.close();
    }
  }
}
