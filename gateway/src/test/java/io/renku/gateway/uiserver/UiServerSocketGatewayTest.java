package io.renku.gateway.uiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.gateway.support.Browser;
import io.renku.gateway.support.EchoUpstream;
import io.renku.gateway.support.TestPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ui-server/ws} through the real gateway, with a real login at the real identity provider:
 * the handshake only from the platform's origin, the original UI server's greeting and answers, and
 * for a logged-in browser the data service asked for that user's sessions, with the client told
 * when it should fetch them again.
 */
class UiServerSocketGatewayTest {
  static TestPlatform platform;

  @BeforeAll
  static void start() {
    platform = TestPlatform.get();
  }

  /** A client that queues every text message it receives, and "closed" when the server closes. */
  static final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        received.add(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      received.add("closed " + status);
      return null;
    }

    String next() throws InterruptedException {
      String m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }

  private WebSocket open(Client client, String origin, String cookie) throws Exception {
    URI uri = URI.create(platform.baseUrl.replace("http:", "ws:") + "/ui-server/ws");
    WebSocket.Builder b =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .header("Origin", origin);
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    CompletableFuture<WebSocket> ws = b.buildAsync(uri, client);
    return ws.get(10, TimeUnit.SECONDS);
  }

  @Test
  void onlyThePlatformsOriginMayOpenIt() {
    assertThatThrownBy(() -> open(new Client(), "https://evil.example.org", null))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(403));
    HttpResponse<String> plain = new Browser(platform.baseUrl).get("/ui-server/ws");
    assertThat(plain.statusCode()).as("not a WebSocket handshake").isEqualTo(426);
    assertThat(new Browser(platform.baseUrl).get("/ui-server/other").statusCode()).isEqualTo(404);
  }

  @Test
  void greetsAndAnswersAsTheOriginalUiServer() throws Exception {
    Client client = new Client();
    WebSocket ws = open(client, platform.baseUrl, null);
    String hello = client.next();
    assertThat(hello)
        .contains("\"scope\":\"user\"")
        .contains("\"type\":\"init\"")
        .contains("Connection established")
        .contains("\"timestamp\":\"");
    ws.sendText("{\"type\":\"ping\",\"data\":{},\"timestamp\":\"2026-12-05T10:00:00Z\"}", true)
        .get(5, TimeUnit.SECONDS);
    assertThat(client.next()).contains("\"type\":\"ack\"");
    ws.sendText("{\"type\":\"pullSessionStatusV2\",\"data\":{}}", true).get(5, TimeUnit.SECONDS);
    assertThat(client.next()).contains("\"type\":\"ack\"");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    assertThat(client.next()).isEqualTo("closed 1000");
  }

  @Test
  void aLoggedInBrowserHearsWhenToFetchItsSessionsAgain() throws Exception {
    Browser browser = new Browser(platform.baseUrl);
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    String cookie = "_renku_session=" + browser.cookie("_renku_session").orElseThrow();
    platform.upstream.clear();
    Client client = new Client();
    WebSocket ws = open(client, platform.baseUrl, cookie);
    assertThat(client.next()).contains("\"type\":\"init\"");
    ws.sendText("{\"type\":\"pullSessionStatusV2\",\"data\":{}}", true).get(5, TimeUnit.SECONDS);
    assertThat(client.next()).contains("\"type\":\"ack\"");

    // The data service is asked for this user's sessions with the login's own token.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    EchoUpstream.Seen seen = null;
    while (seen == null && System.nanoTime() < deadline) {
      seen =
          platform.upstream.seen().stream()
              .filter(s -> s.path().equals("/api/data/sessions"))
              .findFirst()
              .orElse(null);
      Thread.sleep(50);
    }
    assertThat(seen).as("the data service was asked for the sessions").isNotNull();
    assertThat(seen.header("Authorization")).startsWith("Bearer ");
    assertThat(seen.header("Cookie")).isNull();

    // The test platform's tokens live 6 s: once they are about to expire the client is told to
    // fetch again (its fetch through the gateway refreshes them), once, not on every look.
    String changed = client.next();
    assertThat(changed).contains("\"type\":\"sessionStatusV2\"").contains("\"message\":\"");
    assertThat(client.received.poll(1, TimeUnit.SECONDS)).isNull();
    ws.abort();
  }
}
