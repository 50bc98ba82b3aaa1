package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /sessions} on the local runtime: real processes (a small Python HTTP server stands in for
 * Jupyter, which the end-to-end test in the launcher module runs), started, paused, resumed and
 * deleted through the API; only their owner sees them.
 */
class SessionApiTest extends ApiTest {
  @org.springframework.beans.factory.annotation.Autowired
  io.renku.data.session.SessionCuller culler;

  @org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource;

  /** A session program that answers HTTP on the port the runtime gives it, and logs to stdout. */
  static Map<String, Object> pythonServer() {
    return Map.of(
        "environment_kind",
        "CUSTOM",
        "name",
        "Python HTTP server",
        "container_image",
        "python:3-slim",
        "port",
        8000,
        "default_url",
        "/",
        "command",
        List.of("/usr/bin/python3", "-u", "-m", "http.server"),
        "args",
        List.of("$(RENKU_SESSION_PORT)", "--bind", "$(RENKU_SESSION_IP)"));
  }

  private record Setup(TestUser owner, String projectId, String launcherId) {}

  /** Sessions here are processes on this machine: only admins give launchers a command. */
  private static final TestUser ADMIN = TestUser.randomAdmin("sadmin");

  /**
   * A project of a fresh owner with a launcher an administrator made (its own environment runs a
   * command, which only administrators may set with the local runtime); the owner starts it.
   */
  private Setup launcher(String visibility, Map<String, Object> environment) {
    TestUser owner = TestUser.random("sowner");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("sp"), visibility).path("id").asString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Session");
    body.put("project_id", projectId);
    body.put("environment", environment);
    body.put("env_variables", List.of(Map.of("name", "GREETING", "value", "hello")));
    var created = api.as(ADMIN).post("session_launchers", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Setup(owner, projectId, created.field("id"));
  }

