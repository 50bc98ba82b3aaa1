package io.renku.data.builders.local;

import io.renku.data.session.runtime.LoopbackPorts;
import io.renku.data.session.runtime.ParentDeathWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image registry of local mode: CNCF Distribution (Debian package {@code docker-registry}),
 * playing Harbor's part for images built on this machine. It listens on a free loopback port, over
 * plain HTTP (nothing but this machine reaches it, so podman pushes and pulls it with {@code
 * --tls-verify=false}), keeps its images in the storage directory given, and lives exactly as long
 * as this JVM: {@link #close()} stops it, and a {@link ParentDeathWatch} stops it when the JVM dies
 * any other way ({@code kill -9} included).
 *
 * <p>The configuration file and the registry's own log ({@code registry.yml}, {@code registry.log})
 * are written next to the images, in the storage directory; the file holds a secret made fresh at
 * every start and is readable by the platform's user only.
 *
 * <p>Failure modes: {@link IllegalStateException} when the program is missing, or the registry does
 * not answer within {@link #START_TIMEOUT} (with the last lines of its log).
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalRegistry.class);

  /** Where Debian installs the registry. */
  public static final Path EXECUTABLE = Path.of("/usr/bin/docker-registry");

  static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path storage;
  private final ParentDeathWatch watch;

  private LocalRegistry(Process process, int port, Path storage, ParentDeathWatch watch) {
    this.process = process;
    this.port = port;
    this.storage = storage;
    this.watch = watch;
  }

  /** Whether this machine has the registry program. */
  public static boolean available() {
    return Files.isExecutable(EXECUTABLE);
  }

  /** Starts the registry with its images in {@code storage} (created if missing). */
  public static LocalRegistry start(Path storage) {
    return start(EXECUTABLE, storage, java.util.Set.of());
  }

  /**
   * {@link #start(Path)} on a port none of {@code avoid}: the data service starts before the
   * gateway binds the platform's public port, and a test's public port is in the ephemeral range
   * this registry picks from (a CI run saw the gateway's port taken at a restart).
   */
  public static LocalRegistry start(Path storage, java.util.Set<Integer> avoid) {
    return start(EXECUTABLE, storage, avoid);
  }

  static LocalRegistry start(Path executable, Path storage) {
    return start(executable, storage, java.util.Set.of());
  }

  static LocalRegistry start(Path executable, Path storage, java.util.Set<Integer> avoid) {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "The image registry "
              + executable
              + " is not installed (Debian package docker-registry; ./renku up installs it)");
    }
    try {
      Files.createDirectories(storage);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + storage, e);
    }
    String lastProblem = "";
    // Built images are named after the registry's address and environments keep those names:
    // the port of the last start first, so that they stay pullable across restarts.
    Path portFile = storage.resolve("registry.port");
    int previous = previousPort(portFile);
    // A free port may be taken between our probe and the registry's bind: then try another.
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port =
          attempt == 1 && previous > 0 && !avoid.contains(previous) && isFree(previous)
              ? previous
              : LoopbackPorts.pick(avoid::contains);
      if (attempt == 1 && previous > 0 && port != previous) {
        log.warn(
            "The image registry's port of the last start, {}, is taken; images built before"
                + " are pulled from podman's own copy only",
            previous);
      }
      Path config = storage.resolve("registry.yml");
      writeOwnerOnly(config, config(storage, port, secret()));
      Path logFile = storage.resolve("registry.log");
      ProcessBuilder pb =
          new ProcessBuilder(executable.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG"));
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot run " + executable + ": " + e.getMessage(), e);
      }
      ParentDeathWatch watch =
          ParentDeathWatch.watch(process.pid(), "TERM", 10, "KILL", false).orElse(null);
      if (awaitReady(process, port)) {
        writeOwnerOnly(portFile, port + "\n");
        log.info("Image registry on 127.0.0.1:{}, images in {}", port, storage);
        return new LocalRegistry(process, port, storage, watch);
      }
      stop(process, watch);
      lastProblem = tail(logFile);
    }
    throw new IllegalStateException(
        "The image registry did not start within "
            + START_TIMEOUT.toSeconds()
            + " s; its last output: "
            + lastProblem);
  }

  /** {@code 127.0.0.1:<port>}: the host part of the images' references. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path storage() {
    return storage;
  }

  /** Whether {@code image} is a reference into this registry. */
  public boolean holds(String image) {
    return image.startsWith(address() + "/");
  }

  @Override
  public void close() {
    stop(process, watch);
  }

  private static void stop(Process process, ParentDeathWatch watch) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (watch != null) {
      watch.cancel();
    }
  }

  static String config(Path storage, int port, String secret) {
    return """
        # Written by Renku at every start of the platform: the image registry of local mode.
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          secret: %s
        """
        .formatted(storage.toAbsolutePath(), port, secret);
  }

  /** Polls {@code /v2/} until it answers 200, the process ends, or time runs out. */
  private static boolean awaitReady(Process process, int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static int previousPort(Path file) {
    try {
      int port = Integer.parseInt(Files.readString(file).strip());
      return port > 0 && port < 65536 ? port : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String secret() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void writeOwnerOnly(Path file, String content) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return Optional.ofNullable(e.getMessage()).orElse("");
    }
  }
}
