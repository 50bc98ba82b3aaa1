package io.renku.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Real HTTP calls to the workers' health server on a free loopback port. */
class HealthServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void livenessIsUpAtOnceAndReadinessFollowsTheCheck() throws Exception {
    AtomicBoolean ready = new AtomicBoolean();
    try (HealthServer server = startOnLoopback(ready)) {
      assertThat(get(server.port(), "/health/liveness")).isEqualTo("200 {\"status\":\"UP\"}");
      assertThat(get(server.port(), "/health/readiness"))
          .isEqualTo("503 {\"status\":\"OUT_OF_SERVICE\"}");

      ready.set(true);
      assertThat(get(server.port(), "/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}");

      // e.g. the watcher losing its watch: not ready again, but still alive
      ready.set(false);
      assertThat(get(server.port(), "/health/readiness")).startsWith("503 ");
      assertThat(get(server.port(), "/health/liveness")).startsWith("200 ");
    }
  }

  @Test
  void aReadinessCheckThatThrowsIsNotReadyAndLeavesTheServerAnswering() throws Exception {
    try (HealthServer server =
        HealthServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> {
              throw new IllegalStateException("the database is away");
            })) {
      assertThat(get(server.port(), "/health/readiness")).startsWith("503 ");
      assertThat(get(server.port(), "/health/liveness")).startsWith("200 ");
    }
  }

  @Test
  void answersJsonOnlyOnTheTwoPathsAndOnlyToGetAndHead() throws Exception {
    try (HealthServer server = startOnLoopback(new AtomicBoolean(true))) {
      HttpResponse<String> response = send(server.port(), "/health/readiness", "GET");
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");

      assertThat(send(server.port(), "/health/readiness", "HEAD").statusCode()).isEqualTo(200);
      assertThat(send(server.port(), "/", "GET").statusCode()).isEqualTo(404);
      assertThat(send(server.port(), "/health", "GET").statusCode()).isEqualTo(404);
      assertThat(send(server.port(), "/health/liveness/x", "GET").statusCode()).isEqualTo(404);
      assertThat(send(server.port(), "/metrics", "GET").statusCode()).isEqualTo(404);
      HttpResponse<String> post = send(server.port(), "/health/liveness", "POST");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  @Test
  void theServerNeverKeepsTheProcessAlive() throws Exception {
    try (HealthServer server = startOnLoopback(new AtomicBoolean(true))) {
      assertThat(get(server.port(), "/health/liveness")).startsWith("200 ");
      assertThat(Thread.getAllStackTraces().keySet())
          .filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher"))
          .isNotEmpty()
          .allMatch(Thread::isDaemon);
    }
  }

  @Test
  void closeStopsAnswering() throws Exception {
    HealthServer server = startOnLoopback(new AtomicBoolean(true));
    int port = server.port();
    assertThat(get(port, "/health/liveness")).startsWith("200 ");
    server.close();
    assertThatThrownBy(() -> get(port, "/health/liveness")).isInstanceOf(ConnectException.class);
  }

  @Test
  void thePortComesFromTheEnvironmentAndZeroTurnsTheServerOff() throws Exception {
    assertThat(HealthServer.port(Map.of())).isEqualTo(HealthServer.DEFAULT_PORT);
    assertThat(HealthServer.port(Map.of("HEALTH_PORT", " "))).isEqualTo(8081);
    assertThat(HealthServer.port(Map.of("HEALTH_PORT", " 9100 "))).isEqualTo(9100);
    assertThat(HealthServer.startFromEnv(Map.of("HEALTH_PORT", "0"), () -> true)).isEmpty();
    for (String bad : new String[] {"http", "-1", "65536", "80.5"}) {
      assertThatThrownBy(() -> HealthServer.port(Map.of("HEALTH_PORT", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("HEALTH_PORT")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void startFromEnvServesOnTheNamedPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Optional<HealthServer> started =
        HealthServer.startFromEnv(Map.of("HEALTH_PORT", Integer.toString(port)), () -> true);
    assertThat(started).isPresent();
    try (HealthServer server = started.orElseThrow()) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(get(port, "/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}");
    }
  }

  @Test
  void aTakenPortFailsTheStart() throws Exception {
    try (HealthServer first = startOnLoopback(new AtomicBoolean(true))) {
      assertThatThrownBy(
              () ->
                  HealthServer.start(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), first.port()),
                      () -> true))
          .isInstanceOf(IOException.class);
    }
  }

  private static HealthServer startOnLoopback(AtomicBoolean ready) throws IOException {
    return HealthServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ready::get);
  }

  private String get(int port, String path) throws Exception {
    HttpResponse<String> response = send(port, path, "GET");
    return response.statusCode() + " " + response.body();
  }

  private HttpResponse<String> send(int port, String path, String method) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
