package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.proxy.ReverseProxy;
import java.net.ServerSocket;
import java.net.URI;
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
    try (var client = HttpClients.createDefault()) {
      ReverseProxy proxy =
          new ReverseProxy(client, URI.create("http://127.0.0.1:" + port), "data service");
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
}
