package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Builds and keeps the images sessions run on this machine, from Debian's packages only, since
 * these machines reach no image registry.
 *
 * <ol>
 *   <li>{@value #BASE_IMAGE}: {@code debootstrap --variant=minbase bookworm} (about 30 s; mirror
 *       {@code $RENKU_DEBIAN_MIRROR} or {@value #DEFAULT_MIRROR}), packed into a tarball in the
 *       cache directory (so that a removed image comes back without debootstrap) and imported.
 *       debootstrap needs root; without root or without debootstrap the base is {@value
 *       #REGISTRY_BASE} pulled from its registry instead, for machines with internet.
 *   <li>{@link #jupyterImageName()}: the default environment's image, built from the {@code
 *       jupyter.Containerfile} resource on the base ({@code apt-get install jupyter-notebook},
 *       about 80 s); its tag is a hash of that file, so a changed file builds a new image.
 *   <li>{@link #busyboxHttpdImageName()}: a tiny image with Debian's static busybox, for tests
 *       (about 1 s, no network).
 * </ol>
 *
 * <p>Every {@code ensure...} method is idempotent and returns the image's name at once when podman
 * has it; several threads or platforms on one machine may call them together: the builds are
 * serialized by a lock file in the cache directory. Progress lines (one per stage, and podman's
 * {@code STEP} lines) go to the consumer given, for the launcher to print. Failure modes: {@link
 * ImageBuildException} with what failed and the last lines it printed; {@link
 * Podman.PodmanException} when podman cannot be run or a step outlives its deadline.
 */
public final class LocalImages {
  /** The Debian base image every local image starts from. */
  public static final String BASE_IMAGE = "localhost/renku/debian:bookworm";

  /** The base image on machines that cannot debootstrap but reach Docker Hub. */
  public static final String REGISTRY_BASE = "docker.io/library/debian:bookworm-slim";

  public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

  private static final String RESOURCES = "/io/renku/data/session/runtime/container/";
  private static final String JUPYTER_CONTAINERFILE = "jupyter.Containerfile";
  private static final String BUSYBOX_CONTAINERFILE = "busybox-httpd.Containerfile";
  private static final String BUSYBOX_PASSWD = "busybox-httpd.passwd";
  private static final String BUSYBOX_GROUP = "busybox-httpd.group";
  private static final String BASE_TARBALL = "debian-bookworm-minbase.tar";
  private static final String LOCK_FILE = "build.lock";
  private static final List<Path> DEBOOTSTRAP_PATHS =
      List.of(Path.of("/usr/sbin/debootstrap"), Path.of("/usr/bin/debootstrap"));
  private static final List<Path> BUSYBOX_PATHS =
      List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
  private static final Duration QUICK = Duration.ofSeconds(60);
  private static final Duration LONG = Duration.ofMinutes(30);

  /** Within one JVM: a FileLock is held per process, so threads queue here first. */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private final Podman podman;
  private final Path cacheDir;
  private final Consumer<String> progress;
  private final BaseSource base;

  /** An image could not be built; the message says which step and why. */
  public static final class ImageBuildException extends RuntimeException {
    public ImageBuildException(String message) {
      super(message);
    }
  }

  /**
   * Where the base image comes from.
   *
   * @param image the name it gets in podman
   * @param debootstrap the debootstrap program, if this machine has one
   * @param mirror the Debian mirror debootstrap fetches from
   * @param registryImage pulled when debootstrap cannot run
   */
  record BaseSource(String image, Optional<Path> debootstrap, String mirror, String registryImage) {
    static BaseSource ofMachine() {
      String mirror = System.getenv("RENKU_DEBIAN_MIRROR");
      return new BaseSource(
          BASE_IMAGE,
          DEBOOTSTRAP_PATHS.stream().filter(Files::isExecutable).findFirst(),
          mirror == null || mirror.isBlank() ? DEFAULT_MIRROR : mirror.strip(),
          REGISTRY_BASE);
    }
  }

  /**
   * @param podman the engine, as {@link EngineSetup} made it ready
   * @param cacheDir where the base tarball and the lock file live ({@link #defaultCacheDir()})
   * @param progress receives one line per stage of a build, nothing when the image exists
   */
  public LocalImages(Podman podman, Path cacheDir, Consumer<String> progress) {
    this(podman, cacheDir, progress, BaseSource.ofMachine());
  }

  LocalImages(Podman podman, Path cacheDir, Consumer<String> progress, BaseSource base) {
    this.podman = podman;
    this.cacheDir = cacheDir;
    this.progress = progress;
    this.base = base;
  }

  /** {@code $RENKU_CACHE/images}, by default {@code ~/.cache/renku/images}. */
  public static Path defaultCacheDir() {
    String cache = System.getenv("RENKU_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "renku")
            : Path.of(cache);
    return root.resolve("images");
  }

  /**
   * The default environment's image, {@code localhost/renku/jupyter:<hash of its Containerfile>}.
   */
  public static String jupyterImageName() {
    return "localhost/renku/jupyter:" + shortHash(resource(JUPYTER_CONTAINERFILE));
  }

  /** The test image, {@code localhost/renku/busybox-httpd:<hash of its files>}. */
  public static String busyboxHttpdImageName() {
    return "localhost/renku/busybox-httpd:"
        + shortHash(
            resource(BUSYBOX_CONTAINERFILE), resource(BUSYBOX_PASSWD), resource(BUSYBOX_GROUP));
  }

  /** The Debian base image, built (or pulled) if podman does not have it. */
  public String ensureBase() {
    if (exists(base.image())) {
      return base.image();
    }
    return locked(this::buildBase);
  }

  /**
   * The default environment's image, built if podman does not have it: about two minutes on a
   * machine that has none of it yet, nothing afterwards.
   */
  public String ensureJupyter() {
    String name = jupyterImageName();
    if (exists(name)) {
      return name;
    }
    return locked(
        () -> {
          if (exists(name)) {
            return name;
          }
          String from = buildBase();
          progress.accept(
              "building the session image (3/3: Jupyter from Debian packages, about 80 s)...");
          Path context = tempDir("jupyter-");
          try {
            write(context.resolve("Containerfile"), resource(JUPYTER_CONTAINERFILE));
            build(name, from, context, true);
          } finally {
            delete(context);
          }
          return name;
        });
  }

  /**
   * The tiny test image, built in about a second from this machine's {@code /bin/busybox} (Debian
   * package busybox-static: it must be statically linked, as the image holds nothing else).
   */
  public String ensureBusyboxHttpd() {
    String name = busyboxHttpdImageName();
    if (exists(name)) {
      return name;
    }
    Path busybox = staticBusybox();
    return locked(
        () -> {
          if (exists(name)) {
            return name;
          }
          progress.accept("building the image " + name + " (static busybox, about 1 s)...");
          Path context = tempDir("busybox-");
          try {
            write(context.resolve("Containerfile"), resource(BUSYBOX_CONTAINERFILE));
            write(context.resolve("passwd"), resource(BUSYBOX_PASSWD));
            write(context.resolve("group"), resource(BUSYBOX_GROUP));
            Files.copy(busybox, context.resolve("busybox"));
            build(name, null, context, false);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            delete(context);
          }
          return name;
        });
  }

  // --- the base image ---------------------------------------------------------------------------

  /** Under the lock: the base image from the cached tarball, debootstrap, or the registry. */
  private String buildBase() {
    if (exists(base.image())) {
      return base.image();
    }
    Path tarball = cacheDir.resolve(BASE_TARBALL);
    String noDebootstrap = null;
    if (!Files.isRegularFile(tarball)) {
      noDebootstrap = whyNoDebootstrap();
      if (noDebootstrap == null) {
        noDebootstrap = debootstrap(tarball);
      }
    }
    if (noDebootstrap == null) {
      progress.accept("building the session image (2/3: importing the Debian base, about 10 s)...");
      Podman.Result imported =
          podman.exec(
              List.of(
                  "import",
                  "--change",
                  "ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "--change",
                  "CMD=[\"/bin/bash\"]",
                  tarball.toString(),
                  base.image()),
              LONG);
      if (!imported.ok()) {
        throw new ImageBuildException(
            "podman import of "
                + tarball
                + " failed: "
                + imported.lastError("exit code " + imported.exitCode()));
      }
      return base.image();
    }
    progress.accept(
        "pulling the Debian base image " + base.registryImage() + " (" + noDebootstrap + ")...");
    Podman.Result pulled = podman.exec(List.of("pull", "--quiet", base.registryImage()), LONG);
    if (!pulled.ok()) {
      throw new ImageBuildException(
          "cannot make the Debian base image "
              + base.image()
              + ": "
              + noDebootstrap
              + ", and pulling "
              + base.registryImage()
              + " failed: "
              + pulled.lastError("exit code " + pulled.exitCode()));
    }
    Podman.Result tagged = podman.exec(List.of("tag", base.registryImage(), base.image()), QUICK);
    if (!tagged.ok()) {
      throw new ImageBuildException("podman tag failed: " + tagged.lastError("?"));
    }
    return base.image();
  }

  /** Why debootstrap cannot run here, or null if it can. */
  private String whyNoDebootstrap() {
    if (base.debootstrap().isEmpty()) {
      return "debootstrap is not installed (Debian package debootstrap)";
    }
    int uid = uid();
    return uid == 0 ? null : "debootstrap needs root and the platform runs as uid " + uid;
  }

  /** Debootstraps into a temporary directory and packs it as {@code tarball}; null or why not. */
  private String debootstrap(Path tarball) {
    progress.accept(
        "building the session image (1/3: Debian base system from "
            + base.mirror()
            + ", about 30 s)...");
    removeStale("debootstrap-");
    Path work = tempDir("debootstrap-");
    try {
      Path rootfs = work.resolve("rootfs");
      HostCommand.Outcome boot =
          HostCommand.run(
              List.of(
                  base.debootstrap().orElseThrow().toString(),
                  "--variant=minbase",
                  "bookworm",
                  rootfs.toString(),
                  base.mirror()),
              LONG);
      if (!boot.ok()) {
        return "debootstrap failed (" + boot.summary() + ")";
      }
      // the packages' files are in the image already; apt fetches fresh lists when it builds on it
      clear(rootfs.resolve("var/cache/apt/archives"), ".deb");
      clear(rootfs.resolve("var/lib/apt/lists"), "");
      Path partial = work.resolve(BASE_TARBALL);
      HostCommand.Outcome packed =
          HostCommand.run(
              List.of(
                  "tar",
                  "--numeric-owner",
                  "--exclude=./dev/*",
                  "--exclude=./proc/*",
                  "--exclude=./sys/*",
                  "-C",
                  rootfs.toString(),
                  "-cf",
                  partial.toString(),
                  "."),
              LONG);
      if (!packed.ok()) {
        throw new ImageBuildException("packing the Debian base failed: " + packed.summary());
      }
      Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE);
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(work);
    }
  }

  // --- building ---------------------------------------------------------------------------------

  private void build(String name, String from, Path context, boolean network) {
    List<String> args = new ArrayList<>(List.of("build", "--pull=never", "--layers=false"));
    if (network) {
      // RUN apt-get needs the network; the host's is the one that reaches the Debian mirror
      args.add("--network=host");
    }
    if (from != null) {
      args.add("--from=" + from);
    }
    args.addAll(
        List.of(
            "--label",
            "io.renku.image=" + name,
            "-f",
            context.resolve("Containerfile").toString(),
            "-t",
            name,
            context.toString()));
    OutputTail tail = new OutputTail(30);
    Podman.Result built =
        podman.exec(
            args,
            LONG,
            null,
            line -> {
              tail.add(line);
              // a long build shows its steps; a one-second one only its stage line
              if (network && line.startsWith("STEP ")) {
                progress.accept("  " + abbreviate(line));
              }
            });
    if (!built.ok()) {
      throw new ImageBuildException(
          "podman build of "
              + name
              + " failed: "
              + built.lastError("exit code " + built.exitCode())
              + tail.asSuffix());
    }
  }

  private boolean exists(String image) {
    return podman.exec(List.of("image", "exists", image), QUICK).ok();
  }

  /** A static busybox of this machine, or why there is none. */
  static Path staticBusybox() {
    for (Path p : BUSYBOX_PATHS) {
      if (Files.isRegularFile(p)) {
        if (ElfFile.isStatic(p)) {
          return p;
        }
        throw new ImageBuildException(
            p + " is dynamically linked; install the Debian package busybox-static");
      }
    }
    throw new ImageBuildException("no /bin/busybox; install the Debian package busybox-static");
  }

  // --- locking and files ------------------------------------------------------------------------

  private <T> T locked(Supplier<T> work) {
    JVM_LOCK.lock();
    try {
      Files.createDirectories(cacheDir);
      try (FileChannel channel =
              FileChannel.open(
                  cacheDir.resolve(LOCK_FILE),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return work.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + cacheDir.resolve(LOCK_FILE), e);
    } finally {
      JVM_LOCK.unlock();
    }
  }

  private Path tempDir(String prefix) {
    try {
      Files.createDirectories(cacheDir);
      return Files.createTempDirectory(cacheDir, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Directories a killed build left behind; only called under the lock, so none is in use. */
  private void removeStale(String prefix) {
    try (Stream<Path> entries = Files.list(cacheDir)) {
      entries.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(this::delete);
    } catch (IOException e) {
      // nothing to clean
    }
  }

  /**
   * {@code rm -rf --one-file-system}: a failed debootstrap may leave /proc mounted in its target,
   * and a removal must never reach into a mount.
   */
  private void delete(Path dir) {
    HostCommand.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), LONG);
  }

  private static void clear(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)) {
          Files.delete(p);
        }
      }
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int uid() {
    try {
      // /proc/self belongs to the process's effective user
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  static String resource(String name) {
    try (InputStream in = LocalImages.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCES + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shortHash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
