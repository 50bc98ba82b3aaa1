package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.data.session.runtime.SessionSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the container runtime does, with this machine's real podman and the busybox image the
 * tests share: a session is kept away from the host (its files, the platform's data directory,
 * root, capabilities, the network beyond 127.0.0.1), gets the class's limits, gets the project's
 * repositories cloned into its work volume (from a bare repository served over git's dumb HTTP on
 * loopback), and a platform finds its own containers again after a crash, and only its own. ({@code
 * ContainerRuntimeContractTest} holds what every runtime does.)
 */
class ContainerRuntimeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final String README = "hello from the contract repository";

  /** A busybox httpd on the session's port that answers under its base path. */
  private static final String SERVE =
      "mkdir -p /tmp/www$RENKU_BASE_URL_PATH && echo ok > /tmp/www$RENKU_BASE_URL_PATH/index.html"
          + " && exec busybox httpd -f -p 0.0.0.0:$RENKU_SESSION_PORT -h /tmp/www";

  private static Path repositories;
  private static HttpServer gitServer;
  private static String repoUrl;

  @TempDir Path root;

  private final List<SessionRuntime> runtimes = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void serveARepository() throws Exception {
    repositories = Files.createTempDirectory("renku-contract-git");
    Path bare = repositories.resolve("contract-repo.git");
    Path work = repositories.resolve("work");
    Files.createDirectories(work);
    git(repositories, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    git(work, "init", "--quiet", "--initial-branch=main", ".");
    Files.writeString(work.resolve("README.md"), README + "\n");
    git(work, "add", "README.md");
    git(work, "-c", "user.name=Contract", "-c", "user.email=c@example.org", "commit", "-qm", "one");
    git(work, "push", "--quiet", bare.toString(), "main");
    git(bare, "update-server-info"); // what git's dumb HTTP reads
    gitServer =
        SimpleFileServer.createFileServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            repositories,
            SimpleFileServer.OutputLevel.NONE);
    gitServer.start();
    repoUrl = "http://127.0.0.1:" + gitServer.getAddress().getPort() + "/contract-repo.git";
  }

  @AfterAll
  static void stopServing() throws IOException {
    if (gitServer != null) {
      gitServer.stop(0);
    }
    try (var paths = Files.walk(repositories)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @AfterEach
  void removeSessions() {
    runtimes.forEach(SessionRuntime::close);
    try (SessionRuntime cleaner = runtime(root, true)) {
      names.forEach(cleaner::delete);
    }
  }

  // ---- isolation ----------------------------------------------------------------------------

  @Test
  void theSessionIsKeptAwayFromTheHost() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    String marker = "renku-contract-" + name;
    String script =
        String.join(
            "\n",
            "echo \"uid=$(id -u)\"",
            "grep CapEff /proc/self/status",
            "echo inside > /tmp/" + marker + " && echo \"wrote=$(cat /tmp/" + marker + ")\"",
            "if [ -e '" + root + "' ]; then echo root=visible; else echo root=absent; fi",
            "if ls / >/dev/null; then echo listed=yes; fi",
            SERVE);
    runtime.start(spec(name, script, List.of()));
    awaitState(runtime, name, RuntimeState.RUNNING);

    String logs = runtime.logs(name, 100);
    assertThat(logs).contains("wrote=inside", "listed=yes");
    assertThat(Path.of("/tmp", marker)).as("a file the session wrote to /tmp").doesNotExist();
    assertThat(logs)
        .as("the platform's data directory is not there")
        .contains("root=absent")
        .doesNotContain("root=visible");
    assertThat(logs).contains("uid=1000").doesNotContain("uid=0");
    assertThat(logs).as("no capabilities").containsPattern("CapEff:\\s+0000000000000000");

    JsonNode container = inspect(runtime, name);
    List<String> mounts = new ArrayList<>();
    container
        .path("Mounts")
        .forEach(
            m ->
                mounts.add(
                    m.path("Type").asText()
                        + " "
                        + m.path("Name").asText()
                        + " "
                        + m.path("Destination").asText()));
    assertThat(mounts)
        .as("nothing of the host mounted, only the work volume")
        .containsExactly(
            "volume renku-" + runtime.instance() + "-" + name + "-work /home/renku/work");
    JsonNode hostConfig = container.path("HostConfig");
    assertThat(hostConfig.path("Privileged").asBoolean()).isFalse();
    assertThat(hostConfig.path("SecurityOpt").toString()).contains("no-new-privileges");
    assertThat(hostConfig.path("CapAdd").isEmpty()).isTrue();
  }

  @Test
  void thePortIsPublishedOnLoopbackOnly() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    runtime.start(spec(name, SERVE, List.of()));
    awaitState(runtime, name, RuntimeState.RUNNING);
    int port = runtime.upstream(name).orElseThrow().port();

    JsonNode bindings = inspect(runtime, name).path("HostConfig").path("PortBindings");
    List<String> published = new ArrayList<>();
    bindings
        .properties()
        .forEach(
            e ->
                e.getValue()
                    .forEach(
                        b ->
                            published.add(
                                e.getKey()
                                    + " "
                                    + b.path("HostIp").asText()
                                    + ":"
                                    + b.path("HostPort").asText())));
    assertThat(published).containsExactly("8080/tcp 127.0.0.1:" + port);

    Podman.Result r = TestEngine.podman().exec(List.of("port", containerId(runtime, name)), QUICK);
    assertThat(r.stdout().strip()).isEqualTo("8080/tcp -> 127.0.0.1:" + port);
  }

  @Test
  void theClassesLimitsAreAppliedWhereTheMachineEnforcesThem() {
    ContainerRuntime runtime = runtime(root, true, 2);
    String name = newName();
    runtime.start(spec(name, SERVE, List.of()));
    awaitState(runtime, name, RuntimeState.RUNNING);

    EngineFacts facts = TestEngine.setup().facts();
    JsonNode hc = inspect(runtime, name).path("HostConfig");
    if (facts.enforces(EngineFacts.Limit.CPU)) {
      assertThat(hc.path("CpuShares").asLong()).as("0.5 CPU as a weight").isEqualTo(512);
      assertThat(hc.path("NanoCpus").asLong()).as("0.5 CPU × factor 2").isEqualTo(1_000_000_000L);
    } else {
      assertThat(hc.path("NanoCpus").asLong()).isZero();
    }
    if (facts.enforces(EngineFacts.Limit.MEMORY)) {
      assertThat(hc.path("Memory").asLong()).as("1 GB").isEqualTo(1L << 30);
    } else {
      assertThat(hc.path("Memory").asLong()).isZero();
    }
    if (facts.enforces(EngineFacts.Limit.PIDS)) {
      assertThat(hc.path("PidsLimit").asLong()).isEqualTo(4096);
    }
    if (facts.cgroupVersion() == 1 && !facts.rootless()) {
      // not podman's libpod_parent, which weighs as one thread of the platform (SessionCpuGroup)
      assertThat(hc.path("CgroupParent").asText()).isEqualTo("/renku-sessions");
    }
  }

  // ---- repositories -------------------------------------------------------------------------

  @Test
  void theProjectsRepositoryIsClonedIntoTheWorkVolume() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    String script =
        "echo \"readme=$(cat $RENKU_MOUNT_DIR/contract-repo/README.md)\"; ls -ln $RENKU_MOUNT_DIR;"
            + SERVE;
    runtime.start(spec(name, script, List.of(repoUrl)));

    RuntimeStatus running = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(running.message()).as("no warning").isNull();
    assertThat(runtime.logs(name, 100))
        .contains("readme=" + README)
        .contains("Cloned " + repoUrl + " into contract-repo");
  }

  @Test
  void aCloneThatFailsStillStartsTheSessionAndSaysWhy() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    String missing = repoUrl.replace("contract-repo.git", "no-such-repo.git");
    runtime.start(spec(name, "ls $RENKU_MOUNT_DIR; " + SERVE, List.of(missing)));

    RuntimeStatus running = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(running.message()).startsWith("Not cloned: " + missing);
    assertThat(volumeFiles(runtime, name)).as("no half-cloned directory").isEmpty();
  }

  @Test
  void fileAndExtUrlsAreRefused() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    String file = "file://" + repositories.resolve("contract-repo.git");
    String ext = "ext::sh -c touch% /tmp/renku-contract-ext-" + name;
    runtime.start(spec(name, SERVE, List.of(file, ext)));

    RuntimeStatus running = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(running.message())
        .contains("Not cloned: " + file + " is not an HTTPS address")
        .contains("Not cloned: " + ext);
    assertThat(Path.of("/tmp/renku-contract-ext-" + name)).doesNotExist();
    assertThat(volumeFiles(runtime, name)).isEmpty();
  }

  @Test
  void aLoopbackRepositoryIsRefusedUnlessPrivateHostsAreAllowed() {
    ContainerRuntime runtime = runtime(root, false);
    String name = newName();
    runtime.start(spec(name, SERVE, List.of(repoUrl)));

    RuntimeStatus running = awaitState(runtime, name, RuntimeState.RUNNING);
    assertThat(running.message())
        .isEqualTo("Not cloned: " + repoUrl + " points into the platform's own network.");
    assertThat(volumeFiles(runtime, name)).isEmpty();
  }

  // ---- a platform's own containers ----------------------------------------------------------

  @Test
  void aPlatformThatCrashedFindsItsRunningSessionAgain() {
    ContainerRuntime first = runtime(root, true);
    String name = newName();
    first.start(spec(name, SERVE, List.of()));
    awaitState(first, name, RuntimeState.RUNNING);
    var upstream = first.upstream(name).orElseThrow();

    // no close(): the platform died; the next one starts on the same data directory
    ContainerRuntime next = runtime(root, true);
    assertThat(next.instance()).isEqualTo(first.instance());
    assertThat(next.status(name).state()).isEqualTo(RuntimeState.RUNNING);
    assertThat(next.upstream(name)).contains(upstream);
    assertThat(next.names()).containsExactly(name);
  }

  @Test
  void aRuntimeWithAnotherRootLeavesTheFirstOnesContainersAlone(@TempDir Path otherRoot) {
    ContainerRuntime first = runtime(root, true);
    String name = newName();
    first.start(spec(name, SERVE, List.of()));
    awaitState(first, name, RuntimeState.RUNNING);
    String container = containerId(first, name);

    ContainerRuntime other = runtime(otherRoot, true);
    assertThat(other.instance()).isNotEqualTo(first.instance());
    assertThat(other.names()).doesNotContain(name);
    assertThat(other.status(name)).isEqualTo(RuntimeStatus.ABSENT);
    other.hibernate(name);
    other.delete(name);
    other.close();

    assertThat(containerId(first, name)).isEqualTo(container);
    assertThat(first.status(name).state()).isEqualTo(RuntimeState.RUNNING);
    assertThat(volumeExists(first, name)).isTrue();
  }

  @Test
  void aPausedSessionsVolumeIsKeptAndCountsAsKeptNotAsRunning() {
    ContainerRuntime runtime = runtime(root, true);
    String name = newName();
    runtime.start(spec(name, SERVE, List.of()));
    awaitState(runtime, name, RuntimeState.RUNNING);
    runtime.hibernate(name);

    // what the culler uses to remove sessions without a record (their volumes included)
    assertThat(runtime.names()).doesNotContain(name);
    assertThat(runtime.keptNames()).contains(name);
    assertThat(volumeExists(runtime, name)).isTrue();
    runtime.delete(name);
    assertThat(runtime.keptNames()).doesNotContain(name);
    assertThat(volumeExists(runtime, name)).isFalse();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private ContainerRuntime runtime(Path root, boolean allowPrivateHosts) {
    return runtime(root, allowPrivateHosts, 0);
  }

  private ContainerRuntime runtime(Path root, boolean allowPrivateHosts, double cpuLimitFactor) {
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
                cpuLimitFactor,
                ContainerRuntime.cgroupParent(TestEngine.setup().facts())),
            new RepositoryCloner(Path.of("/usr/bin/git"), allowPrivateHosts));
    runtimes.add(r);
    return r;
  }

  private String newName() {
    byte[] b = new byte[5];
    ThreadLocalRandom.current().nextBytes(b);
    String name = "ct-" + HexFormat.of().formatHex(b);
    names.add(name);
    return name;
  }

  private static SessionSpec spec(String name, String script, List<String> repositories) {
    return new SessionSpec(
        name,
        TestEngine.busyboxImage(),
        List.of("/bin/sh", "-c", script),
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
        "contract-user",
        Map.of(),
        null,
        null,
        1000,
        1000,
        null,
        repositories);
  }

  private static RuntimeStatus awaitState(SessionRuntime runtime, String name, RuntimeState want) {
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

  private static String containerId(ContainerRuntime runtime, String name) {
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
    List<String> ids = r.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertThat(ids).as("one container of " + name).hasSize(1);
    return ids.getFirst();
  }

  private static JsonNode inspect(ContainerRuntime runtime, String name) {
    Podman.Result r =
        TestEngine.podman()
            .exec(List.of("container", "inspect", containerId(runtime, name)), QUICK);
    assertThat(r.ok()).as(r.stderr()).isTrue();
    try {
      return JSON.readTree(r.stdout()).get(0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean volumeExists(ContainerRuntime runtime, String name) {
    return !volumeMountpoint(runtime, name).isEmpty();
  }

  private static String volumeMountpoint(ContainerRuntime runtime, String name) {
    Podman.Result r =
        TestEngine.podman()
            .exec(
                List.of(
                    "volume",
                    "ls",
                    "--filter",
                    "label=io.renku.session=" + name,
                    "--filter",
                    "label=io.renku.instance=" + runtime.instance(),
                    "--format",
                    "{{.Mountpoint}}"),
                QUICK);
    assertThat(r.ok()).as(r.stderr()).isTrue();
    return r.stdout().strip();
  }

  /** What the session's work volume holds, seen from the host. */
  private static List<String> volumeFiles(ContainerRuntime runtime, String name) {
    String mountpoint = volumeMountpoint(runtime, name);
    assertThat(mountpoint).as("the work volume of " + name).isNotEmpty();
    try (var files = Files.list(Path.of(mountpoint))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
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
