package io.renku.data.session.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts a session's data connectors on this machine with {@code rclone mount} (FUSE; decision
 * 0033), for the local runtimes: one rclone daemon per connector, its configuration (type, options,
 * credentials) in the daemon's environment ({@code RCLONE_CONFIG_RENKU_<OPTION>}) and never on its
 * command line, which {@code ps} shows to every user of the machine.
 *
 * <p>Each mount has a time limit: rclone's own wait for the mount, then a listing of the mount's
 * top directory (a wrong password or a dead server shows there, since rclone mounts before it asks
 * the server anything). A mount that fails is unmounted and reported; the caller decides what it
 * means for the session.
 *
 * <p>Connectors are users' input: backends that reach this machine's files or wrap other remotes
 * ({@code local}, {@code alias}, {@code union}, ...) and options that run commands or read host
 * files ({@code *_command}, {@code *_file}, {@code ssh}, {@code env_auth}) are refused here too,
 * whatever the data connector domain already checked.
 */
public final class RcloneMounts {
  private static final Logger log = LoggerFactory.getLogger(RcloneMounts.class);

  /** The remote's name in the daemon's environment. */
  static final String REMOTE = "renku";

  private static final Pattern TYPE = Pattern.compile("[a-z0-9]{1,40}");
  private static final Pattern OPTION = Pattern.compile("[a-z0-9_]{1,80}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** Backends that read this machine's files or other remotes of the configuration. */
  private static final Set<String> REFUSED_TYPES =
      Set.of(
          "local", "alias", "union", "combine", "chunker", "crypt", "hasher", "compress", "cache");

  /** Options that run a program or read a file of this machine. */
  private static final Set<String> REFUSED_OPTIONS = Set.of("ssh", "env_auth");

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final Path rclone;
  private final Duration timeout;

  /**
   * @param rclone the rclone executable
   * @param timeout how long one mount may take, its check included
   */
  public RcloneMounts(Path rclone, Duration timeout) {
    this.rclone = rclone;
    this.timeout = timeout;
  }

  /** rclone of this machine ({@code /usr/bin/rclone}), if installed. */
  public static Optional<RcloneMounts> onThisMachine(Duration timeout) {
    for (String p : List.of("/usr/bin/rclone", "/usr/local/bin/rclone")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(new RcloneMounts(Path.of(p), timeout));
      }
    }
    return Optional.empty();
  }

  /** How one connector's mount went. */
  public record Outcome(DataSourceMount mount, Path mountPoint, boolean mounted, String message) {

    /** A line for the session's status: which connector, and why it is missing. */
    public String problem() {
      return "Data connector '" + mount.name() + "' is not mounted: " + message;
    }
  }

  /** Why this connector is not mounted on this machine whatever its credentials, or empty. */
  public static Optional<String> refusal(DataSourceMount m) {
    if (m.name() == null || !NAME.matcher(m.name()).matches() || m.name().contains("..")) {
      return Optional.of("its name is not a plain file name");
    }
    if (m.storageType() == null || !TYPE.matcher(m.storageType()).matches()) {
      return Optional.of("'" + m.storageType() + "' is not a storage type");
    }
    if (REFUSED_TYPES.contains(m.storageType())) {
      return Optional.of("the storage type '" + m.storageType() + "' is not mounted in sessions");
    }
    List<String> names = new ArrayList<>(m.options().keySet());
    names.addAll(m.secretOptions().keySet());
    for (String option : names) {
      if (!OPTION.matcher(option).matches()) {
        return Optional.of("'" + option + "' is not an rclone option");
      }
      if (option.endsWith("_command")
          || option.endsWith("_file")
          || REFUSED_OPTIONS.contains(option)) {
        return Optional.of(
            "the option '" + option + "' reads this machine's files or runs its programs");
      }
    }
    if (m.sourcePath().chars().anyMatch(c -> c < ' ')) {
      return Optional.of("its source path has control characters");
    }
    return Optional.empty();
  }

