package io.renku.data.builders.local;

import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuiltImage;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One build of {@link PodmanImageBuilder}, from its start to its end, on a thread of its own: the
 * steps {@code clone} (git, on this machine), {@code build} ({@code podman build}: every {@code
 * RUN} in a container) and {@code push} (to the local registry). Each step's output is kept in
 * {@link StepLogs}; each step has a deadline; a cancel stops the step that runs.
 */
final class LocalBuild {
  private static final Logger log = LoggerFactory.getLogger(LocalBuild.class);
  static final String CLONE = "clone";
  static final String BUILD = "build";
  static final String PUSH = "push";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration CONDA_PROBE = Duration.ofSeconds(5);

  private final BuildRequest request;
  private final Environment env;
  private final StepLogs logs = new StepLogs();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile BuildState state = BuildState.inProgress();
  private final StepProcesses processes = new StepProcesses();

  /**
   * What every build of one builder shares.
   *
   * @param podman the engine
   * @param git the {@code git} program
   * @param jupyterImage makes sure the frontend's image exists and names it
   * @param registry the registry's address, {@code 127.0.0.1:<port>}
   * @param settings directories, deadlines and the private-address rule
   */
  record Environment(
      Podman podman,
      Path git,
      java.util.function.Supplier<String> jupyterImage,
      String registry,
      LocalBuildSettings settings,
      io.renku.data.session.runtime.container.RepositoryCloner.Credentials credentials) {}

  LocalBuild(BuildRequest request, Environment env) {
    this.request = request;
    this.env = env;
  }

  /**
   * The build's owner's credentials for the repository (decision 0040): their connected service's
   * access token when the repository's host is its provider's; null for a public clone.
   */
  private String authorization() {
    String owner = request.labels().get("user_id");
    if (owner == null || env.credentials() == null) {
      return null;
    }
    try {
      return env.credentials().authorization(owner, request.repository()).orElse(null);
    } catch (RuntimeException e) {
      // an expired connection: clone as anyone would; a private repository then fails to clone
      log.info("Build {}: no git credentials of its owner: {}", request.buildId(), e.getMessage());
      return null;
    }
  }

  /** The build's working directory under the builder's: {@code build-<id in lower case>}. */
  static String workDirName(String buildId) {
    return "build-" + buildId.toLowerCase(Locale.ROOT);
  }

  /** {@code <registry>/renku-build:renku-<build id in lower case>}. */
  static String imageReference(String registry, String buildId) {
    return registry + "/renku-build:renku-" + buildId.toLowerCase(Locale.ROOT);
  }

  BuildState state() {
    return state;
  }

  Map<String, String> logs(int maxLines) {
    return logs.last(maxLines);
  }

