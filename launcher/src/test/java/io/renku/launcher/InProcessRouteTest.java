package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode hands {@code /api/data} requests to the data service in process. Whatever the request,
 * the answer through the gateway must be the one the data service gives on its own port: status,
 * content type and body, errors included (those the data service renders itself, those Spring
 * Security and Spring MVC raise, and those that go through the container's error page).
 */
class InProcessRouteTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dataDir;
  static LocalPlatform platform;
  static String gateway;
  static String direct;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    platform =
        LocalPlatform.start(
            LauncherOptions.parse(
                new String[] {
                  "up",
                  "--session-runtime",
                  "process",
                  "--data-dir",
                  dataDir.toString(),
                  "--port",
                  String.valueOf(port),
                  "--authz-engine",
                  "postgres"
                }));
    gateway = "http://127.0.0.1:" + port;
    direct = "http://127.0.0.1:" + platform.dataServicePort();
    token =
        LocalTokens.mint(
            platform.keys(),
            platform.issuer(),
            "carol-id",
            "carol@example.org",
            "Carol",
            "C",
            false,
            Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  /** {@code bearer}: {@code "carol"} for her token, anything else is sent as it is. */
  record Call(String method, String path, String contentType, String body, String bearer) {}

  record Answer(int status, String contentType, String body) {}

  private static Answer send(String base, Call c) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(30));
    if (c.bearer() != null) {
      b.header("Authorization", "Bearer " + (c.bearer().equals("carol") ? token : c.bearer()));
    }
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    b.method(
        c.method(),
        c.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(c.body()));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    // The request id differs by construction: the gateway makes one, the data service another.
    String body = r.body().replaceAll("\"trace_id\":\"[^\"]*\"", "\"trace_id\":\"…\"");
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), body);
  }

  @Test
  void theGatewayAnswersExactlyAsTheDataServiceDoes() throws Exception {
    // Carol exists before the comparison, so that both sides see the same state.
    assertThat(send(direct, new Call("GET", "/api/data/user", null, null, "carol")).status())
        .isEqualTo(200);
    String json = "application/json";
    List<Call> calls =
        List.of(
            new Call("GET", "/api/data/version", null, null, null),
            new Call("GET", "/api/data/user", null, null, "carol"),
            new Call("GET", "/api/data/user", null, null, null),
            new Call("GET", "/api/data/user", null, null, "not-a-token"),
            new Call("GET", "/api/data/no-such-path", null, null, "carol"),
            new Call("DELETE", "/api/data/version", null, null, "carol"),
            new Call("GET", "/api/data/projects?per_page=1000", null, null, "carol"),
            new Call("GET", "/api/data/projects/01J0000000000000000000000Z", null, null, "carol"),
            new Call("GET", "/api/data/projects/not-an-id", null, null, "carol"),
            new Call("POST", "/api/data/projects", json, "{\"name\":", "carol"),
            new Call("POST", "/api/data/projects", json, "{\"name\":\"a\u0000b\"}", "carol"),
            new Call("POST", "/api/data/projects", json, "{\"name\":\"Q\"}", null),
            new Call("POST", "/api/data/projects", "text/plain", "hello", "carol"),
            new Call("PATCH", "/api/data/namespaces/carol", json, "{}", "carol"),
            new Call("GET", "/api/data/version;x=1", null, null, null),
            new Call("GET", "/api/data/projects/%252e%252e/x", null, null, "carol"),
            new Call("GET", "/api/data/error", null, null, null));
    List<String> differences = new ArrayList<>();
    for (Call c : calls) {
      Answer viaGateway = send(gateway, c);
      Answer straight = send(direct, c);
      if (!viaGateway.equals(straight)) {
        differences.add(c + "\n  gateway: " + viaGateway + "\n  direct:  " + straight);
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void writesThroughTheGatewayLandOnce() throws Exception {
    Call create =
        new Call(
            "POST",
            "/api/data/projects",
            "application/json",
            "{\"name\":\"Handed over\",\"namespace\":\"carol\"}",
            "carol");
    Answer created = send(gateway, create);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Answer listed =
        send(direct, new Call("GET", "/api/data/projects?namespace=carol", null, null, "carol"));
    assertThat(listed.body()).containsOnlyOnce("\"Handed over\"");
  }

  /**
   * A handed-over request is timed once, by the data service, which knows its route; the gateway's
   * own timer keeps counting what the gateway answers itself (decision 0010's amendment).
   */
  @Test
  void handedOverRequestsAreTimedOnceWithTheirRoute() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(send(gateway, new Call("GET", "/api/data/version", null, null, null)).status())
          .isEqualTo(200);
    }
    assertThat(send(gateway, new Call("GET", "/api/no-such-api", null, null, null)).status())
        .isEqualTo(404);
    assertThat(send(gateway, new Call("GET", "/metrics", null, null, null)).status())
        .as("never on the public port")
        .isEqualTo(404);
    String gatewayMetrics =
        send(
                platform.gatewayMetricsUrl().replace("/metrics", ""),
                new Call("GET", "/metrics", null, null, null))
            .body();
    String dataMetrics = send(direct, new Call("GET", "/metrics", null, null, null)).body();
    assertThat(gatewayMetrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*uri=\"/api/\\*\\*\"")
        .doesNotContain("uri=\"UNKNOWN\"");
    assertThat(dataMetrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/api/data/version\"[^}]*\\}"
                + " ([3-9]|[1-9][0-9]+)(\\.0)?\\s");
  }
}
