package io.renku.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis ({@code /usr/bin/redis-server} from the Debian package; {@code ./renku test}
 * installs it) on a free port of one address (loopback unless given, e.g. a podman network's
 * gateway address in {@code it/cluster-topology}), optionally with a password, without persistence,
 * stopped with the tests.
 */
public final class RedisServer implements AutoCloseable {
  public final int port;
  private final String address;
  private final Process process;

  private RedisServer(String address, int port, Process process) {
    this.address = address;
    this.port = port;
    this.process = process;
  }

  public static RedisServer start() throws IOException, InterruptedException {
    return start("127.0.0.1", null);
  }

  /** On {@code address}; with a password (null: none), which every client must then give. */
  public static RedisServer start(String address, String password)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("renku-redis");
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                address,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    RedisServer server = new RedisServer(address, port, p);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
      }
      String pong = server.command("PING");
      // without the password the answer is -NOAUTH: up all the same
      if (password == null ? "+PONG".equals(pong) : pong != null && !pong.isEmpty()) {
        return server;
      }
      Thread.sleep(50);
    }
    server.close();
    throw new IllegalStateException("redis-server did not answer within 20 s");
  }

  /** Sends one inline command and returns the first line of the answer (null if unreachable). */
  public String command(String inline) {
    try (Socket s = new Socket(address, port)) {
      s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = s.getInputStream().read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
