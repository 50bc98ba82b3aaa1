package io.renku.it.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service as its own JVM: {@code java -cp <the test's class path> <main class>}, its settings
 * as system properties or environment variables, its output in {@code <dir>/<name>.log}. Small
 * heaps and the C1 compiler only: seven JVMs share two cores.
 */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final Path log;
  private final Process process;

  private ServiceProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code mainClass} with {@code properties} as {@code -D} options (kept in an argument
   * file, so that no secret shows in the process list) and {@code env} added to this JVM's.
   */
  static ServiceProcess start(
      Path dir,
      String name,
      String mainClass,
      Map<String, ?> properties,
      Map<String, String> env,
      List<String> args) {
    try {
      Files.createDirectories(dir);
      List<String> jvm = new ArrayList<>();
      jvm.add("-cp");
      jvm.add(System.getProperty("java.class.path"));
      jvm.add("-Xmx384m");
      jvm.add("-Xss512k");
      jvm.add("-XX:TieredStopAtLevel=1");
      jvm.add("-XX:+UseSerialGC");
      jvm.add("-XX:CICompilerCount=1");
      jvm.add("-Xshare:auto");
      jvm.add("--enable-native-access=ALL-UNNAMED");
      jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve(name + "-tmp")));
      properties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
      Path argFile = dir.resolve(name + ".args");
      Files.write(argFile, jvm.stream().map(ServiceProcess::quoted).toList());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("@" + argFile);
      command.add(mainClass);
      command.addAll(args);
      Path log = dir.resolve(name + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(env);
      return new ServiceProcess(name, log, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Argument files split on white space unless quoted; backslashes escape. */
  private static String quoted(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Waits until {@code url} answers 200 (a health endpoint); fails with the log if it exits. */
  void awaitHealthy(String url, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited (" + process.exitValue() + "):\n" + tail());
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " not healthy within " + timeout + ":\n" + tail());
  }

  /** Waits until the log holds {@code text}. */
  void awaitLog(String text, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (output().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited (" + process.exitValue() + "):\n" + tail());
      }
      sleep(100);
    }
    throw new IllegalStateException(name + " did not log '" + text + "':\n" + tail());
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The last lines of the output (for failure messages). */
  String tail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Ends the process at once (the test JVM is going away). */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: Spring's graceful shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
