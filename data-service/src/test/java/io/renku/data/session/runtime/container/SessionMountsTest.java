package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.secret.SecretDelivery;
import io.renku.data.session.runtime.DataSourceMount;
import io.renku.data.session.runtime.RcloneMounts;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.session.runtime.SessionMounts;
import io.renku.data.session.runtime.SessionSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container session's data connectors and secret files with this machine's real podman, rclone
 * and FUSE (decision 0033): a WebDAV server on loopback with a password (rclone's own), one
 * read-write and one read-only connector, two secret files. The secrets service is a small stand-in
 * ({@link FileDelivery}) that writes the values it was given, as the real one writes what it
 * decrypts.
 */
class SessionMountsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final String SERVE =
      "mkdir -p /tmp/www$RENKU_BASE_URL_PATH && echo ok > /tmp/www$RENKU_BASE_URL_PATH/index.html"
          + " && exec busybox httpd -f -p 0.0.0.0:$RENKU_SESSION_PORT -h /tmp/www";

  private static final String PASSWORD = "webdav-" + random();
  private static final String API_KEY = "api-key-" + random();
  private static final String TOKEN = "token-file-" + random();

  private static Path served;
  private static Process webdav;
  private static int webdavPort;
  private static String obscured;

  @TempDir Path root;
  @TempDir Path secretsRoot;

  private final List<ContainerRuntime> runtimes = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void serveWebDav() throws Exception {
    served = Files.createTempDirectory("renku-webdav-");
    Files.createDirectories(served.resolve("sub"));
    Files.writeString(served.resolve("top.txt"), "top of the storage\n");
    Files.writeString(served.resolve("sub/hello.txt"), "hello from webdav\n");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      webdavPort = s.getLocalPort();
    }
    ProcessBuilder server =
        new ProcessBuilder(
                "rclone", "serve", "webdav", served.toString(), "--addr", "127.0.0.1:" + webdavPort)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // the server's flags from its environment: the test looks for the password in `ps`
    server.environment().put("RCLONE_USER", "u");
    server.environment().put("RCLONE_PASS", PASSWORD);
    webdav = server.start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), webdavPort)) {
        break;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("rclone serve webdav did not start");
        }
        Thread.sleep(50);
      }
    }
    Process ob = new ProcessBuilder("rclone", "obscure", "-").redirectErrorStream(true).start();
    ob.getOutputStream().write(PASSWORD.getBytes(StandardCharsets.UTF_8));
    ob.getOutputStream().close();
    obscured = new String(ob.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(ob.waitFor()).isZero();
  }

  @AfterAll
  static void stopWebDav() throws Exception {
    if (webdav != null) {
      webdav.destroy();
      webdav.waitFor(10, TimeUnit.SECONDS);
    }
    deleteTree(served);
  }

  @AfterEach
  void removeSessions() {
    runtimes.forEach(ContainerRuntime::close);
    try (ContainerRuntime cleaner = runtime(new FileDelivery(secretsRoot, Map.of()))) {
      names.forEach(cleaner::delete);
    }
    assertThat(RcloneMounts.mountsBelow(root)).as("no mount left by a test").isEmpty();
  }

  @Test
  void connectorsAndSecretFilesReachTheSessionAndGoWithIt() throws Exception {
    FileDelivery delivery = new FileDelivery(secretsRoot, values());
    ContainerRuntime runtime = runtime(delivery);
    String name = newName();
    SessionMounts mounts =
        new SessionMounts(
            null,
            Map.of("api_key", "sid-api", "token.txt", "sid-token"),
            List.of(
                webdavMount("rw-data", "sid-pass", "", "data/rw", false),
                webdavMount("ro-data", "sid-pass", "sub", "/mnt/ro", true)));
    runtime.start(spec(name).withMounts(mounts));
    RuntimeStatus status = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(status.message()).as("nothing missing").isNull();

    // the storage's files, under the working directory (relative) and at an absolute path
    assertThat(exec(runtime, name, "cat /home/renku/work/data/rw/top.txt"))
        .isEqualTo("top of the storage\n");
    assertThat(exec(runtime, name, "cat /mnt/ro/hello.txt")).isEqualTo("hello from webdav\n");
    assertThat(exec(runtime, name, "stat -c '%u' /home/renku/work/data/rw/top.txt /mnt/ro"))
        .as("the session's user owns what it mounts")
        .isEqualTo("1000\n1000\n");
    // the read-only one refuses writes; the read-write one writes through to the server
    assertThat(execResult(runtime, name, "echo no > /mnt/ro/refused.txt").ok()).isFalse();
    assertThat(served.resolve("sub/refused.txt")).doesNotExist();
    assertThat(execResult(runtime, name, "echo yes > /home/renku/work/data/rw/written.txt").ok())
        .isTrue();
    awaitFile(served.resolve("written.txt"), "yes\n");

    // secret files: the session's user alone reads them
    assertThat(exec(runtime, name, "cat /secrets/api_key")).isEqualTo(API_KEY);
    assertThat(exec(runtime, name, "cat /secrets/token.txt")).isEqualTo(TOKEN);
    assertThat(exec(runtime, name, "stat -c '%a %u' /secrets/api_key /secrets/token.txt /secrets"))
        .isEqualTo("400 1000\n400 1000\n500 1000\n");
    assertThat(execResult(runtime, name, "echo x > /secrets/api_key").ok()).isFalse();
    assertThat(exec(runtime, name, "echo $RENKU_SECRETS_PATH")).isEqualTo("/secrets\n");
    assertThat(exec(runtime, name, "ls /secrets"))
        .as("no credential of a connector")
        .doesNotContain("pass");

    // no plaintext credential on a command line or in a log
    String ps = ps();
    assertThat(ps).as("the rclone daemons run").contains("rclone", root.toString());
    assertThat(ps).doesNotContain(PASSWORD).doesNotContain(obscured).doesNotContain(API_KEY);
    assertThat(allLogs(runtime, name)).doesNotContain(PASSWORD, obscured, API_KEY, TOKEN);

    // a pause unmounts; a resume from the stored session alone mounts the same again
    runtime.hibernate(name);
    assertThat(RcloneMounts.mountsBelow(root)).isEmpty();
    assertThat(fuseMounts()).noneMatch(l -> l.contains(root.toString()));
    runtime.start(spec(name));
    awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(exec(runtime, name, "cat /mnt/ro/hello.txt")).isEqualTo("hello from webdav\n");
    assertThat(exec(runtime, name, "cat /secrets/token.txt")).isEqualTo(TOKEN);
    assertThat(RcloneMounts.mountsBelow(root)).hasSize(2);

    // a delete leaves no mount, no container, no secrets
    runtime.delete(name);
    assertThat(fuseMounts()).noneMatch(l -> l.contains(root.toString()));
    assertThat(containers(runtime, name)).isEmpty();
    assertThat(secretsRoot.resolve(name)).doesNotExist();
    assertThat(root.resolve(name + ".mounts.json")).doesNotExist();
    assertThat(ps()).doesNotContain(root.toString());
  }

  @Test
  void aConnectorThatCannotBeMountedLeavesTheSessionRunningAndSaysWhich() {
    Map<String, String> values = new LinkedHashMap<>(values());
    values.put("sid-wrong", obscure("not-" + PASSWORD));
    ContainerRuntime runtime = runtime(new FileDelivery(secretsRoot, values));
    String name = newName();
    runtime.start(
        spec(name)
            .withMounts(
                new SessionMounts(
                    null,
                    Map.of(),
                    List.of(
                        webdavMount("good-one", "sid-pass", "sub", "good", true),
                        webdavMount("bad-password", "sid-wrong", "", "bad", true),
                        new DataSourceMount(
                            "host-files", "local", Map.of(), Map.of(), "/etc", "etc", true)))));
    RuntimeStatus status = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(status.message())
        .contains("Data connector 'bad-password' is not mounted")
        .contains("401")
        .contains("Data connector 'host-files' is not mounted: the storage type 'local'")
        .doesNotContain("good-one");
    assertThat(execResult(runtime, name, "ls /home/renku/work/etc").ok()).isFalse();
    assertThat(exec(runtime, name, "cat /home/renku/work/good/hello.txt"))
        .isEqualTo("hello from webdav\n");
    assertThat(RcloneMounts.mountsBelow(root)).hasSize(1);
  }

  @Test
  void aServerThatNeverAnswersCostsTheMountsTimeLimitOnly() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ContainerRuntime runtime = runtime(new FileDelivery(secretsRoot, values()));
      String name = newName();
      DataSourceMount dead =
          new DataSourceMount(
              "silent",
              "webdav",
              Map.of("url", "http://127.0.0.1:" + silent.getLocalPort(), "user", "u"),
              Map.of("pass", "sid-pass"),
              "",
              "silent",
              true);
      Instant started = Instant.now();
      runtime.start(spec(name).withMounts(new SessionMounts(null, Map.of(), List.of(dead))));
      RuntimeStatus status = awaitState(runtime, name, RuntimeState.RUNNING);
      assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
      assertThat(status.message()).contains("Data connector 'silent' is not mounted");
    }
  }

  /**
   * The benchmark at the runtime level ({@code bench/run-session-mounts}, figures in {@code
   * bench/README.md}): start → running of a plain session against one with 5 secret files and 2
   * connectors (one read-write, one read-only), alternately, each deleted after it runs. Runs only
   * when {@code renku.bench.rounds} is set.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "renku.bench.rounds",
      matches = "\\d+")
  void benchmarkStartsWithAndWithoutMounts() throws IOException {
    int rounds = Integer.parseInt(System.getProperty("renku.bench.rounds"));
    Map<String, String> values = new LinkedHashMap<>(values());
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 1; i <= 5; i++) {
      values.put("sid-" + i, "value-" + i);
      files.put("secret-" + i, "sid-" + i);
    }
    ContainerRuntime runtime = runtime(new FileDelivery(secretsRoot, values));
    SessionMounts mounts =
        new SessionMounts(
            null,
            files,
            List.of(
                webdavMount("rw-data", "sid-pass", "", "data/rw", false),
                webdavMount("ro-data", "sid-pass", "sub", "data/ro", true)));
    // one of each first, unmeasured: images and rclone's binary in the page cache
    for (SessionMounts m : List.of(SessionMounts.NONE, mounts)) {
      String name = newName();
      runtime.start(spec(name).withMounts(m));
      awaitState(runtime, name, RuntimeState.RUNNING);
      runtime.delete(name);
    }
    List<Long> plain = new ArrayList<>();
    List<Long> mounted = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      for (boolean withMounts : List.of(false, true)) {
        String name = newName();
        long t0 = System.nanoTime();
        runtime.start(withMounts ? spec(name).withMounts(mounts) : spec(name));
        RuntimeStatus s = awaitState(runtime, name, RuntimeState.RUNNING);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (withMounts) {
          assertThat(s.message()).as("every mount made").isNull();
        }
        (withMounts ? mounted : plain).add(ms);
        runtime.delete(name);
      }
    }
    String report =
        String.format(
            "session start -> running, %d rounds (container runtime, busybox image):%n"
                + "  plain:                       p50 %d ms, p90 %d ms, max %d ms%n"
                + "  5 secrets + 2 connectors:    p50 %d ms, p90 %d ms, max %d ms%n"
                + "  added (p50 / p90):           %d ms / %d ms%n",
            rounds,
            pct(plain, 50),
            pct(plain, 90),
            pct(plain, 100),
            pct(mounted, 50),
            pct(mounted, 90),
            pct(mounted, 100),
            pct(mounted, 50) - pct(plain, 50),
            pct(mounted, 90) - pct(plain, 90));
    System.out.print(report);
    Files.writeString(Path.of("target", "session-mounts-bench.txt"), report);
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The stand-in for the secrets service: writes the values it holds, as the real one does. */
  static final class FileDelivery implements SecretDelivery {
    private final Path root;
    private final Map<String, String> values;

    FileDelivery(Path root, Map<String, String> values) {
      this.root = root;
      this.values = Map.copyOf(values);
    }

    @Override
    public Path writeFiles(String userId, String sessionName, Map<String, String> files) {
      if (!files.values().stream().allMatch(values::containsKey)) {
        throw new SecretDeliveryException("unknown secret");
      }
      Path dir = root.resolve(sessionName);
      try {
        for (var e : files.entrySet()) {
          Path file = dir.resolve(e.getKey()).normalize();
          if (!file.startsWith(dir)) {
            throw new SecretDeliveryException("not below the session's directory");
          }
          Files.createDirectories(file.getParent());
          Files.deleteIfExists(file);
          Files.writeString(file, values.get(e.getValue()));
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (IOException e) {
        throw new SecretDeliveryException("cannot write", e);
      }
      return dir;
    }

    @Override
    public void removeFiles(String sessionName) {
      deleteTree(root.resolve(sessionName));
    }

    @Override
    public void createKubernetesSecret(
        String userId,
        String secretName,
        String namespace,
        Map<String, String> keys,
        OwnerReference owner) {
      throw new UnsupportedOperationException("local mode");
    }
  }

  private Map<String, String> values() {
    return Map.of("sid-pass", obscured, "sid-api", API_KEY, "sid-token", TOKEN);
  }

  private static DataSourceMount webdavMount(
      String name, String passId, String source, String target, boolean readOnly) {
    return new DataSourceMount(
        name,
        "webdav",
        Map.of("url", "http://127.0.0.1:" + webdavPort, "user", "u", "vendor", "other"),
        Map.of("pass", passId),
        source,
        target,
        readOnly);
  }

  private ContainerRuntime runtime(SecretDelivery delivery) {
    ContainerRuntime r =
        new ContainerRuntime(
            TestEngine.podman(),
            new ContainerRuntime.Settings(
                root,
                WAIT,
                Duration.ofSeconds(30),
                TestEngine.setup().facts().limits().stream()
                    .map(EngineFacts.Limit::controller)
                    .collect(Collectors.toSet()),
                ContainerRuntime.hasInit(),
                0,
                ContainerRuntime.cgroupParent(TestEngine.setup().facts())),
            new RepositoryCloner(Path.of("/usr/bin/git"), true),
            delivery,
            RcloneMounts.onThisMachine(Duration.ofSeconds(5)).orElseThrow());
    runtimes.add(r);
    return r;
  }

  private String newName() {
    String name = "mt-" + random();
    names.add(name);
    return name;
  }

  private static String random() {
    byte[] b = new byte[5];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static SessionSpec spec(String name) {
    return new SessionSpec(
        name,
        TestEngine.busyboxImage(),
        List.of("/bin/sh", "-c", SERVE),
        List.of(),
        Map.of(),
        8080,
        "/sessions/" + name,
        null,
        "token-" + name,
        0.5,
        1,
        0,
        1,
        "mount-user",
        Map.of(),
        null,
        null,
        1000,
        1000,
        null,
        List.of());
  }

  private static RuntimeStatus awaitState(
      ContainerRuntime runtime, String name, RuntimeState want) {
    Instant deadline = Instant.now().plus(WAIT);
    RuntimeStatus last = runtime.status(name);
    while (Instant.now().isBefore(deadline)) {
      last = runtime.status(name);
      if (last.state() == want) {
        return last;
      }
      if (last.state() == RuntimeState.FAILED) {
        throw new AssertionError(name + " failed: " + last.message());
      }
      sleep(50);
    }
    throw new AssertionError(name + " is " + last + ", not " + want);
  }

  private static Podman.Result execResult(ContainerRuntime runtime, String name, String script) {
    return TestEngine.podman()
        .exec(
            List.of("exec", "renku-" + runtime.instance() + "-" + name, "/bin/sh", "-c", script),
            QUICK);
  }

  private static String exec(ContainerRuntime runtime, String name, String script) {
    Podman.Result r = execResult(runtime, name, script);
    assertThat(r.ok()).as(script + ": " + r.stderr()).isTrue();
    return r.stdout();
  }

  private static List<String> containers(ContainerRuntime runtime, String name) {
    Podman.Result r =
        TestEngine.podman()
            .exec(
                List.of(
                    "ps",
                    "--all",
                    "--filter",
                    "label=io.renku.session=" + name,
                    "--filter",
                    "label=io.renku.instance=" + runtime.instance(),
                    "--format",
                    "{{.ID}}"),
                QUICK);
    assertThat(r.ok()).as(r.stderr()).isTrue();
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  /** Every process's command line, as any user of the machine sees them. */
  private static String ps() throws Exception {
    Process p = new ProcessBuilder("ps", "-eo", "args", "ww").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private String allLogs(ContainerRuntime runtime, String name) throws IOException {
    StringBuilder all = new StringBuilder(runtime.logs(name, 10_000));
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  private static List<String> fuseMounts() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.contains("fuse"))
        .toList();
  }

  private static void awaitFile(Path file, String content) throws IOException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError(file + " never held " + content);
  }

  private static String obscure(String value) {
    try {
      Process ob = new ProcessBuilder("rclone", "obscure", "-").redirectErrorStream(true).start();
      ob.getOutputStream().write(value.getBytes(StandardCharsets.UTF_8));
      ob.getOutputStream().close();
      String out = new String(ob.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      ob.waitFor();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
