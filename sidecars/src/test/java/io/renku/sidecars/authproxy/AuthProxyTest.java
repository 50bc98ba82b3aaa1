package io.renku.sidecars.authproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.sidecars.testing.EchoUpstream;
import io.renku.sidecars.testing.RawHttp;
import io.renku.sidecars.testing.WebSocketEchoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auth proxy against a real upstream on loopback, spoken to with raw bytes and real clients.
 */
class AuthProxyTest {
  static final String TOKEN = "s3cr3t-token-value-0123456789";
  static final String PREFIX = "/sessions/abc";

  EchoUpstream upstream;
  AuthProxy proxy;
  ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    upstream = new EchoUpstream();
    proxy = start(upstream.url(), TOKEN, PREFIX);
  }

  AuthProxy start(String remote, String token, String prefix) throws Exception {
    ProxySettings settings =
        new ProxySettings(
            URI.create(remote),
            0,
            0,
            token,
            "renku-auth",
            prefix,
            true,
            ProxySettings.cookieNames(ProxySettings.DEFAULT_WITHHELD_COOKIES));
    return AuthProxy.start(
        settings, new ProxyLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), true));
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.close();
    // Whatever happened in a test, the token never reached the log.
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
  }

  static String get(String target, String... headers) {
    return "GET "
        + target
        + " HTTP/1.1\r\nHost: session.example\r\n"
        + String.join("", headers)
        + "\r\n";
  }

  @Test
  void noCredentialIsRefusedWith400AsGo() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/lab"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"message\":\"missing key in request header\"}\n");
      assertThat(r.headers().get("content-type")).isEqualTo("application/json");
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void wrongTokenIsRefusedWith401() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/lab", "Authorization: Bearer " + TOKEN + "x\r\n"));
      assertThat(c.read().status()).isEqualTo(401);
      c.send(get(PREFIX + "/lab", "Cookie: renku-auth=wrong\r\n"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}\n");
      // A prefix of the token is not the token.
      c.send(get(PREFIX + "/lab", "Authorization: Bearer " + TOKEN.substring(0, 10) + "\r\n"));
      assertThat(c.read().status()).isEqualTo(401);
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void tokenInAnotherCookieOrAnotherSchemeDoesNotCount() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/", "Cookie: other=" + TOKEN + "\r\n"));
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get(PREFIX + "/", "Cookie: xrenku-auth=" + TOKEN + "\r\n"));
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get(PREFIX + "/", "Authorization: Basic " + TOKEN + "\r\n"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("invalid key in the request header");
      c.send(get(PREFIX + "/", "Renku-Auth: " + TOKEN + "\r\n"));
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get(PREFIX + "/?token=" + TOKEN));
      assertThat(c.read().status()).isEqualTo(400);
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void headerOrCookieWithTheTokenPassesAndThePrefixIsStripped() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/lab/tree?x=1", "Authorization: bearer " + TOKEN + "\r\n"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("upstream saw GET /lab/tree?x=1 body=");
      c.send(get(PREFIX + "/api", "Cookie: a=b; renku-auth=\"" + TOKEN + "\"; c=d\r\n"));
      assertThat(c.read().body()).isEqualTo("upstream saw GET /api body=");
    }
    EchoUpstream.Seen first = upstream.seen().getFirst();
    assertThat(first.headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(first.headers().getFirst("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(first.headers().getFirst("Host")).isEqualTo("session.example");
  }

  @Test
  void thePlatformsCookiesAndTheCredentialCookieNeverReachTheSession() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(
          get(
              PREFIX + "/lab",
              "Cookie: _renku_session=login-of-the-viewer; a=b; renku-auth="
                  + TOKEN
                  + "; _renku_anon=visitor-id\r\n",
              "Cookie: c=d\r\n"));
      assertThat(c.read().status()).isEqualTo(200);
      // Only platform cookies: the field goes away entirely.
      c.send(
          get(
              PREFIX + "/api",
              "Authorization: Bearer " + TOKEN + "\r\n",
              "Cookie: _renku_session=login-of-the-viewer\r\n"));
      assertThat(c.read().status()).isEqualTo(200);
    }
    assertThat(upstream.seen().get(0).headers().get("Cookie")).containsExactly("a=b", "c=d");
    assertThat(upstream.seen().get(1).headers().get("Cookie")).isNull();
  }

  @Test
  void everyRequestOnAKeptAliveConnectionIsChecked() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/one", "Authorization: Bearer " + TOKEN + "\r\n"));
      assertThat(c.read().status()).isEqualTo(200);
      c.send(get(PREFIX + "/two"));
      assertThat(c.read().status()).isEqualTo(400);
      // Pipelined: an authenticated request immediately followed by one without credentials.
      c.send(
          get(PREFIX + "/three", "Authorization: Bearer " + TOKEN + "\r\n")
              + get(PREFIX + "/four"));
      assertThat(c.read().status()).isEqualTo(200);
      assertThat(c.read().status()).isEqualTo(400);
    }
    assertThat(upstream.seen())
        .extracting(EchoUpstream.Seen::target)
        .containsExactly("/one", "/three");
  }

  @Test
  void prefixTricksStayInsideTheSessionOrNeedTheToken() throws Exception {
    String auth = "Authorization: Bearer " + TOKEN + "\r\n";
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/../../../etc/passwd", auth));
      assertThat(c.read().status()).isEqualTo(200);
      c.send(get(PREFIX + "d/x", auth));
      assertThat(c.read().status()).isEqualTo(200);
      c.send(get(PREFIX, auth));
      assertThat(c.read().status()).isEqualTo(200);
      c.send(get(PREFIX + "//evil.example/x", auth));
      assertThat(c.read().status()).isEqualTo(200);
      // The health route is exact: with the prefix, or with a suffix, it is the session's.
      c.send(get(PREFIX + "/__amalthea__/health"));
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get("/__amalthea__/health/x"));
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get("/__amalthea__/../x"));
      assertThat(c.read().status()).isEqualTo(400);
    }
    assertThat(upstream.seen())
        .extracting(EchoUpstream.Seen::target)
        .containsExactly("/etc/passwd", PREFIX + "d/x", PREFIX, "/evil.example/x");
  }

  @Test
  void healthRouteAnswersWithoutCredentialAndIsNotForwarded() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + AuthProxy.HEALTH_PATH))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void requestStatsOnTheMetaPortMoveWithRequests() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI stats = URI.create("http://127.0.0.1:" + proxy.metaPort() + "/request_stats");
    String before =
        client
            .send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(before).matches("\\{\"last_request_time\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+\"}\\n");
    Thread.sleep(20);
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get(PREFIX + "/x", "Authorization: Bearer " + TOKEN + "\r\n"));
      c.read();
    }
    String after =
        client
            .send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(after).isNotEqualTo(before);
    HttpResponse<String> other =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.metaPort() + "/x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
    // The meta port does not proxy.
    assertThat(upstream.seen()).hasSize(1);
  }

  @Test
  void oversizedHeadersAre431AndNeverForwarded() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      String big = "X-Big: " + "a".repeat(1100 * 1024) + "\r\n";
      c.send(get(PREFIX + "/x", "Authorization: Bearer " + TOKEN + "\r\n", big));
      assertThat(c.read().status()).isEqualTo(431);
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void smugglingFramingIsRefused() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(
          "POST "
              + PREFIX
              + "/x HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: h\r\n bad folding\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(400);
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void bodiesPassInBothFramings() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(
          "POST "
              + PREFIX
              + "/a HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(c.read().body()).isEqualTo("upstream saw POST /a body=hello");
      c.send(
          "POST "
              + PREFIX
              + "/b HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("upstream saw POST /b body=abcde");
      // A refused request's small body is consumed, so the connection stays usable.
      c.send("POST " + PREFIX + "/c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz");
      assertThat(c.read().status()).isEqualTo(400);
      c.send(get(PREFIX + "/d", "Authorization: Bearer " + TOKEN + "\r\n"));
      assertThat(c.read().body()).isEqualTo("upstream saw GET /d body=");
    }
  }

  @Test
  void unreachableRemoteIs502() throws Exception {
    proxy.close();
    int dead;
    try (var s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    proxy = start("http://127.0.0.1:" + dead, TOKEN, "");
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get("/x", "Authorization: Bearer " + TOKEN + "\r\n"));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.body()).contains("unreachable");
    }
  }

  @Test
  void withoutATokenEverythingPasses() throws Exception {
    proxy.close();
    proxy = start(upstream.url(), "", "");
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(get("/free"));
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void webSocketPassesWithTheTokenAndNotWithout() throws Exception {
    try (WebSocketEchoServer ws = new WebSocketEchoServer()) {
      proxy.close();
      proxy = start("http://127.0.0.1:" + ws.port(), TOKEN, PREFIX);
      HttpClient client = HttpClient.newHttpClient();
      CompletableFuture<String> received = new CompletableFuture<>();
      WebSocket socket =
          client
              .newWebSocketBuilder()
              .header("Cookie", "renku-auth=" + TOKEN)
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + proxy.port() + PREFIX + "/api/kernels/1/channels"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                      received.complete(data.toString());
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      socket.sendText("ping", true).get(10, TimeUnit.SECONDS);
      assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("echo: ping");
      assertThat(ws.lastTarget).isEqualTo("/api/kernels/1/channels");
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

      ws.lastTarget = null;
      try (RawHttp c = new RawHttp(proxy.port())) {
        c.send(
            get(
                PREFIX + "/api/kernels/1/channels",
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        assertThat(c.read().status()).isEqualTo(400);
      }
      assertThat(ws.lastTarget).isNull();
    }
  }
}
