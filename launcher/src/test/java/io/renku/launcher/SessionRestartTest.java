package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions outlive a platform restart: a running session is started again on the same files (the
 * platform stops its processes when it stops), and a paused one stays paused. A small Python HTTP
 * server stands in for Jupyter so that the test stays quick.
 */
class SessionRestartTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  private static HttpResponse<String> send(String url, String method, String token, Object body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private static void awaitState(String api, String token, String name, String state)
      throws Exception {
    String last = "";
    for (int i = 0; i < 300; i++) {
      last =
          ok(send(api + "sessions/" + name, "GET", token, null), 200)
              .path("status")
              .path("state")
              .asString();
      if (last.equals(state)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " is " + last + ", not " + state);
  }

  /**
   * A launcher's own environment: Python's HTTP server, quick to start, standing in for Jupyter.
   */
  private static Map<String, Object> pythonServer() {
    return Map.of(
        "environment_kind",
        "CUSTOM",
        "name",
        "Python HTTP server",
        "container_image",
        "python:3-slim",
        "default_url",
        "/",
        "command",
        List.of("/usr/bin/python3", "-u", "-m", "http.server"),
        "args",
        List.of("$(RENKU_SESSION_PORT)", "--bind", "$(RENKU_SESSION_IP)"));
  }

  /** Whether the session's own server (Python's, by its Server header) answered the gateway. */
  private static boolean servedBySession(String base, String name, String token) throws Exception {
    HttpResponse<String> r = send(base + "/sessions/" + name + "/", "GET", token, null);
    return r.headers().firstValue("Server").orElse("").startsWith("SimpleHTTP");
  }

  @Test
  void runningSessionsComeBackAndPausedOnesStayPaused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LauncherOptions options =
        LauncherOptions.parse(
            new String[] {
              "up",
              "--session-runtime",
              "process",
              "--data-dir",
              dataDir.toString(),
              "--port",
              String.valueOf(port)
            });
    String base = "http://localhost:" + port;
    String api = base + "/api/data/";
    String token;
    String running;
    String paused;
    try (LocalPlatform platform = LocalPlatform.start(options)) {
      token =
          LocalTokens.mint(
              // an admin: with sessions as local processes only admins give launchers a command
              platform.keys(),
              platform.issuer(),
              "ada-id",
              "ada@example.org",
              "Ada",
              "L",
              true,
              Duration.ofHours(1));
      ok(send(api + "user", "GET", token, null), 200);
      String project =
          ok(
                  send(
                      api + "projects",
                      "POST",
                      token,
                      Map.of("name", "Restart", "namespace", "ada")),
                  201)
              .path("id")
              .asString();
      Map<String, Object> environment = pythonServer();
      String[] launchers = new String[2];
      for (int i = 0; i < 2; i++) {
        launchers[i] =
            ok(
                    send(
                        api + "session_launchers",
                        "POST",
                        token,
                        Map.of("name", "L" + i, "project_id", project, "environment", environment)),
                    201)
                .path("id")
                .asString();
      }
      running =
          ok(send(api + "sessions", "POST", token, Map.of("launcher_id", launchers[0])), 201)
              .path("name")
              .asString();
      paused =
          ok(send(api + "sessions", "POST", token, Map.of("launcher_id", launchers[1])), 201)
              .path("name")
              .asString();
      awaitState(api, token, running, "running");
      awaitState(api, token, paused, "running");
      ok(send(api + "sessions/" + paused, "PATCH", token, Map.of("state", "hibernated")), 200);
      Files.writeString(
          dataDir.resolve("sessions").resolve(running).resolve("work").resolve("kept.txt"),
          "still here");
      assertThat(servedBySession(base, running, token)).isTrue();
    }

    try (LocalPlatform platform = LocalPlatform.start(options)) {
      awaitState(api, token, running, "running");
      assertThat(
              ok(send(api + "sessions/" + paused, "GET", token, null), 200)
                  .path("status")
                  .path("state")
                  .asString())
          .isEqualTo("hibernated");
      assertThat(
              Files.readString(
                  dataDir.resolve("sessions").resolve(running).resolve("work").resolve("kept.txt")))
          .isEqualTo("still here");
      assertThat(servedBySession(base, running, token))
          .as("the session answers through the gateway again")
          .isTrue();
    }
  }

  /**
   * The upgrade to containers: a platform that ran its default environment as processes is started
   * again with containers; the environment now names the image built here, and a session paused
   * before resumes in a container of it.
   */
  @Test
  void aPausedDefaultSessionResumesInAContainerAfterTheSwitch() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://localhost:" + port;
    String api = base + "/api/data/";
    String[] common = {"up", "--data-dir", dataDir.toString(), "--port", String.valueOf(port)};
    String token;
    String name;
    String environment;
    try (LocalPlatform platform = LocalPlatform.start(options(common, "process"))) {
      token =
          LocalTokens.mint(
              platform.keys(),
              platform.issuer(),
              "grace-id",
              "grace@example.org",
              "Grace",
              "H",
              false,
              Duration.ofHours(1));
      ok(send(api + "user", "GET", token, null), 200);
      JsonNode env = ok(send(api + "environments", "GET", token, null), 200).get(0);
      assertThat(env.path("container_image").asString()).isEqualTo("debian:bookworm");
      environment = env.path("id").asString();
      String project =
          ok(
                  send(
                      api + "projects",
                      "POST",
                      token,
                      Map.of("name", "Upgrade", "namespace", "grace")),
                  201)
              .path("id")
              .asString();
      String launcher =
          ok(
                  send(
                      api + "session_launchers",
                      "POST",
                      token,
                      Map.of(
                          "name",
                          "Jupyter",
                          "project_id",
                          project,
                          "environment",
                          Map.of("id", environment))),
                  201)
              .path("id")
              .asString();
      name =
          ok(send(api + "sessions", "POST", token, Map.of("launcher_id", launcher)), 201)
              .path("name")
              .asString();
      awaitState(api, token, name, "running");
      ok(send(api + "sessions/" + name, "PATCH", token, Map.of("state", "hibernated")), 200);
    }

    try (LocalPlatform platform = LocalPlatform.start(options(common, "container"))) {
      String image = io.renku.data.session.runtime.container.LocalImages.jupyterImageName();
      assertThat(
              ok(send(api + "environments/" + environment, "GET", token, null), 200)
                  .path("container_image")
                  .asString())
          .isEqualTo(image);
      ok(send(api + "sessions/" + name, "PATCH", token, Map.of("state", "running")), 200);
      awaitState(api, token, name, "running");
      assertThat(
              ok(send(api + "sessions/" + name, "GET", token, null), 200).path("image").asString())
          .isEqualTo(image);
      String logs = send(api + "sessions/" + name + "/logs", "GET", token, null).body();
      assertThat(logs).as("started by the container runtime").contains("Container started");
      ok(send(api + "sessions/" + name, "DELETE", token, null), 204);
    }
  }

  private static LauncherOptions options(String[] common, String runtime) {
    String[] args = java.util.Arrays.copyOf(common, common.length + 2);
    args[common.length] = "--session-runtime";
    args[common.length + 1] = runtime;
    return LauncherOptions.parse(args);
  }

  @Test
  void anAnonymousVisitorReachesTheSessionItStartedByItsCookieOnly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://localhost:" + port;
    String api = base + "/api/data/";
    try (LocalPlatform platform =
        LocalPlatform.start(
            LauncherOptions.parse(
                new String[] {
                  "up",
                  "--session-runtime",
                  "process",
                  "--data-dir",
                  dataDir.toString(),
                  "--port",
                  String.valueOf(port)
                }))) {
      String token =
          LocalTokens.mint(
              // an admin: only admins give launchers a command and allow anonymous sessions
              platform.keys(),
              platform.issuer(),
              "owner-id",
              "o@example.org",
              "O",
              "W",
              true,
              Duration.ofHours(1));
      ok(send(api + "user", "GET", token, null), 200);
      String etag =
          ok(send(api + "platform/config", "GET", token, null), 200).path("etag").asString();
      HttpResponse<String> allowed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "platform/config"))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/json")
                      .header("If-Match", etag)
                      .method(
                          "PATCH",
                          HttpRequest.BodyPublishers.ofString(
                              "{\"anonymous_sessions_enabled\": true}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      String project =
          ok(
                  send(
                      api + "projects",
                      "POST",
                      token,
                      Map.of("name", "Open", "namespace", "o", "visibility", "public")),
                  201)
              .path("id")
              .asString();
      String launcher =
          ok(
                  send(
                      api + "session_launchers",
                      "POST",
                      token,
                      Map.of("name", "Py", "project_id", project, "environment", pythonServer())),
                  201)
              .path("id")
              .asString();

      // A browser without a login: the gateway gives it an anonymous id in a cookie.
      HttpClient visitor =
          HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
      HttpClient stranger =
          HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
      HttpResponse<String> started =
          visitor.send(
              HttpRequest.newBuilder(URI.create(api + "sessions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("launcher_id", launcher))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
      String name = JSON.readTree(started.body()).path("name").asString();
      String state = "";
      for (int i = 0; i < 300 && !state.equals("running"); i++) {
        Thread.sleep(100);
        state =
            JSON.readTree(
                    visitor
                        .send(
                            HttpRequest.newBuilder(URI.create(api + "sessions/" + name)).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("status")
                .path("state")
                .asString();
      }
      assertThat(state).isEqualTo("running");
      HttpRequest page =
          HttpRequest.newBuilder(URI.create(base + "/sessions/" + name + "/")).build();
      HttpResponse<String> mine = visitor.send(page, HttpResponse.BodyHandlers.ofString());
      assertThat(mine.headers().firstValue("Server").orElse("")).startsWith("SimpleHTTP");
      HttpResponse<String> theirs = stranger.send(page, HttpResponse.BodyHandlers.ofString());
      assertThat(theirs.statusCode()).isEqualTo(404);
      assertThat(theirs.headers().firstValue("Server").orElse("")).doesNotStartWith("SimpleHTTP");
      assertThat(send(base + "/sessions/" + name + "/", "GET", token, null).statusCode())
          .as("not even the project's owner")
          .isEqualTo(404);
    }
  }
}
