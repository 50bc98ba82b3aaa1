package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.web.RateLimitFilter;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The token bucket per client address (servlet test objects: the clients are made up here). */
class RateLimitFilterTest {

  private static RateLimitFilter filter(int burst) {
    return new RateLimitFilter(
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://localhost:8000"),
            null,
            null,
            null,
            new GatewayProperties.RateLimit(true, 0.5, burst)));
  }

  private static int call(RateLimitFilter f, String address, String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setRemoteAddr(address);
    MockHttpServletResponse response = new MockHttpServletResponse();
    f.doFilter(request, response, new MockFilterChain());
    return response.getStatus();
  }

  @Test
  void aClientBeyondItsBurstGets429AndOthersDoNot() throws Exception {
    RateLimitFilter f = filter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(call(f, "10.0.0.1", "/api/data/projects")).isEqualTo(200);
    }
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/projects");
    request.setRemoteAddr("10.0.0.1");
    MockHttpServletResponse response = new MockHttpServletResponse();
    f.doFilter(request, response, new MockFilterChain());
    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.getContentAsString()).contains("\"code\":1429");

    assertThat(call(f, "10.0.0.2", "/api/data/projects")).isEqualTo(200);
    assertThat(call(f, "10.0.0.1", "/health/liveness")).as("probes are exempt").isEqualTo(200);
  }
}