  /**
   * Stops the build and waits (a little) until what it ran is gone: podman has then removed its
   * build containers. A finished build stays as it was.
   */
  void cancel() {
    synchronized (this) {
      if (state.status().finished()) {
        return;
      }
      processes.markCancelled();
      state = BuildState.cancelled();
    }
    processes.stopCurrent();
    try {
      done.await(StepProcesses.stopGrace().toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The whole build, once one of {@code slots} is free (builds share this machine's cores); never
   * throws.
   */
  void run(Semaphore slots) {
    long started = System.nanoTime();
    Path dir = env.settings().workDir().resolve(workDirName(request.buildId()));
    boolean slot = false;
    try {
      if (!slots.tryAcquire()) {
        logs.add(CLONE, "Waiting for another build to finish");
        while (!processes.cancelled() && !slot) {
          slot = slots.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
      } else {
        slot = true;
      }
      if (processes.cancelled()) {
        return;
      }
      deleteTree(dir);
      Path context = dir.resolve("context");
      Files.createDirectories(context);
      log.info("Build {}: cloning {}", request.buildId(), request.repository());
      String sha =
          new GitCheckout(env.git(), env.settings(), processes, logs, authorization())
              .checkout(request.repository(), request.revision(), context.resolve("project"));
      String projectDir = "project" + contextSuffix();
      Path project = context.resolve(projectDir);
      if (!Files.isDirectory(project)) {
        throw new BuildFailure(
            "The directory "
                + request.contextDir()
                + " does not exist in "
                + request.repository()
                + " at "
                + shortSha(sha)
                + ".");
      }
      // a symbolic link in the repository must not lead the platform's own reads out of the clone
      if (!project.toRealPath().startsWith(context.resolve("project").toRealPath())) {
        throw new BuildFailure(
            "The directory " + request.contextDir() + " is not inside the repository (a link).");
      }
      String reference = imageReference(env.registry(), request.buildId());
      FrontendPreset preset = build(context, projectDir, project, reference);
      push(reference);
      BuiltImage result = preset.result(reference, request.repository(), sha, Instant.now());
      if (end(BuildState.succeeded(result))) {
        log.info(
            "Build {} succeeded in {} s: {}",
            request.buildId(),
            (System.nanoTime() - started) / 1_000_000_000,
            reference);
      }
    } catch (BuildFailure f) {
      finish(f.getMessage());
    } catch (Podman.PodmanException e) {
      finish("The build could not run podman: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      log.warn("Build {} failed", request.buildId(), e);
      finish("The build failed on this machine: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Build {} failed", request.buildId(), e);
      finish("The build failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish("The build was interrupted (the platform is stopping).");
    } finally {
      if (slot) {
        slots.release();
      }
      deleteTree(dir);
      done.countDown();
    }
  }

  private void finish(String reason) {
    if (end(BuildState.failed(reason))) {
      log.info("Build {} failed: {}", request.buildId(), reason);
    } else {
      log.info("Build {} cancelled", request.buildId());
    }
  }

  /** The build's end, unless a cancel came first (then it stays cancelled). */
  private synchronized boolean end(BuildState end) {
    if (processes.cancelled()) {
      return false;
    }
    state = end;
    return true;
  }

  // --- build ------------------------------------------------------------------------------------

  private FrontendPreset build(Path context, String projectDir, Path project, String reference)
      throws IOException {
    PythonContainerfile.Project wanted;
    try {
      wanted = PythonContainerfile.read(project);
    } catch (PythonContainerfile.UnusableFileException e) {
      throw new BuildFailure(e.getMessage());
    }
    if (wanted.needsConda()) {
      logs.add(
          BUILD, "environment.yml needs conda; checking whether conda's channels are reachable");
      throw new BuildFailure(
          reachable("conda.anaconda.org", 443)
              ? "environment.yml needs conda, which this builder does not install (conda is no"
                  + " Debian package); list the dependencies in requirements.txt or apt.txt."
              : "conda is not reachable from this machine, so environment.yml cannot be"
                  + " installed; list the dependencies in requirements.txt (installed from"
                  + " Debian's python3-<name> packages here) or apt.txt instead.");
    }
    if (wanted.environmentYml()) {
      logs.add(BUILD, "environment.yml is not used: requirements.txt or pyproject.toml is there");
    }
    logs.add(BUILD, "Preparing the frontend's image " + request.frontendVariant());
    String from = env.jupyterImage().get();
    FrontendPreset preset =
        FrontendPreset.of(request.frontendVariant(), from)
            .orElseThrow(() -> new BuildFailure("No frontend " + request.frontendVariant()));
    Files.writeString(
        context.resolve("Containerfile"),
        PythonContainerfile.render(preset.image(), wanted, projectDir),
        StandardCharsets.UTF_8);
    Files.writeString(
        context.resolve(PythonContainerfile.INSTALL_SCRIPT),
        PythonContainerfile.installScript(),
        StandardCharsets.UTF_8);
    Files.writeString(
        context.resolve(".containerignore"), "project/.git\n", StandardCharsets.UTF_8);
    if (processes.cancelled()) {
      throw new BuildFailure("cancelled");
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                "--pull=never",
                "--layers",
                // RUN steps fetch Debian packages: the host's network is the one that reaches them
                "--network=host",
                "--label",
                PodmanImageBuilder.BUILD_LABEL + "=" + request.buildId()));
    request.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> args.addAll(List.of("--label", "io.renku." + e.getKey() + "=" + e.getValue())));
    args.addAll(
        List.of(
            "-f",
            context.resolve("Containerfile").toString(),
            "-t",
            reference,
            context.toString()));
    log.info("Build {}: building the image {}", request.buildId(), reference);
    logs.add(BUILD, "podman " + String.join(" ", args));
    StepProcesses.Ran built = runPodman(BUILD, args, true, env.settings().buildTimeout());
    if (built.timedOut()) {
      throw new BuildFailure(
          "The image was not built within "
              + env.settings().buildTimeout().toMinutes()
              + " minutes (the build was stopped).");
    }
    if (built.exitCode() != 0) {
      throw new BuildFailure("The image could not be built: " + buildError());
    }
    return preset;
  }

  /** The line that says best why the build failed: the install script's, apt's, or podman's. */
  private String buildError() {
    List<String> lines = logs.last(StepLogs.MAX_LINES).getOrDefault(BUILD, "").lines().toList();
    for (String prefix : List.of("renku-build: error: ", "E: ", "Error: ")) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (line.startsWith(prefix)) {
          return line.substring(prefix.equals("E: ") ? 0 : prefix.length());
        }
      }
    }
    return lines.isEmpty() ? "podman build failed" : lines.getLast();
  }

  // --- push -------------------------------------------------------------------------------------

  private void push(String reference) {
    if (processes.cancelled()) {
      throw new BuildFailure("cancelled");
    }
    log.info("Build {}: pushing {}", request.buildId(), reference);
    logs.add(PUSH, "Pushing " + reference);
    // the registry listens on loopback over plain HTTP: nothing but this machine reaches it
    StepProcesses.Ran pushed =
        runPodman(
            PUSH,
            List.of("push", "--tls-verify=false", reference),
            false,
            env.settings().pushTimeout());
    if (pushed.timedOut() || pushed.exitCode() != 0) {
      String why =
          pushed.timedOut()
              ? "it took longer than " + env.settings().pushTimeout().toSeconds() + " s"
              : lastLine(PUSH).replaceFirst("^Error: ", "");
      throw new BuildFailure(
          "The image could not be pushed to the local registry " + env.registry() + ": " + why);
    }
    logs.add(PUSH, "Pushed " + reference);
  }

  private String lastLine(String step) {
    List<String> lines = logs.last(1).getOrDefault(step, "").lines().toList();
    return lines.isEmpty() ? "podman failed" : lines.getLast();
  }

  private StepProcesses.Ran runPodman(
      String step, List<String> args, boolean isBuild, Duration timeout) {
    Process p = env.podman().spawn(args);
    return processes.follow(p, isBuild, timeout, line -> logs.add(step, line));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** {@code /<context dir>}, or nothing for the repository's root. */
  private String contextSuffix() {
    String c = request.contextDir();
    if (c == null || c.isBlank() || c.strip().equals(".") || c.strip().equals("/")) {
      return "";
    }
    Path p = Path.of(c.strip().replaceAll("^/+", "")).normalize();
    if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
      throw new BuildFailure("The directory " + c + " is not inside the repository.");
    }
    return "/" + p;
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) CONDA_PROBE.toMillis());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("Cannot remove {}", dir, e);
    }
  }
}
