package io.renku.data.build.local;

import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuiltImage;
import io.renku.data.build.RepositoryAddress;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
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
import java.util.function.Consumer;
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

  /** A step failed; the message is the build's reason, fit for the user. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private final BuildRequest request;
  private final Environment env;
  private final StepLogs logs = new StepLogs();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile BuildState state = BuildState.inProgress();
  private volatile boolean cancelled;
  private volatile Process current;
  private volatile boolean currentIsBuild;

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
      LocalBuildSettings settings) {}

  LocalBuild(BuildRequest request, Environment env) {
    this.request = request;
    this.env = env;
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
      cancelled = true;
      state = BuildState.cancelled();
    }
    Process p = current;
    if (p != null) {
      stop(p, currentIsBuild);
    }
    try {
      done.await(STOP_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
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
        while (!cancelled && !slot) {
          slot = slots.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
      } else {
        slot = true;
      }
      if (cancelled) {
        return;
      }
      deleteTree(dir);
      Path context = dir.resolve("context");
      Files.createDirectories(context);
      String sha = checkout(context.resolve("project"));
      String projectDir = "project" + contextSuffix();
      Path project = context.resolve(projectDir);
      if (!Files.isDirectory(project)) {
        throw new Failure(
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
        throw new Failure(
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
    } catch (Failure f) {
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
    if (cancelled) {
      return false;
    }
    state = end;
    return true;
  }

  // --- clone ------------------------------------------------------------------------------------

  /** Clones the repository into {@code target} at the revision; answers the commit's SHA. */
  private String checkout(Path target) {
    String url = request.repository();
    String revision = request.revision();
    logs.add(CLONE, "Cloning " + url + (revision == null ? "" : " at " + revision));
    log.info("Build {}: cloning {}", request.buildId(), url);
    String refused = RepositoryAddress.problem(url, env.settings().allowPrivateRepositories());
    if (refused != null) {
      throw new Failure("The repository " + url + " could not be cloned: " + refused);
    }
    List<String> clone = new ArrayList<>(pinnedAddress(url));
    clone.addAll(List.of("clone", "--quiet", "--no-checkout", "--", url, target.toString()));
    Ran cloned = runGit(clone, target.getParent());
    if (cloned.exitCode != 0) {
      throw new Failure(
          "The repository " + url + " could not be cloned: " + gitMessage(CLONE, cloned));
    }
    String sha = resolve(target, revision);
    if (sha == null) {
      throw new Failure(
          revision == null
              ? "The repository " + url + " has no commit on its default branch."
              : "The revision " + revision + " does not exist in " + url + ".");
    }
    Ran checkedOut = runGit(List.of("-C", target.toString(), "checkout", "--detach", sha), target);
    if (checkedOut.exitCode != 0) {
      throw new Failure(
          "The commit "
              + sha
              + " of "
              + url
              + " could not be checked out: "
              + gitMessage(CLONE, checkedOut));
    }
    logs.add(CLONE, "Checked out " + sha);
    return sha;
  }

  /**
   * Where private addresses are not allowed: git's option that makes it connect to the public
   * address just checked, so that a second lookup of the name (a host whose DNS answers a public
   * address first and a private one next) cannot lead the clone into this machine's network.
   * Nothing for a literal address (checked as it is) or when private addresses are allowed.
   */
  private List<String> pinnedAddress(String url) {
    if (env.settings().allowPrivateRepositories()) {
      return List.of();
    }
    URI uri = URI.create(url.strip());
    String host = uri.getHost();
    if (host.startsWith("[") || host.matches("[0-9.]+")) {
      return List.of();
    }
    String ascii = IDN.toASCII(host);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(ascii);
    } catch (UnknownHostException e) {
      throw new Failure(
          "The repository " + url + " could not be cloned: its host does not resolve.");
    }
    for (InetAddress a : addresses) {
      if (!RepositoryAddress.isPublic(a)) {
        throw new Failure(
            "The repository "
                + url
                + " could not be cloned: names a host on a private or local network, which builds"
                + " may not reach");
      }
    }
    int port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String address = addresses[0].getHostAddress();
    if (addresses[0] instanceof Inet6Address) {
      address = "[" + address.replaceFirst("%.*", "") + "]";
    }
    return List.of("-c", "http.curloptResolve=" + ascii + ":" + port + ":" + address);
  }

  /** The commit a revision names: a branch, a tag or a commit; null if none. */
  private String resolve(Path repo, String revision) {
    List<String> candidates =
        revision == null
            ? List.of("HEAD")
            : revision.startsWith("-") || revision.isBlank() || revision.contains("..")
                ? List.of()
                : List.of("refs/remotes/origin/" + revision, "refs/tags/" + revision, revision);
    for (String c : candidates) {
      Ran r =
          runGit(
              List.of("-C", repo.toString(), "rev-parse", "--verify", "--quiet", c + "^{commit}"),
              repo,
              false);
      String out = r.output.strip();
      if (r.exitCode == 0 && out.matches("[0-9a-f]{40,64}")) {
        return out;
      }
    }
    return null;
  }

  private Ran runGit(List<String> args, Path home) {
    return runGit(args, home, true);
  }

  /** git without prompts, hooks, credential helpers, redirects or transports other than HTTP(S). */
  private Ran runGit(List<String> args, Path home, boolean keepLog) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                env.git().toString(),
                "-c",
                "protocol.allow=never",
                "-c",
                "protocol.https.allow=always",
                "-c",
                "protocol.http.allow=always",
                "-c",
                "http.followRedirects=false",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "credential.helper=",
                "-c",
                "advice.detachedHead=false"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("LANG", "C.UTF-8");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new Failure(
          "The repository could not be cloned: git cannot run here (" + e.getMessage() + ")");
    }
    StringBuilder output = new StringBuilder();
    Ran ran =
        follow(
            p,
            false,
            env.settings().cloneTimeout(),
            line -> {
              synchronized (output) {
                output.append(line).append('\n');
              }
              if (keepLog) {
                logs.add(CLONE, line);
              }
            });
    if (ran.timedOut) {
      throw new Failure(
          "The repository "
              + request.repository()
              + " could not be cloned within "
              + env.settings().cloneTimeout().toSeconds()
              + " s.");
    }
    synchronized (output) {
      return new Ran(ran.exitCode, false, output.toString());
    }
  }

  // --- build ------------------------------------------------------------------------------------

  private FrontendPreset build(Path context, String projectDir, Path project, String reference)
      throws IOException {
    PythonContainerfile.Project wanted;
    try {
      wanted = PythonContainerfile.read(project);
    } catch (PythonContainerfile.UnusableFileException e) {
      throw new Failure(e.getMessage());
    }
    if (wanted.needsConda()) {
      logs.add(
          BUILD, "environment.yml needs conda; checking whether conda's channels are reachable");
      throw new Failure(
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
            .orElseThrow(() -> new Failure("No frontend " + request.frontendVariant()));
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
    if (cancelled) {
      throw new Failure("cancelled");
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
    Ran built = runPodman(BUILD, args, true, env.settings().buildTimeout());
    if (built.timedOut) {
      throw new Failure(
          "The image was not built within "
              + env.settings().buildTimeout().toMinutes()
              + " minutes (the build was stopped).");
    }
    if (built.exitCode != 0) {
      throw new Failure("The image could not be built: " + buildError());
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
    if (cancelled) {
      throw new Failure("cancelled");
    }
    log.info("Build {}: pushing {}", request.buildId(), reference);
    logs.add(PUSH, "Pushing " + reference);
    // the registry listens on loopback over plain HTTP: nothing but this machine reaches it
    Ran pushed =
        runPodman(
            PUSH,
            List.of("push", "--tls-verify=false", reference),
            false,
            env.settings().pushTimeout());
    if (pushed.timedOut || pushed.exitCode != 0) {
      String why =
          pushed.timedOut
              ? "it took longer than " + env.settings().pushTimeout().toSeconds() + " s"
              : lastLine(PUSH).replaceFirst("^Error: ", "");
      throw new Failure(
          "The image could not be pushed to the local registry " + env.registry() + ": " + why);
    }
    logs.add(PUSH, "Pushed " + reference);
  }

  private String lastLine(String step) {
    List<String> lines = logs.last(1).getOrDefault(step, "").lines().toList();
    return lines.isEmpty() ? "podman failed" : lines.getLast();
  }

  private Ran runPodman(String step, List<String> args, boolean isBuild, Duration timeout) {
    Process p = env.podman().spawn(args);
    return follow(p, isBuild, timeout, line -> logs.add(step, line));
  }

  // --- processes --------------------------------------------------------------------------------

  /** How a process ended. */
  private record Ran(int exitCode, boolean timedOut, String output) {}

  /** Follows {@code p} to its end or deadline, each line of its output to {@code lines}. */
  private Ran follow(Process p, boolean isBuild, Duration timeout, Consumer<String> lines) {
    current = p;
    currentIsBuild = isBuild;
    if (cancelled) {
      stop(p, isBuild);
    }
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      lines.accept(line);
                    }
                  } catch (IOException e) {
                    // the process ended; what was read is kept
                  }
                });
    try {
      boolean timedOut = !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (timedOut) {
        stop(p, isBuild);
      }
      reader.join(Duration.ofSeconds(5));
      if (cancelled) {
        throw new Failure("cancelled");
      }
      return new Ran(timedOut ? -1 : p.exitValue(), timedOut, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(p, isBuild);
      throw new Failure("The build was interrupted (the platform is stopping).");
    } finally {
      current = null;
    }
  }

  /**
   * Stops a process of the build. For {@code podman build}, the processes of the {@code RUN} step
   * (podman's grandchildren: they run in the step's container) are killed, again while podman
   * lives: the step then fails and podman removes its build containers itself, which it does not
   * when it is killed. Only if podman outlives the grace period is it killed too.
   */
  static void stop(Process p, boolean isBuild) {
    if (isBuild) {
      long deadline = System.nanoTime() + STOP_GRACE.toNanos();
      while (p.isAlive() && System.nanoTime() < deadline) {
        p.descendants()
            .filter(h -> h.parent().map(parent -> parent.pid() != p.pid()).orElse(true))
            .forEach(ProcessHandle::destroyForcibly);
        try {
          p.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
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
      throw new Failure("The directory " + c + " is not inside the repository.");
    }
    return "/" + p;
  }

  private String gitMessage(String step, Ran ran) {
    String text =
        ran.output
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("Cloning into "))
            .map(l -> l.replaceFirst("^(fatal|error|remote): ", ""))
            .reduce((a, b) -> a + " " + b)
            .orElse("git failed");
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
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
