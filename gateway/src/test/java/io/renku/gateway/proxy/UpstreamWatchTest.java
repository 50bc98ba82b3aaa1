package io.renku.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Upstreams that go silent are cut off by the watch, as the socket timeout the upstream client no
 * longer sets did; upstreams that keep sending are not, however long the answer takes.
 */
class UpstreamWatchTest {

  /** The gateway's client as configured: no socket read timeout. */
  private static CloseableHttpClient clientWithoutReadTimeout() {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom().setSocketTimeout(Timeout.DISABLED).build())
                .build())
        .disableAutomaticRetries()
        .build();
  }

  /** Reads one request head, then runs {@code answer} on the connection. */
  private interface Answer {
    void write(OutputStream out) throws Exception;
  }

  private static ServerSocket upstream(Answer answer) throws Exception {
    ServerSocket server = new ServerSocket(0);
    Thread.ofVirtual()
        .start(
            () -> {
              try (Socket s = server.accept()) {
                var in =
                    new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null && !line.isEmpty(); ) {
                  line = in.readLine();
                }
                answer.write(s.getOutputStream());
                Thread.sleep(60_000); // then keep the connection open, saying nothing
              } catch (Exception e) {
                // the gateway hung up
              }
            });
    return server;
  }

  private static MockHttpServletResponse forward(ReverseProxy proxy) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              try {
                proxy.forward(
                    new MockHttpServletRequest("GET", "/sessions/renku-abcdef/"),
                    response,
                    upstream -> {});
              } catch (java.io.IOException e) {
                // an answer broken off after it started: the response holds what came
              }
            });
    done.get(10, TimeUnit.SECONDS); // without the watch: blocked until the upstream closes
    return response;
  }

  @Test
  void anUpstreamThatNeverAnswersIsCutOffWith502() throws Exception {
    try (ServerSocket server = upstream(out -> {});
        CloseableHttpClient client = clientWithoutReadTimeout();
        UpstreamWatch watch = new UpstreamWatch(Duration.ofMillis(300), Duration.ofMillis(50))) {
      ReverseProxy proxy =
          new ReverseProxy(
              client, watch, URI.create("http://127.0.0.1:" + server.getLocalPort()), "session");
      long start = System.nanoTime();
      MockHttpServletResponse response = forward(proxy);

      assertThat(response.getStatus()).isEqualTo(502);
      assertThat(response.getContentAsString()).contains("session cannot be reached");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
      assertThat(watch.inFlight()).isZero();
    }
  }

  @Test
  void anAnswerThatKeepsComingIsNotCutOff() throws Exception {
    // 20 chunks 100 ms apart: 2 s in all, far beyond the 300 ms the upstream may stay silent
    Answer slow =
        out -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 20; i++) {
            out.flush();
            Thread.sleep(100);
            out.write('x');
          }
          out.flush();
        };
    try (ServerSocket server = upstream(slow);
        CloseableHttpClient client = clientWithoutReadTimeout();
        UpstreamWatch watch = new UpstreamWatch(Duration.ofMillis(300), Duration.ofMillis(50))) {
      ReverseProxy proxy =
          new ReverseProxy(
              client, watch, URI.create("http://127.0.0.1:" + server.getLocalPort()), "session");
      MockHttpServletResponse response = forward(proxy);

      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).isEqualTo("x".repeat(20));
      assertThat(watch.inFlight()).isZero();
    }
  }

  @Test
  void anAnswerThatStallsHalfwayIsEndedNotLeftHanging() throws Exception {
    // more than the response buffer, so the browser already has the start of the answer
    Answer stalls =
        out -> {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.write("x".repeat(5000).getBytes(StandardCharsets.US_ASCII));
          out.flush();
        };
    try (ServerSocket server = upstream(stalls);
        CloseableHttpClient client = clientWithoutReadTimeout();
        UpstreamWatch watch = new UpstreamWatch(Duration.ofMillis(300), Duration.ofMillis(50))) {
      ReverseProxy proxy =
          new ReverseProxy(
              client, watch, URI.create("http://127.0.0.1:" + server.getLocalPort()), "session");
      MockHttpServletResponse response = forward(proxy);

      assertThat(response.isCommitted()).isTrue();
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).isEqualTo("x".repeat(5000));
      assertThat(watch.inFlight()).isZero();
    }
  }
}
