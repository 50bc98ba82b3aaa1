package io.renku.core.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The liveness and readiness endpoints of a process that serves no HTTP of its own (the data tasks,
 * the session operator, the k8s watcher), so that Kubernetes probes every deployable the same way:
 * {@code GET /health/liveness} answers 200 while the process runs, {@code GET /health/readiness}
 * 200 while {@code ready} says so and 503 before (schema applied, informers synced, operator
 * started). Paths and bodies are those of Spring Boot's actuator probes in the HTTP services.
 *
 * <p>Plain JDK ({@code jdk.httpserver}): the three workers share no web stack, only this module.
 * The answers are computed on the server's one dispatcher thread; {@code ready} must be cheap.
 */
public final class HealthServer implements AutoCloseable {

  /** The environment variable holding the port; {@code 0} turns the server off. */
  public static final String PORT_VARIABLE = "HEALTH_PORT";

  /** The port when {@link #PORT_VARIABLE} is unset or blank. */
  public static final int DEFAULT_PORT = 8081;

  static final String LIVENESS = "/health/liveness";
  static final String READINESS = "/health/readiness";
  private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OUT_OF_SERVICE =
      "{\"status\":\"OUT_OF_SERVICE\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the server on every interface at the port {@link #PORT_VARIABLE} names (the kubelet
   * probes the pod's address), or {@link #DEFAULT_PORT}.
   *
   * @return empty when the variable is {@code 0} (no server, e.g. several processes on one host)
   * @throws IllegalArgumentException when the variable is not a port number
   * @throws IOException when the port cannot be bound
   */
  public static Optional<HealthServer> startFromEnv(Map<String, String> env, BooleanSupplier ready)
      throws IOException {
    int port = port(env);
    return port == 0 ? Optional.empty() : Optional.of(start(new InetSocketAddress(port), ready));
  }

  /** Starts the server at {@code address} (port 0: a free port, see {@link #port()}). */
  public static HealthServer start(InetSocketAddress address, BooleanSupplier ready)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            answer(exchange, ready);
          }
        });
    // The dispatcher thread takes the daemon status of the thread that starts it: started from a
    // daemon thread, it never keeps alive a process whose main thread has failed (a hung worker
    // whose liveness still answers 200 would never be restarted).
    Thread starter =
        Thread.ofPlatform().daemon().name("health-server-start").unstarted(server::start);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      server.stop(0);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the health server", e);
    }
    return new HealthServer(server);
  }

  static int port(Map<String, String> env) {
    String value = env.getOrDefault(PORT_VARIABLE, "").trim();
    if (value.isEmpty()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PORT_VARIABLE + ": not a port number: " + value);
  }

  private static void answer(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (!path.equals(LIVENESS) && !path.equals(READINESS)) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    boolean up = path.equals(LIVENESS) || isReady(ready);
    byte[] body = up ? UP : OUT_OF_SERVICE;
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (method.equals("HEAD")) {
      exchange.sendResponseHeaders(up ? 200 : 503, -1);
      return;
    }
    exchange.sendResponseHeaders(up ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A readiness check that throws is "not ready", never a failed liveness. */
  private static boolean isReady(BooleanSupplier ready) {
    try {
      return ready.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops answering at once (the process is stopping). */
  @Override
  public void close() {
    server.stop(0);
  }
}
