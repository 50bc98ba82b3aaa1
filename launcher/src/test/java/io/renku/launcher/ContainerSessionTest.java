package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.LocalImages;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
 * Sessions in containers through the whole local platform ({@code --session-runtime container}, the
 * real podman), reached only through the gateway's port: an administrator's environment with a
 * busybox image built here, a normal user's project whose repository (a bare git repository served
 * over git's dumb HTTP on loopback) is cloned into the session, the session's page through {@code
 * /sessions/<name>/} for its owner only, a normal user's own image and command (allowed with
 * containers), a missing image, and deletion removing the container and its volume.
 */
class ContainerSessionTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String README = "hello from the project's repository";
  private static final String MISSING_IMAGE = "localhost/renku-test/container-session-missing:none";

  /** Serves a page with the cloned repository's README under the session's base path. */
  private static final String SERVE =
      "www=/tmp/www$RENKU_BASE_URL_PATH; mkdir -p $www"
          + " && { echo '<h1>container session</h1>';"
          + " cat $RENKU_MOUNT_DIR/contract-repo/README.md; } > $www/index.html"
          + " && exec httpd -f -p $RENKU_SESSION_PORT -h /tmp/www";

  private static Path dataDir;
  private static Path gitDir;
  private static HttpServer gitServer;
  private static String repoUrl;
  private static LocalPlatform platform;
  private static Podman podman;
  private static String image;
  private static String base;
  private static String adminToken;
  private static final List<String> sessions = new ArrayList<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    dataDir = Files.createTempDirectory("renku-container-session");
    podman =
        EngineSetup.detect(dataDir.resolve("test-engine"))
            .orElseThrow(() -> new IllegalStateException("these tests need podman"))
            .podman();
    image =
        new LocalImages(podman, LocalImages.defaultCacheDir(), System.out::println)
            .ensureBusyboxHttpd();
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
    adminToken = token("admin", true);
  }

  private static void serveARepository() throws Exception {
    gitDir = Files.createTempDirectory("renku-container-session-git");
    Path bare = gitDir.resolve("contract-repo.git");
    Path work = gitDir.resolve("work");
    Files.createDirectories(work);
    git(gitDir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    git(work, "init", "--quiet", "--initial-branch=main", ".");
    Files.writeString(work.resolve("README.md"), README + "\n");
    git(work, "add", "README.md");
    git(work, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "one");
    git(work, "push", "--quiet", bare.toString(), "main");
    git(bare, "update-server-info");
    gitServer =
        SimpleFileServer.createFileServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            gitDir,
            SimpleFileServer.OutputLevel.NONE);
    gitServer.start();
    repoUrl = "http://127.0.0.1:" + gitServer.getAddress().getPort() + "/contract-repo.git";
  }

  @AfterAll
  static void stopPlatform() throws IOException {
    if (platform != null) {
      platform.close();
    }
    if (gitServer != null) {
      gitServer.stop(0);
    }
    // what the platform keeps after it stops: the sessions' work volumes
    for (String name : sessions) {
      for (String id : labelled("ps", name, "{{.ID}}")) {
        podman.exec(List.of("rm", "--force", "--time", "0", id), Duration.ofSeconds(30));
      }
      for (String volume : labelled("volume", name, "{{.Name}}")) {
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
  void aProjectsSessionRunsInAContainerWithItsRepositoryForItsOwnerOnly() throws Exception {
    String environment =
        ok(
                send(
                    "POST",
                    "/api/data/environments",
                    adminToken,
                    environmentFields("Busybox " + suffix(), image)),
                201)
            .path("id")
            .asString();

    String owner = token("owner", false);
    String project = project(owner, List.of(repoUrl));
    String launcher = launcher(owner, project, Map.of("id", environment));
    String name = start(owner, launcher);

    JsonNode running = awaitState(owner, name, "running");
    assertThat(
            running.path("status").path("message").isNull()
                || running.path("status").path("message").isMissingNode())
        .as("no clone warning: " + running.path("status"))
        .isTrue();
    HttpResponse<String> page = send("GET", "/sessions/" + name + "/", owner, null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("container session").contains(README);
    assertThat(labelled("ps", name, "{{.Image}}")).containsExactly(image);

    String stranger = token("stranger", false);
    assertThat(send("GET", "/api/data/sessions/" + name, stranger, null).statusCode())
        .isEqualTo(404);
    HttpResponse<String> strangers = send("GET", "/sessions/" + name + "/", stranger, null);
    assertThat(strangers.statusCode()).isEqualTo(404);
    assertThat(strangers.body()).doesNotContain(README);
  }

  /**
   * Issue 20 end to end: a project's two data connectors (a WebDAV server of the test's, with a
   * password, served by rclone on loopback; one read-only) and a secret slot filled by its owner
   * reach the session: the connector credential and the slot's value go from the data service's
   * sealed store through the real secrets service into the session, and the password never shows in
   * an answer or a process listing.
   */
  @Test
  void aProjectsDataConnectorsAndSecretSlotsReachItsSession() throws Exception {
    String password = "dav-pass-" + suffix();
    String planted = "slot-value-" + suffix();
    Path davDir = Files.createTempDirectory("renku-container-session-dav");
    Files.writeString(davDir.resolve("hello.txt"), "hello from webdav\n");
    int davPort;
    try (ServerSocket s = new ServerSocket(0)) {
      davPort = s.getLocalPort();
    }
    Process dav =
        new ProcessBuilder(
                "rclone",
                "serve",
                "webdav",
                davDir.toString(),
                "--addr",
                "127.0.0.1:" + davPort,
                "--user",
                "u",
                "--pass",
                password,
                "--config",
                "/dev/null")
            .redirectErrorStream(true)
            .redirectOutput(davDir.resolveSibling(davDir.getFileName() + ".log").toFile())
            .start();
    try {
      String owner = token("mounter", false);
      String namespace =
          ok(send("GET", "/api/data/user", owner, null), 200).path("username").asString();
      String project = project(owner, List.of());

      // a secret slot, filled with one of the owner's secrets
      String secret =
          ok(
                  send(
                      "POST",
                      "/api/data/user/secrets",
                      owner,
                      Map.of("name", "Token " + suffix(), "value", planted)),
                  201)
              .path("id")
              .asString();
      String slot =
          ok(
                  send(
                      "POST",
                      "/api/data/session_secret_slots",
                      owner,
                      Map.of("project_id", project, "filename", "api-token", "name", "API token")),
                  201)
              .path("id")
              .asString();
      ok(
          send(
              "PATCH",
              "/api/data/projects/" + project + "/session_secrets",
              owner,
              List.of(Map.of("secret_slot_id", slot, "secret_id", secret))),
          201);

      // two connectors of the same server, the password saved as the owner's credential
      String rw = connector(owner, namespace, davPort, "dav-rw", false);
      String ro = connector(owner, namespace, davPort, "dav-ro", true);
      for (String c : List.of(rw, ro)) {
        ok(
            send(
                "POST",
                "/api/data/data_connectors/" + c + "/project_links",
                owner,
                Map.of("project_id", project)),
            201);
        HttpResponse<String> saved =
            send(
                "PATCH",
                "/api/data/data_connectors/" + c + "/secrets",
                owner,
                List.of(Map.of("name", "pass", "value", password)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(saved.body()).doesNotContain(password);
      }

      Map<String, Object> env = new LinkedHashMap<>(environmentFields("Data", image));
      env.put("environment_kind", "CUSTOM");
      env.put(
          "args",
          List.of(
              "www=/tmp/www$RENKU_BASE_URL_PATH; mkdir -p $www && {"
                  + " echo \"RW=$(cat dav-rw/hello.txt)\";"
                  + " echo \"RO=$(cat dav-ro/hello.txt)\";"
                  + " if touch dav-ro/refused.txt 2>/dev/null; then echo RO_WRITABLE;"
                  + " else echo RO_REFUSED; fi;"
                  + " if echo written > dav-rw/from-session.txt; then echo RW_WRITTEN; fi;"
                  + " echo \"SECRET=$(cat /secrets/api-token)\";"
                  + " ls -ln /secrets/api-token;"
                  + " } > $www/index.html 2>&1"
                  + " && exec httpd -f -p $RENKU_SESSION_PORT -h /tmp/www"));
      String name = start(owner, launcher(owner, project, env));
      JsonNode running = awaitState(owner, name, "running");
      assertThat(running.toString()).doesNotContain(password).doesNotContain(planted);
      assertThat(
              running.path("status").path("message").isNull()
                  || running.path("status").path("message").isMissingNode())
          .as("no mount warning: " + running.path("status"))
          .isTrue();

      HttpResponse<String> page = send("GET", "/sessions/" + name + "/", owner, null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(page.body())
          .contains("RW=hello from webdav")
          .contains("RO=hello from webdav")
          .contains("RO_REFUSED")
          .contains("RW_WRITTEN")
          .contains("SECRET=" + planted);
      // the slot's file: the session user's (uid 1000 in this environment) and no one else's
      assertThat(page.body()).containsPattern("-r-------- +1 +1000 +1000 .*api-token");
      // rclone uploads a written file shortly after it is closed (its write-back delay)
      Path written = davDir.resolve("from-session.txt");
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(written) && System.nanoTime() < until) {
        Thread.sleep(200);
      }
      assertThat(Files.readString(written).strip()).isEqualTo("written");
      assertThat(Files.exists(davDir.resolve("refused.txt"))).isFalse();

      Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
      String listing = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      ps.waitFor();
      // the test's own WebDAV server has the password in its arguments; the platform's mounts not
      List<String> platformProcesses =
          listing.lines().filter(l -> !l.contains("rclone serve webdav")).toList();
      assertThat(platformProcesses).anyMatch(l -> l.contains("rclone") && l.contains(" mount "));
      assertThat(String.join("\n", platformProcesses))
          .doesNotContain(password)
          .doesNotContain(planted);

      // nor in what podman keeps of the container (its arguments, environment and mounts)
      for (String id : labelled("ps", name, "{{.ID}}")) {
        Podman.Result inspected = podman.exec(List.of("inspect", id), Duration.ofSeconds(30));
        assertThat(inspected.stdout()).doesNotContain(password).doesNotContain(planted);
      }
      // nor anywhere in the platform's files (the database with its write-ahead log, keys, logs,
      // rclone's caches and logs) but the session's own secrets directory, which the session reads
      assertThat(filesHolding(dataDir.resolve("platform"), password, planted))
          .as("the scan finds the slot's file, and nothing else")
          .isNotEmpty()
          .allMatch(p -> p.toString().contains("session-secrets"), "only under session-secrets");

      assertThat(send("DELETE", "/api/data/sessions/" + name, owner, null).statusCode())
          .isEqualTo(204);
      assertThat(filesHolding(dataDir.resolve("platform"), password, planted))
          .as("nothing holds the values once the session is gone")
          .isEmpty();
      assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
          .as("no FUSE mount of the session left")
          .doesNotContain(name);
      try (var left = Files.list(dataDir.resolve("platform"))) {
        assertThat(
                left.flatMap(ContainerSessionTest::walk)
                    .filter(p -> p.getFileName().toString().equals(name))
                    .toList())
            .as("no directory of the deleted session left")
            .isEmpty();
      }
    } finally {
      dav.destroy();
      try (var paths = Files.walk(davDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The regular files below {@code root} whose bytes contain one of {@code values}. */
  private static List<Path> filesHolding(Path root, String... values) throws IOException {
    List<byte[]> needles =
        java.util.Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    List<Path> found = new ArrayList<>();
    try (var paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(p);
        } catch (IOException gone) {
          continue; // a file removed meanwhile (a temporary one of Postgres)
        }
        for (byte[] needle : needles) {
          if (indexOf(bytes, needle) >= 0) {
            found.add(p);
            break;
          }
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static java.util.stream.Stream<Path> walk(Path p) {
    try {
      return Files.walk(p, 3);
    } catch (IOException e) {
      return java.util.stream.Stream.empty();
    }
  }

  private static String connector(
      String token, String namespace, int davPort, String slug, boolean readonly) throws Exception {
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("type", "webdav");
    configuration.put("url", "http://127.0.0.1:" + davPort);
    configuration.put("vendor", "other");
    configuration.put("user", "u");
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("configuration", configuration);
    storage.put("source_path", "/");
    storage.put("target_path", slug);
    storage.put("readonly", readonly);
    return ok(
            send(
                "POST",
                "/api/data/data_connectors",
                token,
                Map.of(
                    "name",
                    "WebDAV " + slug,
                    "namespace",
                    namespace,
                    "slug",
                    slug + "-" + suffix(),
                    "visibility",
                    "private",
                    "storage",
                    storage)),
            201)
        .path("id")
        .asString();
  }

  @Test
  void aNormalUserMayGiveALauncherItsOwnImageAndCommand() throws Exception {
    String owner = token("custom", false);
    String project = project(owner, List.of(repoUrl));
    Map<String, Object> own = new LinkedHashMap<>(environmentFields("Own", image));
    own.put("environment_kind", "CUSTOM");
    String launcher = launcher(owner, project, own);
    String name = start(owner, launcher);

    awaitState(owner, name, "running");
    HttpResponse<String> page = send("GET", "/sessions/" + name + "/", owner, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(README);
  }

  @Test
  void anImageThatDoesNotExistFailsAndLeavesNoContainer() throws Exception {
    String owner = token("missing", false);
    String project = project(owner, List.of());
    Map<String, Object> own = new LinkedHashMap<>(environmentFields("Missing", MISSING_IMAGE));
    own.put("environment_kind", "CUSTOM");
    String name = start(owner, launcher(owner, project, own));

    JsonNode failed = awaitState(owner, name, "failed");
    assertThat(failed.path("status").path("message").asString()).contains(MISSING_IMAGE);
    assertThat(labelled("ps", name, "{{.ID}}")).as("no container of it").isEmpty();
  }

  @Test
  void deletingASessionRemovesItsContainerAndItsVolume() throws Exception {
    String owner = token("deleter", false);
    String project = project(owner, List.of(repoUrl));
    Map<String, Object> own = new LinkedHashMap<>(environmentFields("Own", image));
    own.put("environment_kind", "CUSTOM");
    String name = start(owner, launcher(owner, project, own));
    awaitState(owner, name, "running");
    assertThat(labelled("ps", name, "{{.ID}}")).hasSize(1);
    assertThat(labelled("volume", name, "{{.Name}}")).hasSize(1);

    assertThat(send("DELETE", "/api/data/sessions/" + name, owner, null).statusCode())
        .isEqualTo(204);
    assertThat(labelled("ps", name, "{{.ID}}")).as("the container").isEmpty();
    assertThat(labelled("volume", name, "{{.Name}}")).as("the work volume").isEmpty();
    assertThat(send("GET", "/api/data/sessions/" + name, owner, null).statusCode()).isEqualTo(404);
  }

  @Test
  void anImageInTheLocalEngineIsAccessible() throws Exception {
    String user = token("images", false);
    JsonNode present =
        ok(send("GET", "/api/data/sessions/images?image_url=" + encode(image), user, null), 200);
    assertThat(present.path("accessible").asBoolean()).isTrue();
    JsonNode missing =
        ok(
            send("GET", "/api/data/sessions/images?image_url=" + encode(MISSING_IMAGE), user, null),
            200);
    assertThat(missing.path("accessible").asBoolean()).isFalse();
  }

  /**
   * A fresh sign-up's own command, played through the gateway: it writes a file to /tmp, reads the
   * platform's keys, asks who it is and tries to gain privileges, and serves what it saw. None of
   * it reaches the host.
   */
  @Test
  void aUsersCommandCannotTouchTheHost() throws Exception {
    String marker = "renku-escape-" + suffix();
    Path platformDir = dataDir.resolve("platform");
    Path keys = platformDir.resolve("keys").resolve("postgres-password");
    assertThat(keys).as("the platform's own secret exists on the host").exists();
    String probe =
        "www=/tmp/www$RENKU_BASE_URL_PATH; mkdir -p $www; {"
            + " echo uid=$(id -u);"
            + " echo written > /tmp/"
            + marker
            + " && echo wrote-tmp;"
            + " cat "
            + keys
            + " 2>/dev/null && echo READ-KEYS || echo no-keys;"
            + " ls "
            + platformDir
            + " 2>/dev/null && echo SAW-DATA-DIR || echo no-data-dir;"
            + " grep CapEff /proc/self/status;"
            + " } > $www/index.html; exec httpd -f -p $RENKU_SESSION_PORT -h /tmp/www";
    String attacker = token("attacker", false);
    String project = project(attacker, List.of());
    Map<String, Object> own = new LinkedHashMap<>(environmentFields("Probe", image));
    own.put("environment_kind", "CUSTOM");
    own.put("args", List.of(probe));
    String name = start(attacker, launcher(attacker, project, own));
    awaitState(attacker, name, "running");

    HttpResponse<String> page = send("GET", "/sessions/" + name + "/", attacker, null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body())
        .contains("uid=1000")
        .contains("wrote-tmp")
        .contains("no-keys")
        .contains("no-data-dir")
        .contains("CapEff:\t0000000000000000")
        .doesNotContain("READ-KEYS")
        .doesNotContain("SAW-DATA-DIR");
    assertThat(Path.of("/tmp", marker)).as("the container's /tmp is not the host's").doesNotExist();
  }

  /**
   * Repository URLs that would make the platform's own git read the host or run a program are not
   * cloned; the session still starts and says why.
   */
  @Test
  void repositoryUrlsThatReachTheHostAreNotCloned() throws Exception {
    String marker = "renku-ext-" + suffix();
    String attacker = token("repos", false);
    String project =
        project(
            attacker,
            List.of(
                repoUrl, // the page serves its README
                "file:///etc",
                "ext::sh -c touch% /tmp/" + marker,
                "ssh://localhost/x.git"));
    Map<String, Object> own = new LinkedHashMap<>(environmentFields("Repos", image));
    own.put("environment_kind", "CUSTOM");
    String name = start(attacker, launcher(attacker, project, own));

    JsonNode running = awaitState(attacker, name, "running");
    String message = running.path("status").path("message").asString();
    assertThat(message).contains("Not cloned: file:///etc").contains("Not cloned: ext::");
    assertThat(Path.of("/tmp", marker)).as("git's ext transport never ran").doesNotExist();
    String logs = send("GET", "/api/data/sessions/" + name + "/logs", attacker, null).body();
    assertThat(logs).contains("Not cloned: ssh://localhost/x.git");
  }

  /** Options hidden in an environment's fields reach podman as values, or are refused. */
  @Test
  void rootAndOptionLikeFieldsAreRefused() throws Exception {
    String attacker = token("options", false);
    String project = project(attacker, List.of());
    Map<String, Object> root = new LinkedHashMap<>(environmentFields("Root", image));
    root.put("environment_kind", "CUSTOM");
    root.put("uid", 0);
    HttpResponse<String> refused =
        send(
            "POST",
            "/api/data/session_launchers",
            attacker,
            Map.of("name", "root", "project_id", project, "environment", root));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("uid");

    Map<String, Object> mount = new LinkedHashMap<>(environmentFields("Mount", image));
    mount.put("environment_kind", "CUSTOM");
    mount.put("mount_directory", "/home/renku/work:rw,suid,dev");
    String name = start(attacker, launcher(attacker, project, mount));
    JsonNode failed = awaitState(attacker, name, "failed");
    assertThat(failed.path("status").path("message").asString()).contains("absolute path");
    assertThat(labelled("ps", name, "{{.ID}}")).isEmpty();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Map<String, Object> environmentFields(String name, String image) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", name);
    e.put("container_image", image);
    e.put("default_url", "/");
    e.put("port", 8080);
    e.put("uid", 1000);
    e.put("gid", 1000);
    e.put("command", List.of("/bin/sh", "-c"));
    e.put("args", List.of(SERVE));
    return e;
  }

  private static String project(String token, List<String> repositories) throws Exception {
    String namespace =
        ok(send("GET", "/api/data/user", token, null), 200).path("username").asString();
    return ok(
            send(
                "POST",
                "/api/data/projects",
                token,
                Map.of(
                    "name",
                    "Containers " + suffix(),
                    "namespace",
                    namespace,
                    "repositories",
                    repositories)),
            201)
        .path("id")
        .asString();
  }

  private static String launcher(String token, String project, Map<String, Object> environment)
      throws Exception {
    return ok(
            send(
                "POST",
                "/api/data/session_launchers",
                token,
                Map.of("name", "L " + suffix(), "project_id", project, "environment", environment)),
            201)
        .path("id")
        .asString();
  }

  private static String start(String token, String launcher) throws Exception {
    String name =
        ok(send("POST", "/api/data/sessions", token, Map.of("launcher_id", launcher)), 201)
            .path("name")
            .asString();
    sessions.add(name);
    return name;
  }

  private static JsonNode awaitState(String token, String name, String state) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = ok(send("GET", "/api/data/sessions/" + name, token, null), 200);
      String now = last.path("status").path("state").asString();
      if (now.equals(state)) {
        return last;
      }
      if (now.equals("failed")) {
        throw new AssertionError(name + " failed: " + last.path("status"));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " is not " + state + ": " + last);
  }

  /** A token of a fresh user (their account appears at the first request). */
  private static String token(String who, boolean admin) throws Exception {
    String id = who + "-" + suffix();
    String token =
        LocalTokens.mint(
            platform.keys(),
            platform.issuer(),
            id,
            id + "@example.org",
            who,
            "Test",
            admin,
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

  /** Containers ({@code ps}) or volumes ({@code volume}) of a session, in {@code format}. */
  private static List<String> labelled(String what, String session, String format) {
    List<String> argv =
        new ArrayList<>(what.equals("ps") ? List.of("ps", "--all") : List.of(what, "ls"));
    argv.addAll(List.of("--filter", "label=io.renku.session=" + session, "--format", format));
    Podman.Result r = podman.exec(argv, Duration.ofSeconds(30));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  private static String suffix() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
