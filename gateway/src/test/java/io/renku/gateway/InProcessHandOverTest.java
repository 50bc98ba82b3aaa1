package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.login.TokenSet;
import io.renku.gateway.proxy.IdentityRelayFilter;
import io.renku.gateway.proxy.InProcessUpstream;
import io.renku.gateway.proxy.ProxyFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The in-process route of local mode: what the data service is handed must be what an HTTP hop
 * would have carried (identity chosen by the gateway, no cookies, no forwarding headers), with the
 * body and the headers describing it intact. The data service here is a recorder; the hand-over on
 * the data service's side runs against the real one in the launcher's tests.
 */
class InProcessHandOverTest {
  private static final String SECRET = "shared-secret-for-tests";
  private final AtomicReference<Seen> seen = new AtomicReference<>();

  record Seen(
      List<String> headerNames,
      String authorization,
      String anonId,
      String refreshToken,
      String gatewaySecret,
      String cookieHeader,
      Object cookies,
      String forwardedFor,
      String host,
      String contentType,
      long contentLength,
      String body,
      String path,
      String query) {}

  private final InProcessUpstream recorder =
      (request, response) -> {
        seen.set(
            new Seen(
                Collections.list(request.getHeaderNames()),
                request.getHeader("authorization"),
                request.getHeader("Renku-Auth-Anon-Id"),
                request.getHeader("Renku-Auth-Refresh-Token"),
                request.getHeader("Renku-Gateway-Secret"),
                request.getHeader("Cookie"),
                request.getCookies(),
                request.getHeader("X-Forwarded-For"),
                request.getHeader("Host"),
                request.getContentType(),
                request.getContentLengthLong(),
                new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                request.getRequestURI(),
                request.getQueryString()));
        response.setStatus(299);
      };

  private ProxyFilter filter() {
    var beans = new StaticListableBeanFactory();
    beans.addBean("dataServiceInProcess", recorder);
    var properties =
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://127.0.0.1:1"), // never used: nothing may go over HTTP
            null,
            null,
            null,
            null,
            null,
            null,
            SECRET,
            null);
    return new ProxyFilter(
        HttpClients.createDefault(),
        new io.renku.gateway.proxy.UpstreamWatch(java.time.Duration.ofMinutes(5)),
        properties,
        beans.getBeanProvider(InProcessUpstream.class));
  }

  private MockHttpServletRequest browserRequest(String method, String path) {
    var request = new MockHttpServletRequest(method, path);
    request.setServerName("localhost");
    request.setServerPort(8080);
    request.addHeader("Host", "localhost:8080");
    request.addHeader(
        "Cookie", "_renku_session=opaque; _renku_anon=anon-abcdefghijklmnopqrstuvwxyz");
    request.setCookies(new jakarta.servlet.http.Cookie("_renku_session", "opaque"));
    request.addHeader("X-Forwarded-For", "203.0.113.9");
    request.addHeader("Forwarded", "for=203.0.113.9");
    request.addHeader("Renku-Auth-Anon-Id", "anon-forged-by-the-client-0000000000");
    request.addHeader("Renku-Gateway-Secret", "guessed-by-the-client");
    request.addHeader("Connection", "keep-alive");
    request.addHeader("Accept", "application/json");
    return request;
  }

  private MockHttpServletResponse run(HttpServletRequest request) throws Exception {
    var response = new MockHttpServletResponse();
    filter().doFilter(request, response, new MockFilterChain());
    return response;
  }

  @Test
  void aLoggedInBrowserIsHandedOverWithItsAccessTokenAndWithoutCookies() throws Exception {
    var request = browserRequest("POST", "/api/data/projects");
    request.setQueryString("dry=1");
    request.setContentType("application/json");
    request.setContent("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    request.addHeader("Content-Length", "12");
    var tokens = new TokenSet("access-1", Instant.now().plusSeconds(60), "refresh-1", null, null);
    request.setAttribute(
        IdentityRelayFilter.ATTRIBUTE, new IdentityRelayFilter.Relay(tokens, null, false));

    assertThat(run(request).getStatus()).isEqualTo(299);

    Seen s = seen.get();
    assertThat(s.authorization()).isEqualTo("Bearer access-1");
    assertThat(s.refreshToken()).isEqualTo("refresh-1");
    assertThat(s.anonId()).as("the client's own anonymous id is dropped").isNull();
    assertThat(s.gatewaySecret()).as("no anonymous id to vouch for").isNull();
    assertThat(s.cookieHeader()).isNull();
    assertThat(s.cookies()).isNull();
    assertThat(s.forwardedFor()).isNull();
    assertThat(s.headerNames())
        .doesNotContain("Cookie", "Forwarded", "X-Forwarded-For", "Connection")
        .contains("Accept", "Host");
    assertThat(s.host()).isEqualTo("localhost:8080");
    assertThat(s.contentType()).isEqualTo("application/json");
    assertThat(s.contentLength()).isEqualTo(12);
    assertThat(s.body()).isEqualTo("{\"name\":\"x\"}");
    assertThat(s.path()).isEqualTo("/api/data/projects");
    assertThat(s.query()).isEqualTo("dry=1");
  }

  @Test
  void aVisitorIsHandedOverWithTheGatewaysAnonymousId() throws Exception {
    var request = browserRequest("GET", "/api/data/projects");
    request.setAttribute(
        IdentityRelayFilter.ATTRIBUTE,
        new IdentityRelayFilter.Relay(null, "anon-chosen-by-the-gateway-000000000", false));
    run(request);
    assertThat(seen.get().anonId()).isEqualTo("anon-chosen-by-the-gateway-000000000");
    assertThat(seen.get().gatewaySecret()).as("vouched for").isEqualTo(SECRET);
    assertThat(seen.get().authorization()).isNull();
    assertThat(seen.get().cookies()).isNull();
  }

  @Test
  void aCallerWithItsOwnTokenIsHandedOverUnchanged() throws Exception {
    var request = browserRequest("GET", "/api/data/user");
    request.addHeader("Authorization", "Bearer own-token");
    request.setAttribute(
        IdentityRelayFilter.ATTRIBUTE, new IdentityRelayFilter.Relay(null, null, true));
    run(request);
    assertThat(seen.get().authorization()).isEqualTo("Bearer own-token");
    assertThat(seen.get().cookieHeader()).isNull();
    assertThat(seen.get().anonId()).as("the client's identity headers are dropped").isNull();
    assertThat(seen.get().gatewaySecret()).isNull();
  }

  @Test
  void theSecretKeyIsNeverHandedOver() throws Exception {
    var request = browserRequest("GET", "/api/data/user/%73ecret_key/");
    request.setAttribute(
        IdentityRelayFilter.ATTRIBUTE, new IdentityRelayFilter.Relay(null, null, true));
    var response = run(request);
    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(seen.get()).isNull();
  }
}
