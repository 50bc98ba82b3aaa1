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
    return filter(burst, null);
  }

  private static RateLimitFilter filter(int burst, String header) {
    return new RateLimitFilter(
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://localhost:8000"),
            null,
            null,
            null,
            new GatewayProperties.RateLimit(true, 0.5, burst, header),
            null,
            null,
            null,
            null));
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

  @Test
  void refusalsAreLoggedOncePerClientAndMinuteNotOnceEach() throws Exception {
    var logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RateLimitFilter.class);
    var appender =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try {
      RateLimitFilter f = filter(1);
      assertThat(call(f, "10.0.0.7", "/api/data/projects")).isEqualTo(200);
      for (int i = 0; i < 50; i++) {
        assertThat(call(f, "10.0.0.7", "/api/data/projects")).isEqualTo(429);
      }
      assertThat(call(f, "10.0.0.8", "/api/data/projects")).isEqualTo(200);
      assertThat(call(f, "10.0.0.8", "/api/data/projects")).isEqualTo(429);
      assertThat(appender.list)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .containsExactly(
              "Client 10.0.0.7 is over its rate limit (0.5/s, burst 1): 1 request(s) refused"
                  + " with 429 since the last report",
              "Client 10.0.0.8 is over its rate limit (0.5/s, burst 1): 1 request(s) refused"
                  + " with 429 since the last report");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void behindAProxyTheClientIsTheLastForwardedAddress() throws Exception {
    RateLimitFilter f = filter(1, "X-Forwarded-For");
    MockHttpServletRequest first = new MockHttpServletRequest("GET", "/api/data/projects");
    first.setRemoteAddr("10.0.0.100"); // the ingress
    first.addHeader("X-Forwarded-For", "1.2.3.4, 192.0.2.10");
    MockHttpServletResponse r1 = new MockHttpServletResponse();
    f.doFilter(first, r1, new MockFilterChain());
    assertThat(r1.getStatus()).isEqualTo(200);

    // A client forging the first entry is still counted by the entry the proxy added.
    MockHttpServletRequest forged = new MockHttpServletRequest("GET", "/api/data/projects");
    forged.setRemoteAddr("10.0.0.100");
    forged.addHeader("X-Forwarded-For", "9.9.9.9, 192.0.2.10");
    MockHttpServletResponse r2 = new MockHttpServletResponse();
    f.doFilter(forged, r2, new MockFilterChain());
    assertThat(r2.getStatus()).isEqualTo(429);

    MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api/data/projects");
    other.setRemoteAddr("10.0.0.100");
    other.addHeader("X-Forwarded-For", "192.0.2.11");
    MockHttpServletResponse r3 = new MockHttpServletResponse();
    f.doFilter(other, r3, new MockFilterChain());
    assertThat(r3.getStatus()).as("another client behind the same ingress").isEqualTo(200);
  }
}
