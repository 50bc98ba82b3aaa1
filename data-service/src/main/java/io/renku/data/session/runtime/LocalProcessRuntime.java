package io.renku.data.session.runtime;

import io.renku.data.launcher.ReservedVariables;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session as a process on this machine, the way {@code ./renku up} runs the platform: the
 * environment's command and arguments, in the session's own workspace directory, listening on a
 * loopback port the runtime picks. The gateway proxies {@code /sessions/<name>/} to that port.
 *
 * <p>Like Kubernetes, {@code $(VAR)} in the command and arguments is replaced by the session's
 * variables: {@code RENKU_SESSION_IP}, {@code RENKU_SESSION_PORT}, {@code RENKU_BASE_URL_PATH},
 * {@code RENKU_WORKING_DIR}, {@code RENKU_MOUNT_DIR}, {@code RENKU_SESSION_TOKEN} (also as {@code
 * JUPYTER_TOKEN}, so that a Jupyter server requires it) and the launcher's own. The process gets
 * only these variables and a plain {@code PATH}, never the platform's (which hold database
 * passwords and keys).
 *
 * <p>Per session, under the root directory: {@code work/} (the files, kept across pauses), {@code
 * home/}, {@code output.log} and {@code pid} (so that a process left behind by a crashed platform
 * is stopped before the session starts again). The directories are the platform user's alone
 * (0700): sessions hold users' files and tokens, and other accounts on the machine must not read
 * them. Each session's processes are stopped when the platform's JVM dies, however it dies ({@link
 * ParentDeathWatch}).
 */