  /** Turns anonymous sessions on or off (admin, with the current ETag). */
  private void anonymousSessions(boolean enabled) {
    Api admin = api.as(ADMIN);
    var now = admin.get("platform/config");
    var set =
        admin
            .header("If-Match", now.field("etag"))
            .patch("platform/config", Map.of("anonymous_sessions_enabled", enabled));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("anonymous_sessions_enabled").asBoolean()).isEqualTo(enabled);
  }

  private static Api.Response awaitState(Api as, String name, String state) {
    Api.Response[] last = new Api.Response[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = as.get("sessions/" + name);
              assertThat(last[0].json().path("status").path("state").asString())
                  .as(last[0].body())
                  .isEqualTo(state);
            });
    return last[0];
  }

  /** The status the session itself answers on its loopback port, or -1 if nothing listens. */
  static int probe(int port, String path) {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Api.Response route(Api as, String name) {
    return as.header("Renku-Internal-Token", INTERNAL_TOKEN)
        .get("/internal/sessions/" + name + "/route");
  }

  @Test
  void ownerStartsPausesResumesAndDeletesASessionOthersSeeNothing() throws Exception {
    Setup s = launcher("private", pythonServer());
    Api owner = api.as(s.owner());
    TestUser stranger = TestUser.random("sstranger");
    register(api, stranger);

    var started = owner.post("sessions", Map.of("launcher_id", s.launcherId()));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");
    assertThat(name).matches("^[a-z]([-a-z0-9]*[a-z0-9])?$").hasSizeBetween(5, 50);
    assertThat(started.field("url")).isEqualTo("http://renku.test/sessions/" + name + "/");
    assertThat(started.field("project_id")).isEqualTo(s.projectId());
    assertThat(started.body()).doesNotContain("token");

    var running = awaitState(owner, name, "running");
    assertThat(running.json().path("status").path("ready_containers").asInt()).isEqualTo(1);
    var again = owner.post("sessions", Map.of("launcher_id", s.launcherId()));
    assertThat(again.status()).as("idempotent").isEqualTo(200);
    assertThat(again.field("name")).isEqualTo(name);
    assertThat(owner.get("sessions").json().size()).isEqualTo(1);

    // Strangers, anonymous callers and the gateway asking on their behalf see nothing.
    assertThat(api.as(stranger).get("sessions/" + name).status()).isEqualTo(404);
    assertThat(api.as(stranger).get("sessions").json().size()).isZero();
    assertThat(api.as(stranger).delete("sessions/" + name).status()).isEqualTo(404);
    assertThat(api.as(stranger).patch("sessions/" + name, Map.of("state", "hibernated")).status())
        .isEqualTo(404);
    assertThat(route(api.as(stranger), name).status()).isEqualTo(404);
    assertThat(owner.get("/internal/sessions/" + name + "/route").status())
        .as("without the internal token")
        .isEqualTo(404);

    // The gateway's view: where it runs and the secret it expects.
    var r = route(owner, name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    int sessionPort = r.json().path("port").asInt();
    var direct = probe(sessionPort, "/");
    assertThat(direct).isEqualTo(200);

    var logs = owner.get("sessions/" + name + "/logs");
    assertThat(logs.status()).isEqualTo(200);
    assertThat(logs.json().path("amalthea-session").asString()).contains("Serving HTTP");
    assertThat(logs.body()).doesNotContain(r.json().path("token").asString());

    Path work = SESSIONS_ROOT.resolve(name).resolve("work");
    Files.writeString(work.resolve("notes.txt"), "kept across a pause");

    var paused = owner.patch("sessions/" + name, Map.of("state", "hibernated"));
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().path("status").path("state").asString()).isEqualTo("hibernated");
    assertThat(route(owner, name).status()).as("paused: nothing to proxy to").isEqualTo(404);
    assertThat(probe(sessionPort, "/")).as("the process is gone").isEqualTo(-1);

    var resumed = owner.patch("sessions/" + name, Map.of("state", "running"));
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    awaitState(owner, name, "running");
    assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("kept across a pause");
    int newPort = route(owner, name).json().path("port").asInt();
    assertThat(probe(newPort, "/notes.txt")).isEqualTo(200);

    assertThat(owner.delete("sessions/" + name).status()).isEqualTo(204);
    assertThat(owner.get("sessions/" + name).status()).isEqualTo(404);
    assertThat(Files.exists(SESSIONS_ROOT.resolve(name))).as("files removed").isFalse();
    assertThat(probe(newPort, "/")).isEqualTo(-1);
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed() {
    Setup s = launcher("private", pythonServer());
    Api owner = api.as(s.owner());

    var noLauncher = owner.post("sessions", Map.of());
    assertThat(noLauncher.status()).isEqualTo(422);
    assertThat(noLauncher.body()).contains("launcher_id");

    assertThat(owner.post("sessions", Map.of("launcher_id", "01AN4Z79ZS5XN0F25N3DB94T4R")).status())
        .isEqualTo(404);

    var badEnv =
        owner.post(
            "sessions",
            Map.of(
                "launcher_id",
                s.launcherId(),
                "env_variable_overrides",
                List.of(Map.of("name", "1BAD", "value", "x"))));
    assertThat(badEnv.status()).isEqualTo(422);
    assertThat(badEnv.body()).contains("env_variable_overrides");

    var platformVar =
        owner.post(
            "sessions",
            Map.of(
                "launcher_id",
                s.launcherId(),
                "env_variable_overrides",
                List.of(Map.of("name", "RENKU_SESSION_TOKEN", "value", "x"))));
    assertThat(platformVar.status()).isEqualTo(422);

    var unknownClass =
        owner.post("sessions", Map.of("launcher_id", s.launcherId(), "resource_class_id", 999999));
    assertThat(unknownClass.status()).isEqualTo(422);
    assertThat(unknownClass.body()).contains("resource_class_id");

    var hugeDisk =
        owner.post("sessions", Map.of("launcher_id", s.launcherId(), "disk_storage", 100000));
    assertThat(hugeDisk.status()).isEqualTo(422);
    assertThat(hugeDisk.body()).contains("disk_storage");

    // an override must name one of the project's connectors the caller can read
    var unknownConnector =
        owner.post(
            "sessions",
            Map.of(
                "launcher_id",
                s.launcherId(),
                "data_connectors_overrides",
                List.of(Map.of("data_connector_id", "01AN4Z79ZS5XN0F25N3DB94T4R", "skip", true))));
    assertThat(unknownConnector.status()).isEqualTo(422);
    assertThat(unknownConnector.body()).contains("data_connectors_overrides");
    var noConnectorId =
        owner.post(
            "sessions",
            Map.of(
                "launcher_id",
                s.launcherId(),
                "data_connectors_overrides",
                List.of(Map.of("skip", true))));
    assertThat(noConnectorId.status()).isEqualTo(422);

    assertThat(owner.get("sessions").json().size()).as("nothing half-made").isZero();
  }

  @Test
  void aSessionThatCannotRunFailsWithTheReason() {
    Map<String, Object> missing = new LinkedHashMap<>(pythonServer());
    missing.put("command", List.of("/nonexistent/jupyter"));
    Setup s = launcher("private", missing);
    Api owner = api.as(s.owner());
    var started = owner.post("sessions", Map.of("launcher_id", s.launcherId()));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    var failed = awaitState(owner, started.field("name"), "failed");
    assertThat(failed.json().path("status").path("message").asString())
        .contains("/nonexistent/jupyter");

    Map<String, Object> crashing = new LinkedHashMap<>(pythonServer());
    crashing.put("command", List.of("/bin/sh", "-c"));
    crashing.put("args", List.of("echo no data here, token $RENKU_SESSION_TOKEN; exit 3"));
    Setup c = launcher("private", crashing);
    var crashed =
        api.as(c.owner()).post("sessions", Map.of("launcher_id", c.launcherId())).field("name");
    var status = awaitState(api.as(c.owner()), crashed, "failed");
    assertThat(status.json().path("status").path("message").asString())
        .contains("exit code 3")
        .contains("no data here, token [redacted]");
    assertThat(
            api.as(c.owner())
                .get("sessions/" + crashed + "/logs")
                .json()
                .path("amalthea-session")
                .asString())
        .contains("no data here, token [redacted]");

    Map<String, Object> noCommand = new LinkedHashMap<>(pythonServer());
    noCommand.remove("command");
    noCommand.remove("args");
    Setup n = launcher("private", noCommand);
    var imageOnly =
        api.as(n.owner()).post("sessions", Map.of("launcher_id", n.launcherId())).field("name");
    var noCmd = awaitState(api.as(n.owner()), imageOnly, "failed");
    assertThat(noCmd.json().path("status").path("message").asString()).contains("python:3-slim");
  }

  @Test
  void anonymousSessionsAreOffUntilAnAdminTurnsThemOn() {
    Setup s = launcher("public", pythonServer());
    Api visitor =
        api.anonymous()
            .header("Renku-Auth-Anon-Id", "anon-off-" + slug("v"))
            .header("Renku-Gateway-Secret", GATEWAY_SECRET);
    var config = api.anonymous().get("platform/config").json();
    assertThat(config.path("anonymous_sessions_enabled").isBoolean()).isTrue();
    assertThat(config.path("anonymous_sessions_enabled").asBoolean())
        .as("off on a new platform")
        .isFalse();
    var refused = visitor.post("sessions", Map.of("launcher_id", s.launcherId()));
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("error").path("message").asString())
        .contains("Anonymous sessions are turned off")
        .contains("log in");
    assertThat(visitor.get("sessions").json().size()).as("nothing half-made").isZero();
  }

  @Test
  void anonymousVisitorsStartSessionsOnPublicProjectsByTheirAnonymousId() {
    Setup s = launcher("public", pythonServer());
    String visitorId = "anon-visitor-" + slug("v");
    Api visitor =
        api.anonymous()
            .header("Renku-Auth-Anon-Id", visitorId)
            .header("Renku-Gateway-Secret", GATEWAY_SECRET);
    anonymousSessions(true);
    try {
      anonymousVisitorsStart(s, visitor, visitorId);
    } finally {
      anonymousSessions(false);
    }
    assertThat(visitor.get("sessions").json().size()).isZero();
  }

  private void anonymousVisitorsStart(Setup s, Api visitor, String visitorId) {
    assertThat(api.anonymous().post("sessions", Map.of("launcher_id", s.launcherId())).status())
        .as("no stable anonymous id")
        .isEqualTo(401);
    var started = visitor.post("sessions", Map.of("launcher_id", s.launcherId()));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");
    var running = awaitState(visitor, name, "running");
    java.time.OffsetDateTime hibernateAt =
        java.time.OffsetDateTime.parse(
            running.json().path("status").path("will_hibernate_at").asString());
    assertThat(hibernateAt)
        .as("anonymous sessions are paused after 30 min idle, sooner than the pool's hour")
        .isBefore(java.time.OffsetDateTime.now().plusMinutes(31));
    assertThat(route(visitor, name).status()).isEqualTo(200);
    Api other =
        api.anonymous()
            .header("Renku-Auth-Anon-Id", "anon-other-" + slug("o"))
            .header("Renku-Gateway-Secret", GATEWAY_SECRET);
    assertThat(other.get("sessions/" + name).status()).isEqualTo(404);
    assertThat(route(other, name).status()).isEqualTo(404);
    // The visitor's id without the gateway's secret (decision 0015): someone else, who sees
    // nothing.
    for (Api forged :
        List.of(
            api.anonymous().header("Renku-Auth-Anon-Id", visitorId),
            api.anonymous()
                .header("Renku-Auth-Anon-Id", visitorId)
                .header("Renku-Gateway-Secret", "guessed"))) {
      assertThat(forged.get("sessions").json().size()).isZero();
      assertThat(forged.get("sessions/" + name).status()).isEqualTo(404);
      assertThat(forged.get("sessions/" + name + "/logs").status()).isEqualTo(404);
      assertThat(route(forged, name).status()).isEqualTo(404);
    }
    assertThat(
            visitor
                .header("Authorization", "Basic eDp4")
                .get("sessions/" + name + "/logs")
                .status())
        .isEqualTo(401);
    assertThat(visitor.delete("sessions/" + name).status()).isEqualTo(204);

    Setup priv = launcher("private", pythonServer());
    assertThat(visitor.post("sessions", Map.of("launcher_id", priv.launcherId())).status())
        .as("private projects stay invisible")
        .isEqualTo(404);
  }

  /** Moves one of a session's times into the past. */
  private void age(String name, String column, int seconds) {
    org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
        .sql(
            "UPDATE sessions.sessions SET "
                + column
                + " = "
                + column
                + " - make_interval(secs => :s) WHERE name = :n")
        .param("s", seconds)
        .param("n", name)
        .update();
  }

  @Test
  void idleSessionsArePausedThenDeletedByTheirPoolsThresholds() throws Exception {
    var pool =
        api.as(TestUser.randomAdmin("pooladmin"))
            .post(
                "resource_pools",
                Map.of(
                    "name",
                    "Culling " + slug("c"),
                    "public",
                    true,
                    "idle_threshold",
                    1,
                    "hibernation_threshold",
                    2,
                    "classes",
                    List.of(
                        Map.of(
                            "name",
                            "tiny",
                            "cpu",
                            0.1,
                            "memory",
                            1,
                            "max_storage",
                            2,
                            "default_storage",
                            1,
                            "default",
                            true))));
    assertThat(pool.status()).as(pool.body()).isEqualTo(201);
    int classId = pool.json().path("classes").get(0).path("id").asInt();
    Setup s = launcher("private", pythonServer());
    Api owner = api.as(s.owner());
    var started =
        owner.post("sessions", Map.of("launcher_id", s.launcherId(), "resource_class_id", classId));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.json().path("resource_class_id").asInt()).isEqualTo(classId);
    // Gigabytes as integers, as the original's server answers and its UI reads ("1 GB memory").
    var requests = started.json().path("resources").path("requests");
    assertThat(requests.path("memory").isIntegralNumber()).as(requests.toString()).isTrue();
    assertThat(requests.path("memory").asInt()).isEqualTo(1);
    assertThat(requests.path("storage").isIntegralNumber()).as(requests.toString()).isTrue();
    assertThat(requests.path("storage").asInt()).isEqualTo(1);
    String name = started.field("name");
    var running = awaitState(owner, name, "running");
    assertThat(running.json().path("status").path("will_hibernate_at").asString()).isNotEmpty();

    culler.pass();
    assertThat(owner.get("sessions/" + name).json().path("status").path("state").asString())
        .as("active within the threshold")
        .isEqualTo("running");
    age(name, "last_interaction", 2); // as if idle for two seconds, without waiting for them
    culler.pass();
    var paused = owner.get("sessions/" + name);
    assertThat(paused.json().path("status").path("state").asString()).isEqualTo("hibernated");
    assertThat(paused.json().path("status").path("will_delete_at").asString()).isNotEmpty();
    assertThat(Files.exists(SESSIONS_ROOT.resolve(name).resolve("work"))).isTrue();

    age(name, "hibernated_at", 3);
    culler.pass();
    assertThat(owner.get("sessions/" + name).status())
        .as("deleted after 2 s paused")
        .isEqualTo(404);
    assertThat(Files.exists(SESSIONS_ROOT.resolve(name))).isFalse();
  }

  @Test
  void deletingAProjectStopsItsSessionsAndRemovesItsOwnEnvironments() {
    Setup s = launcher("private", pythonServer());
    Api owner = api.as(s.owner());
    var launcher = owner.get("session_launchers/" + s.launcherId());
    String customEnv = launcher.json().path("environment").path("id").asString();
    assertThat(owner.get("session_launchers").json().findValuesAsString("id"))
        .contains(s.launcherId());
    TestUser stranger = TestUser.random("snolist");
    register(api, stranger);
    assertThat(api.as(stranger).get("session_launchers").json().findValuesAsString("id"))
        .doesNotContain(s.launcherId());

    String name = owner.post("sessions", Map.of("launcher_id", s.launcherId())).field("name");
    awaitState(owner, name, "running");
    int sessionPort = route(owner, name).json().path("port").asInt();

    assertThat(owner.delete("projects/" + s.projectId()).status()).isEqualTo(204);
    assertThat(owner.get("sessions/" + name).status()).isEqualTo(404);
    culler.pass();
    assertThat(probe(sessionPort, "/")).as("its process is stopped").isEqualTo(-1);
    assertThat(Files.exists(SESSIONS_ROOT.resolve(name))).isFalse();
    Integer left =
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
            .sql("SELECT count(*) FROM sessions.environments WHERE id = :id")
            .param("id", customEnv)
            .query(Integer.class)
            .single();
    assertThat(left).as("the launcher's own environment went with it").isZero();
  }

  /** A launcher an administrator adds to an existing project. */
  private String adminLauncher(String projectId, Map<String, Object> environment) {
    var created =
        api.as(ADMIN)
            .post(
                "session_launchers",
                Map.of(
                    "name", "L " + slug("l"), "project_id", projectId, "environment", environment));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.field("id");
  }

  /** An environment whose sessions fail at once (no such program): no process to clean up. */
  private static Map<String, Object> failingProgram() {
    Map<String, Object> env = new LinkedHashMap<>(pythonServer());
    env.put("command", List.of("/nonexistent/program"));
    return env;
  }

  private org.springframework.jdbc.core.simple.JdbcClient jdbc() {
    return org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
  }

  @Test
  void onlyAdminsGiveLaunchersTheirOwnCommandWhileSessionsRunOnThisMachine() {
    TestUser editor = TestUser.random("seditor");
    String ns = register(api, editor);
    String projectId =
        createProject(api.as(editor), ns, slug("sc"), "public").path("id").asString();
    Api as = api.as(editor);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Shell");
    body.put("project_id", projectId);
    Map<String, Object> shell = new LinkedHashMap<>(pythonServer());
    shell.put("command", List.of("/bin/sh", "-c", "id > /tmp/x"));
    body.put("environment", shell);
    var refused = as.post("session_launchers", body);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("error").path("detail").asString())
        .isEqualTo("environment.command");
    assertThat(refused.json().path("error").path("message").asString()).contains("administrators");
    Map<String, Object> argsOnly = new LinkedHashMap<>(pythonServer());
    argsOnly.remove("command");
    body.put("environment", argsOnly);
    assertThat(as.post("session_launchers", body).json().path("error").path("detail").asString())
        .isEqualTo("environment.args");
    argsOnly.remove("args");
    assertThat(as.post("session_launchers", body).json().path("error").path("detail").asString())
        .as("an image alone cannot run here either")
        .isEqualTo("environment.container_image");
    assertThat(as.get("projects/" + projectId + "/session_launchers").json().size())
        .as("nothing half-made")
        .isZero();

    // An administrator's launcher: the editor may rename it, not replace what it runs.
    String launcherId = adminLauncher(projectId, failingProgram());
    var replaced = as.patch("session_launchers/" + launcherId, Map.of("environment", shell));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(422);
    assertThat(replaced.body()).contains("environment.command");
    assertThat(as.patch("session_launchers/" + launcherId, Map.of("name", "Renamed")).status())
        .isEqualTo(200);

    // ... and members start it: the administrator vouched for its command.
    var started = as.post("sessions", Map.of("launcher_id", launcherId));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");
    awaitState(as, name, "failed");
    assertThat(as.patch("sessions/" + name, Map.of("state", "hibernated")).status()).isEqualTo(200);

    // A launcher stored before the rule (its environment made by a non-admin) neither starts
    // nor resumes.
    String envId =
        as.get("session_launchers/" + launcherId).json().path("environment").path("id").asString();
    jdbc()
        .sql("UPDATE sessions.environments SET created_by_id = :u WHERE id = :id")
        .param("u", editor.id())
        .param("id", envId)
        .update();
    var resumed = as.patch("sessions/" + name, Map.of("state", "running"));
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(422);
    assertThat(resumed.body()).contains("administrator");
    assertThat(as.delete("sessions/" + name).status()).isEqualTo(204);
    var notStarted = as.post("sessions", Map.of("launcher_id", launcherId));
    assertThat(notStarted.status()).as(notStarted.body()).isEqualTo(422);
    assertThat(notStarted.json().path("error").path("detail").asString()).isEqualTo("launcher_id");
    assertThat(as.get("sessions").json().size()).isZero();
  }

  @Test
  void reservedVariablesAreRefusedAndThePlatformsOwnWinAnyway() throws Exception {
    Setup s = launcher("private", pythonServer());
    Api owner = api.as(s.owner());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Vars");
    body.put("project_id", s.projectId());
    body.put("environment", pythonServer());
    body.put(
        "env_variables",
        List.of(Map.of("name", "GREETING", "value", "hi"), Map.of("name", "JUPYTER_TOKEN")));
    var refused = api.as(ADMIN).post("session_launchers", body);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("error").path("detail").asString())
        .isEqualTo("env_variables[1].name");
    for (String reserved :
        List.of("RENKU_SESSION_TOKEN", "PATH", "HOME", "ld_preload", "PYTHONPATH", "BASH_ENV")) {
      var patched =
          owner.patch(
              "session_launchers/" + s.launcherId(),
              Map.of("env_variables", List.of(Map.of("name", reserved, "value", "x"))));
      assertThat(patched.status()).as(reserved + ": " + patched.body()).isEqualTo(422);
      assertThat(patched.json().path("error").path("detail").asString())
          .isEqualTo("env_variables[0].name");
    }
    var override =
        owner.post(
            "sessions",
            Map.of(
                "launcher_id",
                s.launcherId(),
                "env_variable_overrides",
                List.of(
                    Map.of("name", "OK", "value", "1"),
                    Map.of("name", "LD_PRELOAD", "value", "x"))));
    assertThat(override.status()).as(override.body()).isEqualTo(422);
    assertThat(override.json().path("error").path("detail").asString())
        .isEqualTo("env_variable_overrides[1].name");

    // A launcher stored before names were refused: the platform's variables still win.
    Map<String, Object> printing = new LinkedHashMap<>(pythonServer());
    printing.put("command", List.of("/bin/sh", "-c"));
    printing.put(
        "args",
        List.of(
            "echo \"token=$JUPYTER_TOKEN path=$PATH greeting=$GREETING preload=$LD_PRELOAD.\";"
                + " exec /usr/bin/python3 -u -m http.server $RENKU_SESSION_PORT --bind"
                + " $RENKU_SESSION_IP"));
    String launcherId = adminLauncher(s.projectId(), printing);
    jdbc()
        .sql(
            "UPDATE sessions.launchers SET env_names = ARRAY['JUPYTER_TOKEN', 'PATH', 'GREETING',"
                + " 'LD_PRELOAD'], env_values = ARRAY['known-token', '/tmp/evil', 'hello',"
                + " '/tmp/evil.so'] WHERE id = :id")
        .param("id", launcherId)
        .update();
    String name = owner.post("sessions", Map.of("launcher_id", launcherId)).field("name");
    awaitState(owner, name, "running");
    String logs =
        owner.get("sessions/" + name + "/logs").json().path("amalthea-session").asString();
    assertThat(logs)
        .contains("token=[redacted]")
        .contains("path=/usr/local/bin:/usr/bin:/bin")
        .contains("greeting=hello")
        .contains("preload=.")
        .doesNotContain("known-token");
    assertThat(owner.delete("sessions/" + name).status()).isEqualTo(204);
  }

  @Test
  void eachCallerHasAFewSessionsRunningAndAnonymousVisitorsAFewTogether() {
    TestUser user = TestUser.random("scap");
    String ns = register(api, user);
    String projectId =
        createProject(api.as(user), ns, slug("scap"), "public").path("id").asString();
    Api as = api.as(user);
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var started =
          as.post("sessions", Map.of("launcher_id", adminLauncher(projectId, failingProgram())));
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      names.add(started.field("name"));
    }
    String sixth = adminLauncher(projectId, failingProgram());
    var refused = as.post("sessions", Map.of("launcher_id", sixth));
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().path("error").path("message").asString())
        .contains("5 sessions")
        .contains("pause or delete");
    assertThat(as.patch("sessions/" + names.getFirst(), Map.of("state", "hibernated")).status())
        .isEqualTo(200);
    var nowFits = as.post("sessions", Map.of("launcher_id", sixth));
    assertThat(nowFits.status()).as(nowFits.body()).isEqualTo(201);
    names.add(nowFits.field("name"));
    var resume = as.patch("sessions/" + names.getFirst(), Map.of("state", "running"));
    assertThat(resume.status()).as("resuming counts too: " + resume.body()).isEqualTo(409);
    names.forEach(n -> assertThat(as.delete("sessions/" + n).status()).isEqualTo(204));

    // Every anonymous id is a new caller: together they may have 10 sessions.
    String launcherId = adminLauncher(projectId, failingProgram());
    anonymousSessions(true);
    List<Api> visitors = new java.util.ArrayList<>();
    try {
      int existing =
          jdbc()
              .sql("SELECT count(*) FROM sessions.sessions WHERE anonymous")
              .query(Integer.class)
              .single();
      for (int i = existing; i < 10; i++) {
        Api visitor =
            api.anonymous()
                .header("Renku-Auth-Anon-Id", "anon-cap-" + slug("v"))
                .header("Renku-Gateway-Secret", GATEWAY_SECRET);
        var started = visitor.post("sessions", Map.of("launcher_id", launcherId));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        visitors.add(visitor);
      }
      var one =
          api.anonymous()
              .header("Renku-Auth-Anon-Id", "anon-cap-" + slug("v"))
              .header("Renku-Gateway-Secret", GATEWAY_SECRET);
      var full = one.post("sessions", Map.of("launcher_id", launcherId));
      assertThat(full.status()).as(full.body()).isEqualTo(409);
      assertThat(full.json().path("error").path("message").asString()).contains("log in");
    } finally {
      anonymousSessions(false);
      for (Api visitor : visitors) {
        visitor
            .get("sessions")
            .json()
            .findValuesAsString("name")
            .forEach(n -> visitor.delete("sessions/" + n));
      }
    }
  }

  @Test
  void imageChecksNeedALogin() {
    var anonymous = api.anonymous().get("sessions/images?image_url=python:3");
    assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo(1401);
  }

  @Test
  void imageChecksRefuseNonsenseAndNeverProbeThePlatformsOwnNetwork() {
    Api api = this.api.as(TestUser.random("simages"));
    var nonsense = api.get("sessions/images?image_url=not%20an%20image!");
    assertThat(nonsense.status()).isEqualTo(422);
    assertThat(nonsense.body()).contains("image_url");
    var local = api.get("sessions/images?image_url=localhost/secret/image:1");
    assertThat(local.status()).as(local.body()).isEqualTo(200);
    assertThat(local.json().path("accessible").asBoolean()).isFalse();
    var otherPort = api.get("sessions/images?image_url=registry.example.org:5000/x/y:1");
    assertThat(otherPort.json().path("accessible").asBoolean()).isFalse();
  }
}
