package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Build from code through the whole local platform ({@code --session-runtime container}: builds on,
 * the registry started by the data service), reached only through the gateway's port: a small
 * Python repository served over git's HTTP on loopback becomes a launcher's environment, its build
 * succeeds with logs, the environment then runs the image from the local registry, and a session of
 * the launcher starts, answers behind its base path, and imports the repository's dependencies.
 */
class BuildFromCodeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path dataDir;
  private static Path gitDir;
  private static HttpServer gitServer;
  private static String repoUrl;
  private static LocalPlatform platform;
  private static Podman podman;
  private static String base;
  private static final List<String> sessions = new ArrayList<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    dataDir = Files.createTempDirectory("renku-test-build-platform");
    podman =
        EngineSetup.detect(dataDir.resolve("test-engine"))
            .orElseThrow(() -> new IllegalStateException("these tests need podman"))
            .podman();
    serveARepository();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    platform =
        LocalPlatform.start(
            LauncherOptions.parse(
                new String[] {
                  "up",
                  "--session-runtime",
                  "container",
                  "--data-dir",
                  dataDir.resolve("platform").toString(),
                  "--port",
                  String.valueOf(port)
                }));
    base = "http://localhost:" + port;
  }

  /** A Python project: a Debian package in apt.txt, a requirement Debian packages as well. */
  private static void serveARepository() throws Exception {
    gitDir = Files.createTempDirectory("renku-test-build-git");
    Path bare = gitDir.resolve("analysis.git");
    Path work = gitDir.resolve("work");
    Files.createDirectories(work);
    git(gitDir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    git(work, "init", "--quiet", "--initial-branch=main", ".");
    Files.writeString(work.resolve("apt.txt"), "python3-six\n");
    Files.writeString(work.resolve("requirements.txt"), "toolz>=0.9\n");
    Files.writeString(work.resolve("analysis.py"), "import six, toolz\n");
    git(work, "add", "-A");
    git(work, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "one");
    git(work, "push", "--quiet", bare.toString(), "main");
    git(bare, "update-server-info"); // what git's dumb HTTP reads
    gitServer =
        SimpleFileServer.createFileServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            gitDir,
            SimpleFileServer.OutputLevel.NONE);
    gitServer.start();
    repoUrl = "http://127.0.0.1:" + gitServer.getAddress().getPort() + "/analysis.git";
  }

  @AfterAll
  static void stopPlatform() throws IOException {
    if (platform != null) {
      platform.close();
    }
    if (gitServer != null) {
      gitServer.stop(0);
    }
    for (String name : sessions) {
      for (String id : labelled("ps", name)) {
        podman.exec(List.of("rm", "--force", "--time", "0", id), Duration.ofSeconds(30));
      }
      for (String volume : labelled("volume", name)) {
        podman.exec(List.of("volume", "rm", "--force", volume), Duration.ofSeconds(30));
      }
    }
    for (Path dir : new Path[] {gitDir, dataDir}) {
      if (dir != null) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void aRepositoryBuildsIntoTheLaunchersImageAndItsSessionImportsTheDependencies()
      throws Exception {
    String owner = token("builder");
    String namespace =
        ok(send("GET", "/api/data/user", owner, null), 200).path("username").asString();
    String project =
        ok(
                send(
                    "POST",
                    "/api/data/projects",
                    owner,
                    Map.of("name", "Build " + suffix(), "namespace", namespace)),
                201)
            .path("id")
            .asString();
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("environment_image_source", "build");
    environment.put("repository", repoUrl);
    environment.put("builder_variant", "python");
    environment.put("frontend_variant", "jupyterlab");
    environment.put("repository_revision", "main");
    JsonNode launcher =
        ok(
            send(
                "POST",
                "/api/data/session_launchers",
                owner,
                Map.of("name", "L " + suffix(), "project_id", project, "environment", environment)),
            201);
    String environmentId = launcher.path("environment").path("id").asString();

    JsonNode build =
        ok(send("POST", "/api/data/environments/" + environmentId + "/builds", owner, null), 201);
    String buildId = build.path("id").asString();
    assertThat(build.path("status").asString()).isEqualTo("in_progress");
    JsonNode done = awaitBuild(owner, buildId);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
    String image = done.path("result").path("image").asString();
    assertThat(image).matches("127\\.0\\.0\\.1:[0-9]+/renku-build:renku-" + buildId.toLowerCase());
    assertThat(done.path("result").path("repository_url").asString()).isEqualTo(repoUrl);

    JsonNode logs =
        ok(send("GET", "/api/data/builds/" + buildId + "/logs?max_lines=20", owner, null), 200);
    assertThat(logs.propertyNames()).containsExactly("clone", "build", "push");

    JsonNode env =
        ok(
                send(
                    "GET",
                    "/api/data/session_launchers/" + launcher.path("id").asString(),
                    owner,
                    null),
                200)
            .path("environment");
    assertThat(env.path("container_image").asString()).isEqualTo(image);
    assertThat(env.path("port").asInt()).isEqualTo(8888);

    String name =
        ok(
                send(
                    "POST",
                    "/api/data/sessions",
                    owner,
                    Map.of("launcher_id", launcher.path("id").asString())),
                201)
            .path("name")
            .asString();
    sessions.add(name);
    awaitRunning(owner, name);
    HttpResponse<String> page =
        send("GET", "/sessions/" + name + env.path("default_url").asString(), owner, null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Jupyter");

    List<String> containers = labelled("ps", name);
    assertThat(containers).hasSize(1);
    Podman.Result imported =
        podman.exec(
            List.of(
                "exec",
                containers.getFirst(),
                "python3",
                "-c",
                "import os, six, toolz; print('imported', os.getuid(), os.getcwd())"),
            Duration.ofSeconds(60));
    assertThat(imported.ok()).as(imported.stderr()).isTrue();
    assertThat(imported.stdout()).contains("imported 1000 /home/renku/work");
  }

  // ---- attacks through the gateway (issue 19: "each feature gets a test that plays its attacks")

  /** A private project of a fresh user; returns {token, project id}. */
  private static String[] ownerWithProject() throws Exception {
    String owner = token("owner");
    String namespace =
        ok(send("GET", "/api/data/user", owner, null), 200).path("username").asString();
    String project =
        ok(
                send(
                    "POST",
                    "/api/data/projects",
                    owner,
                    Map.of(
                        "name",
                        "Target",
                        "slug",
                        "target-" + suffix(),
                        "namespace",
                        namespace,
                        "visibility",
                        "private")),
                201)
            .path("id")
            .asString();
    return new String[] {owner, project};
  }

  private static HttpResponse<String> buildLauncher(String token, String project, String repo)
      throws Exception {
    return send(
        "POST",
        "/api/data/session_launchers",
        token,
        Map.of(
            "name",
            "From code",
            "project_id",
            project,
            "environment",
            Map.of(
                "environment_image_source",
                "build",
                "repository",
                repo,
                "builder_variant",
                "python",
                "frontend_variant",
                "jupyterlab")));
  }

  @Test
  void repositoriesThatReachMetadataEndpointsOrOtherSchemesAreRefused() throws Exception {
    String[] p = ownerWithProject();
    // Local mode on loopback allows this machine's own addresses (a researcher's local git
    // server), as the sessions' clones do; never cloud metadata endpoints, other schemes, or
    // credentials in the URL.
    for (String repo :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/repo.git",
            "http://metadata.google.internal/computeMetadata/v1/",
            "file:///etc/passwd",
            "ssh://git@example.org/repo.git",
            "ext::sh -c id",
            "https://user:secret@example.org/repo.git")) {
      HttpResponse<String> r = buildLauncher(p[0], p[1], repo);
      assertThat(r.statusCode()).as(repo + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(repo).contains("environment.repository").doesNotContain("secret");
    }
    assertThat(
            ok(send("GET", "/api/data/projects/" + p[1] + "/session_launchers", p[0], null), 200)
                .size())
        .isZero();
  }

  @Test
  void otherPeoplesBuildsCannotBeStartedSeenOrCancelled() throws Exception {
    String[] p = ownerWithProject();
    String viewer = token("looker");
    String stranger = token("stranger");
    String viewerId = ok(send("GET", "/api/data/user", viewer, null), 200).path("id").asString();
    ok(
        send(
            "PATCH",
            "/api/data/projects/" + p[1] + "/members",
            p[0],
            List.of(Map.of("id", viewerId, "role", "viewer"))),
        200);
    // A host that never resolves: the build starts and then fails at its clone.
    JsonNode launcher =
        ok(buildLauncher(p[0], p[1], "https://git.renku-attack.invalid/repo.git"), 201);
    String env = launcher.path("environment").path("id").asString();
    String builds = "/api/data/environments/" + env + "/builds";

    assertThat(anonymous("POST", builds).statusCode()).isEqualTo(401);
    assertThat(send("POST", builds, stranger, null).statusCode()).isEqualTo(404);
    assertThat(send("POST", builds, viewer, null).statusCode()).isEqualTo(403);
    String build =
        "/api/data/builds/" + ok(send("POST", builds, p[0], null), 201).path("id").asString();
    for (String path : List.of(build, build + "/logs", builds)) {
      assertThat(send("GET", path, stranger, null).statusCode()).as(path).isEqualTo(404);
      assertThat(anonymous("GET", path).statusCode()).as(path).isEqualTo(404);
      assertThat(send("GET", path, viewer, null).statusCode()).as(path).isEqualTo(200);
    }
    Map<String, String> cancel = Map.of("status", "cancelled");
    assertThat(send("PATCH", build, stranger, cancel).statusCode()).isEqualTo(404);
    assertThat(send("PATCH", build, viewer, cancel).statusCode()).isEqualTo(403);
    assertThat(
            send("GET", "/api/data/builds/" + io.renku.core.Ulid.next(), stranger, null)
                .statusCode())
        .isEqualTo(404);
    JsonNode done = awaitBuild(p[0], build.substring(build.lastIndexOf('/') + 1));
    assertThat(done.path("status").asString()).isEqualTo("failed");
    assertThat(done.path("error_reason").asString()).contains("git.renku-attack.invalid");
  }

  private static HttpResponse<String> anonymous(String method, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitBuild(String token, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = ok(send("GET", "/api/data/builds/" + id, token, null), 200);
      if (!last.path("status").asString().equals("in_progress")) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("build " + id + " did not finish: " + last);
  }

  private static void awaitRunning(String token, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = ok(send("GET", "/api/data/sessions/" + name, token, null), 200);
      String now = last.path("status").path("state").asString();
      if (now.equals("running")) {
        return;
      }
      if (now.equals("failed")) {
        throw new AssertionError(name + " failed: " + last.path("status"));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " is not running: " + last);
  }

  private static String token(String who) throws Exception {
    String id = who + "-" + suffix();
    String token =
        LocalTokens.mint(
            platform.keys(),
            platform.issuer(),
            id,
            id + "@example.org",
            who,
            "Test",
            false,
            Duration.ofHours(1));
    ok(send("GET", "/api/data/user", token, null), 200);
    return token;
  }

  private static HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
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

  /** Containers ({@code ps}) or volumes ({@code volume}) of a session. */
  private static List<String> labelled(String what, String session) {
    List<String> argv =
        new ArrayList<>(what.equals("ps") ? List.of("ps", "--all") : List.of(what, "ls"));
    argv.addAll(
        List.of(
            "--filter",
            "label=io.renku.session=" + session,
            "--format",
            what.equals("ps") ? "{{.ID}}" : "{{.Name}}"));
    Podman.Result r = podman.exec(argv, Duration.ofSeconds(30));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  private static String suffix() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
    }
  }
}
