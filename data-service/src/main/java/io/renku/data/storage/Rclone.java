package io.renku.data.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the machine's rclone binary. Every run gets an empty environment and a private temporary
 * home (deleted afterwards), so that rclone never reads the platform's own rclone configuration,
 * cloud credentials in its environment or home ({@code env_auth}), and no secret reaches the
 * command line (visible in process listings): a remote's options go in through environment
 * variables, a password to obscure through standard input.
 */
final class Rclone {
  /** The remote a connection test defines (its options are {@code RCLONE_CONFIG_TEST_*}). */
  static final String REMOTE = "test";

  private static final int MAX_ERROR_CHARS = 8192;

  private final String binary;

  Rclone(String binary) {
    this.binary = binary;
  }

  /** What a finished (or stopped) run left behind. */
  record Outcome(int exitCode, boolean timedOut, String stdout, String stderr) {
    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }

  /** The JSON of {@code rclone config providers}. */
  String providers() {
    Outcome o = run(List.of("config", "providers"), Map.of(), null, Duration.ofSeconds(30), true);
    if (!o.succeeded()) {
      throw new IllegalStateException("rclone config providers failed: " + o.stderr());
    }
    return o.stdout();
  }

  /** {@code value} obscured as rclone expects passwords in its configuration. */
  String obscure(String value, Duration limit) {
    Outcome o = run(List.of("obscure", "-"), Map.of(), value + "\n", limit, true);
    if (!o.succeeded()) {
      // rclone's message never contains the value (it came through stdin)
      throw new IllegalStateException("rclone obscure failed: " + o.stderr().strip());
    }
    return o.stdout().strip();
  }

  /**
   * Lists the top level of {@code path} on a remote defined by {@code options} (option name to the
   * value rclone expects, passwords obscured), stopped after {@code limit}.
   */
  Outcome list(Map<String, String> options, String path, Duration limit) {
    long seconds = Math.max(1, limit.toSeconds());
    List<String> args =
        List.of(
            "lsf",
            "--max-depth",
            "1",
            "--low-level-retries",
            "1",
            "--retries",
            "1",
            "--contimeout",
            seconds + "s",
            "--timeout",
            seconds + "s",
            "--ask-password=false",
            REMOTE + ":" + path);
    return run(args, options, null, limit, false);
  }

  /**
   * Copies {@code path} of a remote defined by {@code options} into the local directory {@code
   * target} (for the deposits' uploads), stopped after {@code limit}.
   */
  Outcome copyOut(Map<String, String> options, String path, String target, Duration limit) {
    List<String> args =
        List.of("copy", "--retries", "2", "--ask-password=false", REMOTE + ":" + path, target);
    return run(args, options, null, limit, false);
  }

  private Outcome run(
      List<String> args,
      Map<String, String> remoteOptions,
      String stdin,
      Duration limit,
      boolean keepStdout) {
    Path home = null;
    Process process = null;
    try {
      home =
          Files.createTempDirectory(
              "renku-rclone-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path config = Files.createFile(home.resolve("rclone.conf"));
      Path out = home.resolve("stdout");
      Path err = home.resolve("stderr");
      List<String> command = new ArrayList<>();
      command.add(binary);
      command.addAll(args.subList(0, 1));
      // the (empty) configuration file is private to this run; rclone may write refreshed tokens
      command.add("--config");
      command.add(config.toString());
      command.addAll(args.subList(1, args.size()));
      ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
      Map<String, String> env = pb.environment();
      String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.clear();
      env.put("PATH", path);
      env.put("HOME", home.toString());
      env.put("XDG_CONFIG_HOME", home.toString());
      env.put("XDG_CACHE_HOME", home.toString());
      env.put("TMPDIR", home.toString());
      remoteOptions.forEach(
          (name, value) ->
              env.put(
                  "RCLONE_CONFIG_"
                      + REMOTE.toUpperCase(Locale.ROOT)
                      + "_"
                      + name.toUpperCase(Locale.ROOT),
                  value));
      pb.redirectOutput(keepStdout ? ProcessBuilder.Redirect.to(out.toFile()) : discard());
      pb.redirectError(err.toFile());
      pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(nullFile()) : pipe());
      process = pb.start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      return new Outcome(
          finished ? process.exitValue() : -1,
          !finished,
          keepStdout ? Files.readString(out) : "",
          tail(err));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rclone ran", e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      delete(home);
    }
  }

  private static ProcessBuilder.Redirect discard() {
    return ProcessBuilder.Redirect.DISCARD;
  }

  private static ProcessBuilder.Redirect pipe() {
    return ProcessBuilder.Redirect.PIPE;
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }

  /** The end of a file (rclone's last lines say what went wrong). */
  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      in.skipNBytes(Math.max(0, size - MAX_ERROR_CHARS));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover private temp directory is harmless; nothing to report to the caller
    }
  }
}
