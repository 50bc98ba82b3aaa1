package io.renku.data.builders.local;

import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.session.runtime.container.Podman;
import io.renku.data.session.runtime.container.TestEngine;
import io.renku.sidecars.testing.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the image builder's tests share, once per test JVM: the real podman ({@link TestEngine}), a
 * real registry with its images in a temporary directory, git's smart-HTTP server on loopback
 * serving repositories the tests make, and one builder. Builds start from the default Jupyter
 * image, which podman keeps across runs ({@code TestEngine.jupyterImage()} builds it once per
 * machine).
 */
final class TestBuilds {
  private static TestBuilds instance;
  private static final AtomicInteger SEQ = new AtomicInteger();

  final Path root;
  final LocalRegistry registry;
  final GitHttpServer git;
  final PodmanImageBuilder builder;

  private TestBuilds() throws IOException {
    root = Files.createTempDirectory("renku-test-build-");
    Files.createDirectories(root.resolve("git"));
    String jupyter = TestEngine.jupyterImage();
    registry = LocalRegistry.start(root.resolve("registry"));
    git = new GitHttpServer(root.resolve("git"));
    builder =
        new PodmanImageBuilder(
            TestEngine::podman,
            podman -> jupyter,
            registry,
            new LocalBuildSettings(
                root.resolve("work"),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(3),
                true,
                2));
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  static synchronized TestBuilds get() {
    if (instance == null) {
      try {
        instance = new TestBuilds();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private void close() {
    builder.close();
    git.close();
    registry.close();
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  /** A fresh build id (a ULID's alphabet, upper case). */
  static String buildId() {
    return "01TESTBUILD"
        + Long.toString(System.nanoTime(), 36).toUpperCase()
        + SEQ.incrementAndGet();
  }

  static BuildRequest request(String id, String repository, String revision) {
    return request(id, repository, revision, null);
  }

  static BuildRequest request(String id, String repository, String revision, String contextDir) {
    return new BuildRequest(
        id,
        repository,
        revision,
        contextDir,
        "python",
        "jupyterlab",
        "linux/amd64",
        Map.of("environment_id", "01TESTENV", "user_id", "renku-test-build"));
  }

  /**
   * A repository {@code name} on the git server with {@code files} committed on {@code main} (a
   * content {@code "-> target"} is a symbolic link to target); answers its URL.
   */
  String repository(String name, Map<String, String> files) {
    try {
      Path bare = root.resolve("git").resolve(name + ".git");
      Path work = root.resolve("checkouts").resolve(name);
      Files.createDirectories(work);
      git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
      git(work, "init", "--quiet", "--initial-branch=main", ".");
      for (var e : files.entrySet()) {
        Path file = work.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        if (e.getValue().startsWith("-> ")) { // a symbolic link to what follows
          Files.createSymbolicLink(file, Path.of(e.getValue().substring(3)));
        } else {
          Files.writeString(file, e.getValue());
        }
      }
      git(work, "add", "-A");
      git(work, "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-qm", "one");
      git(work, "push", "--quiet", bare.toString(), "main");
      return git.url(name + ".git");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit {@code main} of repository {@code name} points at. */
  String head(String name) {
    return git(root.resolve("checkouts").resolve(name), "rev-parse", "HEAD").strip();
  }

  /** Waits until the build has finished; its last state. */
  BuildState await(String id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      BuildState s = builder.state(id).orElseThrow();
      if (s.status().finished()) {
        return s;
      }
      sleep(250);
    }
    throw new AssertionError(
        "build " + id + " did not finish within " + timeout + "; logs: " + builder.logs(id, 40));
  }

  /** The ids of every container podman knows, build containers ({@code --external}) included. */
  static Set<String> containers() {
    Podman.Result r =
        TestEngine.podman()
            .exec(List.of("ps", "-a", "--external", "--format", "{{.ID}}"), Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new AssertionError("podman ps failed: " + r.stderr());
    }
    return new HashSet<>(r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
  }

  /**
   * The containers that were not there {@code before} and are still there (after a few seconds'
   * grace: other programs on this machine may be building too, briefly).
   */
  static Set<String> leftSince(Set<String> before) {
    Set<String> left = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      left = new HashSet<>(containers());
      left.removeAll(before);
      if (left.isEmpty()) {
        return left;
      }
      sleep(500);
    }
    return left;
  }

  static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
