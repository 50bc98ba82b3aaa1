package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.proxy.ReverseProxy;
import io.renku.gateway.proxy.UpstreamWatch;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** An upstream that is down gives the caller a clear 502, not a stack trace or a hang. */
class ReverseProxyTest {
  @Test
  void anUnreachableUpstreamGives502WithTheEnvelope() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    try (var client = HttpClients.createDefault();
        var watch = new UpstreamWatch(Duration.ofMinutes(5))) {
      ReverseProxy proxy =
          new ReverseProxy(client, watch, URI.create("http://127.0.0.1:" + port), "data service");
      MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/version");
      MockHttpServletResponse response = new MockHttpServletResponse();
      proxy.forward(request, response, upstream -> {});
      assertThat(response.getStatus()).isEqualTo(502);
      assertThat(response.getContentAsString())
          .contains("\"code\":1502")
          .contains("data service cannot be reached");
      assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    }
  }

  @Test
  void thePathAndQueryGoOnAsTheClientWroteThem() throws Exception {
    // URI.create threw on the malformed escape: the gateway answered 500 (GET /auth/login?x=%zz)
    try (ServerSocket upstream = new ServerSocket(0);
        var client = HttpClients.createDefault();
        var watch = new UpstreamWatch(Duration.ofMinutes(5))) {
      var requestLine = new java.util.concurrent.CompletableFuture<String>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (var s = upstream.accept()) {
                  var in =
                      new java.io.BufferedReader(
                          new java.io.InputStreamReader(
                              s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                  requestLine.complete(in.readLine());
                  while (!in.readLine().isEmpty()) {
                    // the headers
                  }
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (Exception e) {
                  requestLine.completeExceptionally(e);
                }
              });
      ReverseProxy proxy =
          new ReverseProxy(
              client, watch, URI.create("http://127.0.0.1:" + upstream.getLocalPort()), "identity");
      MockHttpServletRequest request = new MockHttpServletRequest("GET", "/auth/login");
      request.setQueryString("x=%zz&next=%2F..%2F&u=%E2%82");
      MockHttpServletResponse response = new MockHttpServletResponse();
      proxy.forward(request, response, upstream2 -> {});
      assertThat(requestLine.get(10, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo("GET /auth/login?x=%zz&next=%2F..%2F&u=%E2%82 HTTP/1.1");
      assertThat(response.getStatus()).isEqualTo(400);
    }
  }
}