  /**
   * The rclone daemon's environment: the remote's type and options, the credentials read from
   * {@code credentials} (option → value), nothing inherited from this process but {@code PATH}.
   */
  static Map<String, String> environment(
      DataSourceMount m, Map<String, String> credentials, Path home) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", home.toString());
    String prefix = "RCLONE_CONFIG_" + REMOTE.toUpperCase(Locale.ROOT) + "_";
    env.put(prefix + "TYPE", m.storageType());
    m.options().forEach((k, v) -> env.put(prefix + k.toUpperCase(Locale.ROOT), v == null ? "" : v));
    credentials.forEach((k, v) -> env.put(prefix + k.toUpperCase(Locale.ROOT), v));
    return env;
  }

  /** The daemon's arguments: no option value of the connector, only where and how to mount. */
  static List<String> arguments(
      Path rclone,
      DataSourceMount m,
      Path mountPoint,
      Path logFile,
      Path cacheDir,
      int uid,
      int gid,
      Duration wait) {
    List<String> args = new ArrayList<>();
    args.add(rclone.toString());
    args.add("--config=/dev/null"); // no configuration file of this machine's user
    args.add("mount");
    args.add(REMOTE + ":" + m.sourcePath());
    args.add(mountPoint.toString());
    args.add("--daemon");
    args.add("--daemon-wait=" + Math.max(1, wait.toSeconds()) + "s");
    args.add("--allow-other"); // the session's user is not this process's
    args.add("--uid=" + uid);
    args.add("--gid=" + gid);
    args.add("--dir-perms=0755");
    args.add("--file-perms=0644");
    args.add("--contimeout=5s");
    args.add("--timeout=30s");
    args.add("--low-level-retries=2");
    args.add("--cache-dir=" + cacheDir);
    args.add("--log-file=" + logFile);
    args.add("--log-level=NOTICE");
    if (m.readOnly()) {
      args.add("--read-only");
    } else {
      args.add("--vfs-cache-mode=writes"); // what rclone asks for when files are written
    }
    return args;
  }

  /**
   * Mounts {@code m} at {@code mountPoint}.
   *
   * @param credentialDir the directory holding one file per sensitive option (its name the
   *     option's, its content the value), or null when it has none
   * @param workDir where the daemon's log and cache go (this platform's own directory)
   */
  public Outcome mount(
      DataSourceMount m, Path credentialDir, Path mountPoint, Path workDir, int uid, int gid) {
    Optional<String> refused = refusal(m);
    if (refused.isPresent()) {
      return new Outcome(m, mountPoint, false, refused.get() + ".");
    }
    Map<String, String> credentials = new LinkedHashMap<>();
    for (String option : m.secretOptions().keySet()) {
      Path file = credentialDir == null ? null : credentialDir.resolve(option);
      if (file == null || !Files.isRegularFile(file)) {
        return new Outcome(
            m, mountPoint, false, "the secret for its option '" + option + "' was not delivered.");
      }
      try {
        credentials.put(option, Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new Outcome(m, mountPoint, false, "its secret '" + option + "' cannot be read.");
      }
    }
    Path logFile = workDir.resolve(m.name() + ".log");
    Path cacheDir = workDir.resolve("cache").resolve(m.name());
    try {
      if (mounted(mountPoint)) { // left by a platform that stopped without unmounting
        unmount(mountPoint);
      }
      Files.createDirectories(mountPoint);
      Files.createDirectories(cacheDir);
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
      Files.deleteIfExists(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the mount point " + mountPoint, e);
    }
    // to a file, not a pipe: the daemon rclone leaves behind may hold its parent's output open
    Path outFile = workDir.resolve(m.name() + ".out");
    ProcessBuilder pb =
        new ProcessBuilder(arguments(rclone, m, mountPoint, logFile, cacheDir, uid, gid, timeout))
            .redirectErrorStream(true)
            .redirectOutput(outFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(environment(m, credentials, workDir));
    long started = System.nanoTime();
    String output;
    int exit;
    try {
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        unmount(mountPoint);
        return new Outcome(
            m,
            mountPoint,
            false,
            "the mount took longer than " + timeout.toSeconds() + " seconds.");
      }
      exit = p.exitValue();
      output = Files.readString(outFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      unmount(mountPoint);
      return new Outcome(m, mountPoint, false, "rclone could not be started.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unmount(mountPoint);
      return new Outcome(m, mountPoint, false, "interrupted.");
    }
    if (exit != 0 || !mounted(mountPoint)) {
      String why = lastError(logFile, output);
      unmount(mountPoint);
      return new Outcome(m, mountPoint, false, why);
    }
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    Optional<String> listing =
        listingProblem(mountPoint, left.isNegative() ? Duration.ofSeconds(1) : left);
    if (listing.isPresent()) {
      String why = lastError(logFile, listing.get());
      unmount(mountPoint);
      return new Outcome(m, mountPoint, false, why);
    }
    log.info(
        "Data connector {} mounted at {} ({}, {} ms)",
        m.name(),
        mountPoint,
        m.readOnly() ? "read-only" : "read-write",
        (System.nanoTime() - started) / 1_000_000);
    return new Outcome(m, mountPoint, true, null);
  }

  /**
   * Unmounts {@code mountPoint} if something is mounted there (lazily: a process of the session
   * that still holds a file does not keep it), then removes the empty directory.
   */
  public static void unmount(Path mountPoint) {
    if (mounted(mountPoint)) {
      for (List<String> cmd :
          List.of(
              List.of("fusermount3", "-u", "-z", mountPoint.toString()),
              List.of("fusermount", "-u", "-z", mountPoint.toString()),
              List.of("umount", "-l", mountPoint.toString()))) {
        if (run(cmd) && !mounted(mountPoint)) {
          break;
        }
      }
      if (mounted(mountPoint)) {
        log.warn("Cannot unmount {}", mountPoint);
        return;
      }
    }
    try {
      Files.deleteIfExists(mountPoint);
    } catch (IOException e) {
      log.debug("Cannot remove the mount point {}", mountPoint, e);
    }
  }

  /** Unmounts every mount below {@code dir} and removes what is left of it. */
  public static void unmountAll(Path dir) {
    for (Path p : mountsBelow(dir)) {
      unmount(p);
    }
    if (mountsBelow(dir).isEmpty()) {
      deleteTree(dir);
    }
  }

  /** The FUSE mounts below {@code dir}, from {@code /proc/self/mountinfo}. */
  public static List<Path> mountsBelow(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return mountPoints().stream().filter(p -> p.startsWith(base)).toList();
  }

  /** Whether something is mounted at {@code p}. */
  public static boolean mounted(Path p) {
    return mountPoints().contains(p.toAbsolutePath().normalize());
  }

  private static List<Path> mountPoints() {
    List<Path> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 4) {
          out.add(Path.of(unescape(f[4])));
        }
      }
    } catch (IOException e) {
      log.debug("Cannot read {}", MOUNTINFO, e);
    }
    return out;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Lists the mount's top directory in a thread of its own, which a dead server may hold. */
  private static Optional<String> listingProblem(Path mountPoint, Duration limit) {
    CompletableFuture<Optional<String>> listed =
        CompletableFuture.supplyAsync(
            () -> {
              try (DirectoryStream<Path> entries = Files.newDirectoryStream(mountPoint)) {
                entries.iterator().hasNext();
                return Optional.<String>empty();
              } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                return Optional.of("the storage cannot be listed");
              }
            },
            r -> Thread.ofVirtual().start(r));
    try {
      return listed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.of("the storage did not answer within " + limit.toSeconds() + " seconds");
    } catch (ExecutionException e) {
      return Optional.of("the storage cannot be listed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** rclone's last error line (without its time stamp), or {@code fallback}. */
  private static String lastError(Path logFile, String fallback) {
    List<String> lines = new ArrayList<>();
    try {
      if (Files.isRegularFile(logFile)) {
        lines.addAll(Files.readAllLines(logFile, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the fallback says enough
    }
    lines.addAll(fallback.lines().toList());
    String last = null;
    for (String l : lines) {
      if (l.contains("ERROR") || l.contains("CRITICAL") || l.contains("Fatal error")) {
        last = l;
      }
    }
    if (last == null) {
      last = fallback.isBlank() ? "rclone failed" : fallback.strip();
    }
    last = last.replaceFirst("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d ", "").strip();
    if (last.length() > 300) {
      last = last.substring(0, 300) + "…";
    }
    return last.endsWith(".") ? last : last + ".";
  }

  private static boolean run(List<String> cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.debug("Cannot remove {}", p, e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      log.debug("Cannot remove {}", dir, e);
    }
  }
}
