package io.renku.data.session.runtime.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The container engine's command line, {@code podman}, run with the platform's own {@code
 * containers.conf} (decision 0021: the CLI with {@code --format json}, not the Docker-compatible
 * socket, so that no engine service has to be kept running next to the platform).
 *
 * <p>Every call is a child process with a deadline. Failure modes: a command that exits non-zero is
 * a {@link Result} with its exit code and standard error, never an exception; a command that cannot
 * be started (no podman) or outlives its deadline (killed) throws {@link PodmanException}.
 */
public final class Podman {
  private final Path executable;
  private final Map<String, String> env;

  /**
   * @param executable the {@code podman} program
   * @param env variables set for every call, on top of a plain environment ({@code CONTAINERS_CONF}
   *     above all)
   */
  public Podman(Path executable, Map<String, String> env) {
    this.executable = executable;
    this.env = Map.copyOf(env);
  }

  /** {@code podman} on the usual paths, or empty if this machine has none. */
  public static Optional<Path> findExecutable() {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path p = Path.of(dir, "podman");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public Path executable() {
    return executable;
  }

  public Map<String, String> env() {
    return env;
  }

  /** What a call printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The last non-empty line of standard error, for messages; {@code fallback} if none. */
    public String lastError(String fallback) {
      String[] lines = stderr.strip().split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.isEmpty()) {
          return line.startsWith("Error: ") ? line.substring(7) : line;
        }
      }
      return fallback;
    }
  }

  /** The engine could not be run, or a call did not end in time. */
  public static final class PodmanException extends RuntimeException {
    public PodmanException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts {@code podman args...} with standard error merged into standard output and nothing on
   * standard input, and returns at once: for long calls whose caller reads the output as it comes
   * and stops the process itself (image builds, which a cancel must stop step by step).
   *
   * @throws PodmanException if podman cannot be started
   */
  public Process spawn(List<String> args) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(executable.toString());
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().keySet().retainAll(List.of("PATH", "HOME", "USER", "LANG", "XDG_RUNTIME_DIR"));
    pb.environment()
        .putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new PodmanException("Cannot run " + executable + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code podman args...} and waits at most {@code timeout}. */
  public Result exec(List<String> args, Duration timeout) {
    return exec(args, timeout, null, null);
  }

  /**
   * Runs {@code podman args...}, feeding {@code stdin} (or nothing) and handing each line of
   * standard output to {@code progress} as it comes (then {@link Result#stdout} is empty).
   */
  public Result exec(
      List<String> args, Duration timeout, InputStream stdin, Consumer<String> progress) {
    return exec(args, timeout, stdin, progress, Map.of(), false);
  }

  /**
   * The general form: {@code extraEnv} is set for this call only (values a container takes with
   * {@code -e NAME}, so that they never show on a command line other users of the machine can
   * read); {@code mergeStderr} puts standard error into {@link Result#stdout} in order (logs).
   */
  public Result exec(
      List<String> args,
      Duration timeout,
      InputStream stdin,
      Consumer<String> progress,
      Map<String, String> extraEnv,
      boolean mergeStderr) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(executable.toString());
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().keySet().retainAll(List.of("PATH", "HOME", "USER", "LANG", "XDG_RUNTIME_DIR"));
    pb.environment()
        .putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    pb.redirectErrorStream(mergeStderr);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new PodmanException("Cannot run " + executable + ": " + e.getMessage(), e);
    }
    Thread feeder = null;
    if (stdin != null) {
      feeder =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var out = p.getOutputStream()) {
                      stdin.transferTo(out);
                    } catch (IOException e) {
                      // the process ended early; its exit code tells why
                    }
                  });
    }
    var err = new ByteArrayOutputStream();
    Thread errReader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
    var out = new ByteArrayOutputStream();
    Thread outReader =
        Thread.ofVirtual()
            .start(
                () -> {
                  if (progress == null) {
                    copy(p.getInputStream(), out);
                    return;
                  }
                  try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      progress.accept(line);
                    }
                  } catch (IOException e) {
                    // the process ended; nothing more to read
                  }
                });
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new PodmanException(
            "podman "
                + String.join(" ", args.subList(0, Math.min(2, args.size())))
                + " did not finish within "
                + timeout.toSeconds()
                + " s",
            null);
      }
      outReader.join(Duration.ofSeconds(5));
      errReader.join(Duration.ofSeconds(5));
      if (feeder != null) {
        feeder.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new PodmanException("Interrupted while running podman", e);
    }
    return new Result(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream to) {
    try (in) {
      in.transferTo(to);
    } catch (IOException e) {
      // the process ended; what was read is kept
    }
  }
}