public final class LocalProcessRuntime implements SessionRuntime, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalProcessRuntime.class);
  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  /**
   * Why a session here gets neither its secret files nor its data connectors (decision 0033): its
   * program runs as the platform's own user, without isolation, and could read every session's
   * secrets and mounts; so nothing of them is delivered, and the status says so.
   */
  static final java.util.function.Function<SessionMounts, String> NOT_MOUNTED =
      mounts ->
          mounts.isEmpty()
              ? null
              : "Secrets and data connectors are not mounted: sessions on this machine run as"
                  + " processes of the platform's own user, without isolation (they need the"
                  + " container runtime, which needs podman).";

  private final Path root;
  private final Duration startTimeout;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  /**
   * @param root where sessions' workspaces and logs live
   * @param startTimeout how long a session may take to answer before it counts as failed
   */
  private final java.util.Set<Integer> avoided = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public LocalProcessRuntime(Path root, Duration startTimeout) {
    this.root = root.toAbsolutePath();
    this.startTimeout = startTimeout;
    try {
      ownerOnlyDirectory(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the sessions directory " + this.root, e);
    }
  }

  /** One run of a session's process (null if it failed before one started). */
  private static final class Run {
    final Process process;
    final int port;
    final Instant startedAt = Instant.now();
    volatile RuntimeState state = RuntimeState.STARTING;
    volatile String message = "Starting the session.";
    // shown while it runs: what it asked for and does not get here
    volatile String warning;
    // Held for as long as the process runs: its pipe is what keeps the watcher waiting.
    volatile ParentDeathWatch watch;

    Run(Process process, int port) {
      this.process = process;
      this.port = port;
    }
  }

  @Override
  public void start(SessionSpec spec) {
    Path dir = sessionDir(spec.name());
    synchronized (lock(spec.name())) {
      Run current = runs.get(spec.name());
      if (current != null
          && current.process != null
          && current.process.isAlive()
          && current.state != RuntimeState.STOPPING) {
        return;
      }
      runs.remove(spec.name());
      stopLeftover(dir);
      Path work = dir.resolve("work");
      Path home = dir.resolve("home");
      Path output = dir.resolve("output.log");
      int port;
      Map<String, String> vars = new LinkedHashMap<>();
      try {
        ownerOnlyDirectory(dir);
        ownerOnlyDirectory(work);
        ownerOnlyDirectory(home);
        ownerOnlyFile(output);
        port = freePort();
      } catch (IOException e) {
        failed(spec.name(), "Cannot prepare the session's directory: " + e.getMessage());
        return;
      }
      vars.put("RENKU_SESSION", "1");
      vars.put("RENKU_SESSION_IP", "127.0.0.1");
      vars.put("RENKU_SESSION_PORT", String.valueOf(port));
      vars.put("RENKU_BASE_URL_PATH", spec.basePath());
      vars.put("RENKU_WORKING_DIR", work.toString());
      vars.put("RENKU_MOUNT_DIR", work.toString());
      vars.put("RENKU_SESSION_TOKEN", spec.token());
      vars.put("JUPYTER_TOKEN", spec.token()); // Jupyter servers then require it
      Map<String, String> platformVars = Map.copyOf(vars);
      ReservedVariables.withoutReserved(spec.env())
          .forEach((k, v) -> vars.put(k, v == null ? "" : expand(v, vars)));
      List<String> argv = new ArrayList<>();
      spec.command().forEach(a -> argv.add(expand(a, vars)));
      spec.args().forEach(a -> argv.add(expand(a, vars)));
      if (argv.isEmpty()) {
        failed(
            spec.name(),
            "The environment has no command. Sessions here run as local processes, so an"
                + " environment needs a command to run; the image "
                + spec.image()
                + " cannot be run without one.");
        return;
      }
      ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
      pb.environment().clear();
      pb.environment().put("LANG", "C.UTF-8"); // a default a launcher may change
      pb.environment().putAll(vars);
      // the platform's own last, whatever a launcher (or an older session row) holds
      pb.environment().put("PATH", PATH);
      pb.environment().put("HOME", home.toString());
      pb.environment().putAll(platformVars);
      pb.redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        failed(spec.name(), "Cannot run " + argv.getFirst() + ": " + rootCause(e));
        return;
      }
      Run run = new Run(process, port);
      run.warning = NOT_MOUNTED.apply(spec.mounts());
      ParentDeathWatch.watch(process.pid(), "TERM", 5, "KILL", true)
          .ifPresent(
              watch -> {
                run.watch = watch;
                process.onExit().thenRun(watch::cancel);
              });
      runs.put(spec.name(), run);
      writePid(dir, process);
      log.info("Session {} started as process {} on port {}", spec.name(), process.pid(), port);
      Thread.ofVirtual().name("session-" + spec.name()).start(() -> awaitReady(spec, run, output));
    }
  }

  /** Polls the session until it answers HTTP, fails, or runs out of time. */
  private void awaitReady(SessionSpec spec, Run run, Path output) {
    URI probe = URI.create("http://127.0.0.1:" + run.port + spec.basePath() + "/");
    HttpRequest request =
        HttpRequest.newBuilder(probe)
            .timeout(Duration.ofSeconds(2))
            .header("Authorization", "token " + spec.token())
            .GET()
            .build();
    Instant deadline = run.startedAt.plus(startTimeout);
    while (run.state == RuntimeState.STARTING) {
      if (!run.process.isAlive()) {
        break;
      }
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        run.state = RuntimeState.RUNNING;
        run.message = null;
        log.info(
            "Session {} is running ({} ms after start)",
            spec.name(),
            Duration.between(run.startedAt, Instant.now()).toMillis());
        break;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        run.state = RuntimeState.FAILED;
        run.message = "The session did not answer within " + startTimeout.toSeconds() + " seconds.";
        // its children first: once the program is gone they are no longer its descendants
        run.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        run.process.destroyForcibly();
        log.warn("Session {} failed: {}", spec.name(), run.message);
        return;
      }
      sleep(40);
    }
    run.process
        .onExit()
        .thenAccept(
            p -> {
              if (run.state == RuntimeState.STOPPING || runs.get(spec.name()) != run) {
                return;
              }
              run.state = RuntimeState.FAILED;
              String last = lastLine(output);
              run.message =
                  "The session's process stopped (exit code "
                      + p.exitValue()
                      + ")"
                      + (last.isEmpty() ? "." : ": " + last);
              log.warn("Session {} failed: {}", spec.name(), run.message);
            });
  }

  @Override
  public void hibernate(String name) {
    synchronized (lock(name)) {
      Run run = runs.remove(name);
      if (run != null) {
        stop(name, run);
      }
    }
  }

  @Override
  public void delete(String name) {
    synchronized (lock(name)) {
      hibernate(name);
      Path dir = sessionDir(name);
      stopLeftover(dir);
      deleteTree(dir);
    }
  }

  @Override
  public RuntimeStatus status(String name) {
    Run run = runs.get(name);
    if (run == null) {
      return RuntimeStatus.ABSENT;
    }
    int ready = run.state == RuntimeState.RUNNING ? 1 : 0;
    String message = run.state == RuntimeState.RUNNING ? run.warning : run.message;
    return new RuntimeStatus(run.state, message, ready, 1, run.startedAt);
  }

  @Override
  public String logs(String name, int maxLines) {
    Path output = sessionDir(name).resolve("output.log");
    if (!Files.isRegularFile(output) || maxLines <= 0) {
      return "";
    }
    return tail(output, maxLines);
  }

  @Override
  public Optional<Upstream> upstream(String name) {
    Run run = runs.get(name);
    if (run == null || run.state == RuntimeState.FAILED || run.state == RuntimeState.STOPPING) {
      return Optional.empty();
    }
    return Optional.of(new Upstream("127.0.0.1", run.port));
  }

  @Override
  public java.util.Set<String> names() {
    return java.util.Set.copyOf(runs.keySet());
  }

  /** Stops every session's process; their wanted state stays in Postgres for the next start. */
  @Override
  public void close() {
    // ask every process to stop first, so that they stop together rather than one by one
    runs.values().stream()
        .filter(r -> r.process != null)
        .forEach(
            r -> {
              r.state = RuntimeState.STOPPING;
              r.process.toHandle().descendants().forEach(ProcessHandle::destroy);
              r.process.destroy();
            });
    runs.forEach(this::stop);
    runs.clear();
  }

  private void stop(String name, Run run) {
    run.state = RuntimeState.STOPPING;
    if (run.process == null) {
      return;
    }
    ProcessHandle handle = run.process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    run.process.destroy();
    try {
      if (!run.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        run.process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(sessionDir(name).resolve("pid"));
    } catch (IOException e) {
      log.debug("Cannot remove the pid file of session {}", name, e);
    }
    log.info("Session {} stopped", name);
  }

  private void failed(String name, String message) {
    Run run = new Run(null, 0);
    run.state = RuntimeState.FAILED;
    run.message = message;
    runs.put(name, run);
    log.warn("Session {} failed: {}", name, message);
  }

  private Path sessionDir(String name) {
    if (!name.matches("[a-z0-9-]{1,63}")) {
      throw new IllegalArgumentException("Not a session name: " + name);
    }
    return root.resolve(name);
  }

  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private Object lock(String name) {
    return locks.computeIfAbsent(name, n -> new Object());
  }

  public static String expand(String value, Map<String, String> vars) {
    return Variables.expand(value, vars);
  }

  private static final FileAttribute<?> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /**
   * Creates {@code dir} (and missing parents) readable by the platform's user only, or narrows it
   * to that when an older version created it open to everyone.
   */
  private static void ownerOnlyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, OWNER_ONLY_DIRECTORY);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /** Creates {@code file} empty with mode 0600 unless it exists (then it is left as it is). */
  private static void ownerOnlyFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
  }

  private int freePort() {
    return LoopbackPorts.pick(avoided::contains);
  }

  @Override
  public void avoidPorts(java.util.Set<Integer> ports) {
    avoided.addAll(ports);
  }

  private static void writePid(Path dir, Process process) {
    try {
      Instant started = process.info().startInstant().orElse(Instant.EPOCH);
      Files.writeString(dir.resolve("pid"), process.pid() + " " + started.toEpochMilli());
    } catch (IOException e) {
      log.warn("Cannot write the pid file in {}", dir, e);
    }
  }

  /** Stops a process a crashed platform left behind, if the pid file still names it. */
  private static void stopLeftover(Path dir) {
    Path pidFile = dir.resolve("pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try {
      String[] parts = Files.readString(pidFile).trim().split(" ");
      long pid = Long.parseLong(parts[0]);
      long started = Long.parseLong(parts[1]);
      ProcessHandle.of(pid)
          .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == started).orElse(false))
          .ifPresent(
              h -> {
                log.info("Stopping process {} left behind by an earlier run", pid);
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
              });
      Files.deleteIfExists(pidFile);
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot read the pid file {}", pidFile, e);
    }
  }

  private static String tail(Path file, int maxLines) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long end = f.length();
      long pos = end;
      int lines = 0;
      int chunk = 8192;
      while (pos > 0 && lines <= maxLines) {
        long from = Math.max(0, pos - chunk);
        byte[] buf = new byte[(int) (pos - from)];
        f.seek(from);
        f.readFully(buf);
        for (int i = buf.length - 1; i >= 0; i--) {
          if (buf[i] == '\n' && from + i != end - 1) {
            lines++;
            if (lines == maxLines) {
              pos = from + i + 1;
              byte[] rest = new byte[(int) (end - pos)];
              f.seek(pos);
              f.readFully(rest);
              return new String(rest, StandardCharsets.UTF_8);
            }
          }
        }
        pos = from;
      }
      f.seek(0);
      byte[] all = new byte[(int) end];
      f.readFully(all);
      return new String(all, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLine(Path output) {
    String[] lines = tail(output, 1).strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) + "…" : last;
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Cannot remove {}", dir, e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
