package io.renku.data.builders.local;

import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.ImageBuilder;
import io.renku.data.build.ImageBuilderUnavailableException;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds session images on this machine ("build from code" in local mode): clones the repository
 * with git, writes a Containerfile for the builder variant ({@link PythonContainerfile}) on top of
 * the frontend's image, runs {@code podman build} (each {@code RUN} in a container of its own,
 * never on the host as the platform's user) and pushes the image to the {@link LocalRegistry} as
 * {@code <registry>/renku-build:renku-<build id>}. Podman keeps the image under that name too, so
 * sessions on this machine start from it without a pull.
 *
 * <p>What works here, where only Debian's mirror (and Maven Central, npm) can be reached:
 *
 * <ul>
 *   <li>Builder variant {@code python}: {@code apt.txt} (Debian packages) works offline; {@code
 *       requirements.txt} is installed with pip where PyPI is reachable, and otherwise each
 *       requirement becomes the Debian package {@code python3-<name>} (Debian's version, whatever
 *       the file asks; the build log says so), which fails clearly for a requirement Debian does
 *       not package; {@code pyproject.toml}: its {@code project.dependencies} the same way, then
 *       the project itself with pip offline; {@code environment.yml} needs conda and fails with a
 *       clear reason (conda is no Debian package, and its channels are not reachable here).
 *   <li>Frontend {@code jupyterlab}: Debian 12 has no JupyterLab, so the image is built on the
 *       default environment's image (Debian's classic Jupyter notebook server), started at {@code
 *       /tree}. {@code vscodium} is not offered (no Debian package), and is refused by {@link
 *       #start} like any unknown variant.
 * </ul>
 *
 * <p>Every network step has a deadline (git, apt, pip and the probes for PyPI and conda), and the
 * whole clone, build and push each have one ({@link LocalBuildSettings}). Builds run on virtual
 * threads, {@link LocalBuildSettings#maxConcurrent()} at a time.
 *
 * <p>State and logs live in memory only: after a restart of the data service {@link #state} answers
 * empty for builds it ran before, and the build service marks them failed. A cancel stops the step
 * that runs (for {@code podman build}: the processes of the running {@code RUN} step, so that
 * podman removes its build containers itself) and waits until it has ended.
 */
public final class PodmanImageBuilder implements ImageBuilder, AutoCloseable {
  /** The label on every image this builder makes, with the build's id. */
  public static final String BUILD_LABEL = "io.renku.build.id";

  private static final Pattern BUILD_ID = Pattern.compile("[0-9A-Za-z]{1,64}");

  private final Supplier<Podman> engine;
  private final Function<Podman, String> jupyterImage;
  private final String registry;
  private final LocalBuildSettings settings;
  private final io.renku.data.session.runtime.container.RepositoryCloner.Credentials credentials;
  private final Semaphore slots;
  private final Map<String, LocalBuild> builds = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final String platform;
  private LocalBuild.Environment env; // made at the first build: podman is asked then, not at start

  /**
   * @param engine podman, made ready for this machine ({@code EngineSetup}); asked for at the first
   *     build, and again after a failure
   * @param jupyterImage makes sure the default Jupyter image exists (it may build it) and names it
   * @param registry the registry images are pushed to
   * @param settings directories, deadlines, concurrency
   */
  public PodmanImageBuilder(
      Supplier<Podman> engine,
      Function<Podman, String> jupyterImage,
      LocalRegistry registry,
      LocalBuildSettings settings) {
    this(
        engine,
        jupyterImage,
        registry,
        settings,
        io.renku.data.session.runtime.container.RepositoryCloner.Credentials.NONE);
  }

  /**
   * @param credentials the build's owner's credentials for private repositories (their connected
   *     service's token, decision 0040)
   */
  public PodmanImageBuilder(
      Supplier<Podman> engine,
      Function<Podman, String> jupyterImage,
      LocalRegistry registry,
      LocalBuildSettings settings,
      io.renku.data.session.runtime.container.RepositoryCloner.Credentials credentials) {
    this.credentials = credentials;
    this.engine = engine;
    this.jupyterImage = jupyterImage;
    this.registry = registry.address();
    this.settings = settings;
    this.slots = new Semaphore(Math.max(1, settings.maxConcurrent()));
    this.platform = machinePlatform();
    removeStaleWork(settings.workDir());
  }

  @Override
  public Set<String> builderVariants() {
    return Set.of("python");
  }

  @Override
  public Set<String> frontendVariants() {
    return FrontendPreset.all("").keySet();
  }

  @Override
  public void start(BuildRequest request) {
    if (request.buildId() == null || !BUILD_ID.matcher(request.buildId()).matches()) {
      throw new IllegalArgumentException("The build id must be letters and digits (a ULID).");
    }
    if (!builderVariants().contains(request.builderVariant())) {
      throw new IllegalArgumentException(
          "The builder variant '"
              + request.builderVariant()
              + "' cannot be built on this machine; it builds: "
              + String.join(", ", builderVariants()));
    }
    if (!frontendVariants().contains(request.frontendVariant())) {
      throw new IllegalArgumentException(
          "The frontend variant '"
              + request.frontendVariant()
              + "' cannot be built on this machine"
              + ("vscodium".equals(request.frontendVariant())
                  ? " (Debian has no package for VSCodium)"
                  : "")
              + "; it builds: "
              + String.join(", ", frontendVariants()));
    }
    if (request.platform() != null && !request.platform().equals(platform)) {
      throw new IllegalArgumentException(
          "This machine builds for " + platform + " only, not " + request.platform() + ".");
    }
    if (request.repository() == null || request.repository().isBlank()) {
      throw new IllegalArgumentException("The repository is missing.");
    }
    LocalBuild build = new LocalBuild(request, environment());
    if (builds.putIfAbsent(request.buildId(), build) != null) {
      return; // started already
    }
    threads.execute(() -> build.run(slots));
  }

  @Override
  public Optional<BuildState> state(String buildId) {
    return Optional.ofNullable(buildId).map(builds::get).map(LocalBuild::state);
  }

  @Override
  public Map<String, String> logs(String buildId, int maxLines) {
    LocalBuild build = buildId == null ? null : builds.get(buildId);
    return build == null ? Map.of() : build.logs(maxLines);
  }

  @Override
  public void cancel(String buildId) {
    LocalBuild build = buildId == null ? null : builds.get(buildId);
    if (build != null) {
      build.cancel();
    }
  }

  /** Stops the builds that run (the platform is stopping). */
  @Override
  public void close() {
    builds.values().forEach(LocalBuild::cancel);
    threads.shutdownNow();
  }

  /** What every build shares, podman first: made at the first build. */
  private synchronized LocalBuild.Environment environment() {
    if (env == null) {
      Podman podman;
      try {
        podman = engine.get();
      } catch (RuntimeException e) {
        throw new ImageBuilderUnavailableException(
            "podman cannot build images on this machine: " + e.getMessage(), e);
      }
      if (!Files.isExecutable(podman.executable())) {
        throw new ImageBuilderUnavailableException(
            "podman is not installed on this machine (" + podman.executable() + ")", null);
      }
      env =
          new LocalBuild.Environment(
              podman,
              gitExecutable(),
              () -> jupyterImage.apply(podman),
              registry,
              settings,
              credentials);
    }
    return env;
  }

  /**
   * Working directories of builds a previous run left (it was killed while they ran): {@code
   * build-<id>}.
   */
  private static void removeStaleWork(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(workDir)) {
      entries
          .filter(
              p ->
                  Files.isDirectory(p)
                      && p.getFileName().toString().matches("build-[0-9a-z]{1,64}"))
          .forEach(LocalBuild::deleteTree);
    } catch (IOException e) {
      // nothing to clean
    }
  }

  /** {@code linux/amd64} or {@code linux/arm64}: what this machine's podman builds. */
  static String machinePlatform() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64") ? "linux/arm64" : "linux/amd64";
  }

  private static Path gitExecutable() {
    for (String p : new String[] {"/usr/bin/git", "/usr/local/bin/git", "/bin/git"}) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return Path.of("/usr/bin/git");
  }
}
