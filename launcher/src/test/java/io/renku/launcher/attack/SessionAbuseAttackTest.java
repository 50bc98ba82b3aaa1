package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions as a remote shell or an unbounded resource (issue 15, items 1 and the session items of
 * "to check"), played through the gateway of a local platform, whose sessions are processes on its
 * own machine.
 */
class SessionAbuseAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform p;

  @BeforeAll
  static void platform() throws Exception {
    p = AttackPlatform.get();
  }

  private static String fresh(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String json(Object body) {
    return JSON.writeValueAsString(body);
  }

  /** A user who just signed up (registered at the first request), and their namespace. */
  private record User(String token, String namespace) {}

  private static User signUp(String name, boolean admin) throws Exception {
    String token = p.token(fresh(name), admin);
    HttpResponse<String> me = p.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return new User(token, AttackPlatform.json(me.body()).path("username").asString());
  }

  private static String project(User owner, String visibility) throws Exception {
    HttpResponse<String> r =
        p.send(
            "POST",
            "/api/data/projects",
            owner.token(),
            json(
                Map.of(
                    "name",
                    "Target",
                    "slug",
                    fresh("target"),
                    "namespace",
                    owner.namespace(),
                    "visibility",
                    visibility)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  /** A launcher whose own environment runs {@code command}; returns the answer. */
  private static HttpResponse<String> customLauncher(
      String token, String projectId, List<String> command) throws Exception {
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("environment_kind", "CUSTOM");
    environment.put("name", "Mine");
    environment.put("container_image", "debian:bookworm");
    environment.put("command", command);
    return p.send(
        "POST",
        "/api/data/session_launchers",
        token,
        json(Map.of("name", fresh("l"), "project_id", projectId, "environment", environment)));
  }

  /** An administrator's launcher whose sessions fail at once (no process is left behind). */
  private static String failingLauncher(User admin, String projectId) throws Exception {
    HttpResponse<String> r = customLauncher(admin.token(), projectId, List.of("/nonexistent/x"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  private static JsonNode error(HttpResponse<String> r) {
    return AttackPlatform.json(r.body()).path("error");
  }

  @Test
  void aFreshSignUpCannotMakeTheHostRunItsCommand() throws Exception {
    User mallory = signUp("mallory", false);
    String projectId = project(mallory, "public");
    HttpResponse<String> r =
        customLauncher(mallory.token(), projectId, List.of("/bin/sh", "-c", "id > /tmp/x"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(error(r).path("detail").asString()).isEqualTo("environment.command");
    assertThat(error(r).path("message").asString()).contains("administrators");
    HttpResponse<String> list =
        p.send(
            "GET", "/api/data/projects/" + projectId + "/session_launchers", mallory.token(), null);
    assertThat(AttackPlatform.json(list.body()).size()).as("nothing was stored").isZero();
  }

  @Test
  void aProjectEditorCannotLearnEveryUsersSessionToken() throws Exception {
    User editor = signUp("editor", false);
    String projectId = project(editor, "public");
    String global = null;
    for (JsonNode e :
        AttackPlatform.json(p.send("GET", "/api/data/environments", null, null).body())) {
      global = e.path("id").asString();
    }
    assertThat(global).as("local mode has its Jupyter environment").isNotNull();
    HttpResponse<String> r =
        p.send(
            "POST",
            "/api/data/session_launchers",
            editor.token(),
            json(
                Map.of(
                    "name",
                    "Jupyter",
                    "project_id",
                    projectId,
                    "environment",
                    Map.of("id", global),
                    "env_variables",
                    List.of(
                        Map.of("name", "GREETING", "value", "hi"),
                        Map.of("name", "JUPYTER_TOKEN", "value", "known-to-the-editor")))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(error(r).path("detail").asString()).isEqualTo("env_variables[1].name");
  }

  @Test
  void anonymousVisitorsStartNothingUnlessTheAdminAllowsIt() throws Exception {
    User admin = signUp("admin", true);
    User owner = signUp("owner", false);
    String launcherId = failingLauncher(admin, project(owner, "public"));
    HttpClient visitor =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager()) // a browser: the gateway's anonymous cookie
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> refused = startAnonymously(visitor, launcherId);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(error(refused).path("message").asString())
        .contains("Anonymous sessions are turned off")
        .contains("log in");

    setAnonymousSessions(admin, true);
    try {
      HttpResponse<String> started = startAnonymously(visitor, launcherId);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
      String name = AttackPlatform.json(started.body()).path("name").asString();
      HttpResponse<String> deleted =
          visitor.send(
              HttpRequest.newBuilder(URI.create(p.base + "/api/data/sessions/" + name))
                  .header("Origin", p.base)
                  .DELETE()
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    } finally {
      setAnonymousSessions(admin, false);
    }
  }

  private static HttpResponse<String> startAnonymously(HttpClient visitor, String launcherId)
      throws Exception {
    return visitor.send(
        HttpRequest.newBuilder(URI.create(p.base + "/api/data/sessions"))
            .header("Content-Type", "application/json")
            .header("Origin", p.base) // a page of the platform, as the browser would send
            .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("launcher_id", launcherId))))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void setAnonymousSessions(User admin, boolean enabled) throws Exception {
    HttpResponse<String> now = p.send("GET", "/api/data/platform/config", null, null);
    HttpResponse<String> set =
        p.send(
            "PATCH",
            "/api/data/platform/config",
            admin.token(),
            json(Map.of("anonymous_sessions_enabled", enabled)),
            Map.of("If-Match", AttackPlatform.json(now.body()).path("etag").asString()));
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
  }

  @Test
  void oneCallerCannotStartSessionsWithoutEnd() throws Exception {
    User admin = signUp("admin", true);
    User greedy = signUp("greedy", false);
    String projectId = project(greedy, "private");
    List<String> names = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = start(greedy, failingLauncher(admin, projectId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        names.add(AttackPlatform.json(r.body()).path("name").asString());
      }
      HttpResponse<String> sixth = start(greedy, failingLauncher(admin, projectId));
      assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(409);
      assertThat(error(sixth).path("message").asString()).contains("5 sessions");
    } finally {
      for (String name : names) {
        p.send("DELETE", "/api/data/sessions/" + name, greedy.token(), null);
      }
    }
  }

  private static HttpResponse<String> start(User who, String launcherId) throws Exception {
    return p.send(
        "POST", "/api/data/sessions", who.token(), json(Map.of("launcher_id", launcherId)));
  }

  @Test
  void theImageCheckIsNotAnAnonymousProbe() throws Exception {
    HttpResponse<String> r =
        p.send(
            "GET", "/api/data/sessions/images?image_url=169.254.169.254.nip.io/x/y:1", null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(error(r).path("code").asInt()).isEqualTo(1401);
  }
}
