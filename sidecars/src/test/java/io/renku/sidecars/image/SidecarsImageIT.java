package io.renku.sidecars.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renku.sidecars.cloner.CloneCommandTestRepos;
import io.renku.sidecars.testing.GitHttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image {@code jib:buildTar} made, loaded into podman and run as the operator runs it: the auth
 * proxy in a pod in front of a web server container (busybox httpd), and the cloner cloning a
 * repository served from the host into a mounted directory. Skipped only where podman is missing.
 * Containers are named {@code sc17-*} and removed; the images stay as the cache.
 */
class SidecarsImageIT {
  static final String TOKEN = "image-test-token-4242";
  static final String HTTPD_IMAGE = "localhost/renku/sidecars-test-httpd:1";
  static final String RUN = "sc17-" + UUID.randomUUID().toString().substring(0, 8);
  static Path conf;
  static String image;
  static final List<String> cleanup = new ArrayList<>();

  @TempDir static Path tmp;

  record Result(int code, String out) {}

  static Result podman(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("podman"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("podman " + args[0] + " did not end");
    }
    return new Result(p.exitValue(), out);
  }

  static Result ok(String... args) throws Exception {
    Result r = podman(args);
    assertThat(r.code()).as("podman " + String.join(" ", args) + "\n" + r.out()).isZero();
    return r;
  }

  @BeforeAll
  static void loadImage() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/podman")),
        "podman is not installed: the sidecars image is not run (./renku test installs it)");
    conf = tmp.resolve("containers.conf");
    boolean cgroupV2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    Files.writeString(
        conf,
        "[containers]\ndefault_ulimits = []\n"
            + (cgroupV2 ? "" : "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"));
    image = System.getProperty("sidecars.image.name");
    Path tar = Path.of(System.getProperty("sidecars.image.tar"));
    ok("load", "-q", "-i", tar.toString());
    if (podman("image", "exists", HTTPD_IMAGE).code() != 0) {
      Path ctx = Files.createDirectories(tmp.resolve("httpd"));
      Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
      Files.writeString(
          ctx.resolve("Containerfile"),
          "FROM scratch\nCOPY busybox /bin/busybox\n"
              + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox --install -s /bin && mkdir -p /www"
              + " && echo session-home > /www/index.html\"]\n"
              + "CMD [\"/bin/httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
      ok("build", "-q", "-t", HTTPD_IMAGE, ctx.toString());
    }
  }

  @AfterAll
  static void removeContainers() throws Exception {
    if (conf == null) {
      return;
    }
    for (String c : cleanup.reversed()) {
      if (c.startsWith("pod:")) {
        podman("pod", "rm", "-f", c.substring(4));
      } else {
        podman("rm", "-f", c);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void authProxyInAPodRefusesWithoutTheTokenPassesWithItAndAnswersHealth() throws Exception {
    int port = freePort();
    int meta = freePort();
    String pod = RUN + "-pod";
    Path secret = Files.createDirectories(tmp.resolve("secret"));
    Files.writeString(
        secret.resolve("auth"), "authproxy:\n  token: " + TOKEN + "\n  cookie_key: renku-auth\n");
    Files.setPosixFilePermissions(
        secret.resolve("auth"), PosixFilePermissions.fromString("rw-r--r--"));
    ok(
        "pod",
        "create",
        "--name",
        pod,
        "--label",
        "sc17=1",
        "-p",
        "127.0.0.1:" + port + ":8000",
        "-p",
        "127.0.0.1:" + meta + ":8001");
    cleanup.add("pod:" + pod);
    ok("run", "-d", "--pod", pod, "--name", pod + "-session", "--user", "1000:1000", HTTPD_IMAGE);
    // As the operator's token-auth container: args, AUTHPROXY_* variables, uid 1000, the secret.
    ok(
        "run",
        "-d",
        "--pod",
        pod,
        "--name",
        pod + "-authproxy",
        "--user",
        "1000:1000",
        "--cap-drop",
        "ALL",
        "--memory",
        "64m",
        "-e",
        "AUTHPROXY_PORT=8000",
        "-e",
        "AUTHPROXY_META_PORT=8001",
        "-e",
        "AUTHPROXY_REMOTE=http://127.0.0.1:8080",
        "-v",
        secret + ":/etc/authproxy:ro",
        image,
        "proxy",
        "serve",
        "--config",
        "/etc/authproxy/auth");

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + port;
    int health = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (health != 200 && System.nanoTime() < deadline) {
      try {
        health =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/__amalthea__/health")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    assertThat(health).as(podman("logs", pod + "-authproxy").out()).isEqualTo(200);

    HttpResponse<String> refused =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/index.html")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    HttpResponse<String> wrong =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/index.html"))
                .header("Cookie", "renku-auth=nope")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> passed =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/index.html"))
                .header("Cookie", "renku-auth=" + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(passed.body()).contains("session-home");
    HttpResponse<String> stats =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + meta + "/request_stats"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stats.body()).startsWith("{\"last_request_time\":");
    assertThat(podman("logs", pod + "-authproxy").out()).doesNotContain(TOKEN);
  }

  @Test
  void clonerClonesARepositoryFromTheHostIntoTheMountedDirectory() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed");
    Path repos = Files.createDirectories(tmp.resolve("repos"));
    CloneCommandTestRepos.makeRepo(repos.resolve("project.git"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (GitHttpServer git = new GitHttpServer(repos)) {
      String name = RUN + "-clone";
      cleanup.add(name);
      Result r =
          podman(
              "run",
              "--name",
              name,
              "--network",
              "host",
              "--user",
              "1000:1000",
              "--cap-drop",
              "ALL",
              "-v",
              work + ":/home/renku/work",
              "-w",
              "/home/renku/work",
              image,
              "cloner",
              "clone",
              "--strategy",
              "notifexist",
              "--remote",
              git.url("project.git"),
              "--path",
              "/home/renku/work");
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(work.resolve("project/README.md")).hasContent("hello");
      Result again =
          podman(
              "run",
              "--rm",
              "--network",
              "host",
              "--user",
              "1000:1000",
              "-v",
              work + ":/home/renku/work",
              image,
              "cloner",
              "clone",
              "--strategy",
              "notifexist",
              "--remote",
              git.url("project.git"),
              "--path",
              "/home/renku/work");
      assertThat(again.code()).isZero();
      assertThat(again.out()).contains("already exist, doing nothing.");
    }
  }
}
