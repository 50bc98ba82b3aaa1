package io.renku.it.topology;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Redis ({@code /usr/bin/redis-server}, as the gateway's tests use) on the podman network's
 * gateway address with the password the chart gives the gateway, without persistence.
 */
final class RedisServer implements AutoCloseable {
  final int port;
  private final Process process;

  private RedisServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static RedisServer start(String address, String password) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("renku-topology-redis");
    Process p =
        new ProcessBuilder(
                "/usr/bin/redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                address,
                "--requirepass",
                password,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
      }
      if (answers(address, port)) {
        return new RedisServer(port, p);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("redis-server did not answer within 20 s");
  }

  private static boolean answers(String address, int port) {
    try (Socket s = new Socket(address, port)) {
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      // "-NOAUTH ..." without the password: it is up.
      return in.read() != -1;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
