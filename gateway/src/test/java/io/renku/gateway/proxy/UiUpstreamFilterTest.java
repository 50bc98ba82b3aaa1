package io.renku.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.support.EchoUpstream;
import io.renku.gateway.ui.UiFilter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * {@code renku.gateway.ui-upstream}: every path the gateway does not own goes to that server over
 * real HTTP, without the browser's credentials; the gateway's own paths never do.
 */
class UiUpstreamFilterTest {
  @TempDir Path dir;
  private EchoUpstream upstream;
  private CloseableHttpClient client;
  private UpstreamWatch watch;

  @BeforeEach
  void start() throws Exception {
    upstream = new EchoUpstream();
    client = new UpstreamClientConfig().upstreamHttpClient();
    watch = new UpstreamWatch(Duration.ofMinutes(1));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    watch.close();
    upstream.close();
  }

  private GatewayProperties properties(Path uiDir, URI uiUpstream) {
    return new GatewayProperties(
        URI.create("https://renku.example.org"),
        URI.create("http://127.0.0.1:1"),
        null,
        null,
        null,
        null,
        null,
        uiDir,
        null,
        null,
        uiUpstream);
  }

  private MockHttpServletResponse send(UiUpstreamFilter filter, MockHttpServletRequest request)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      response.setHeader("X-Passed-On", "yes");
    }
    return response;
  }

  @Test
  void pagesGoToTheUpstreamWithoutCredentials() throws Exception {
    var filter = new UiUpstreamFilter(client, watch, properties(null, URI.create(upstream.url())));

    MockHttpServletRequest page = new MockHttpServletRequest("GET", "/p/ada/notes.data");
    page.setQueryString("_routes=root");
    page.addHeader("Cookie", "_renku_session=abc; theme=dark");
    page.addHeader("Authorization", "Bearer secret");
    page.addHeader("Renku-Auth-Anon-Id", "anon-forged");
    var answer = send(filter, page);
    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getContentAsString()).contains("/p/ada/notes.data");
    var seen = upstream.last();
    assertThat(seen.path()).isEqualTo("/p/ada/notes.data?_routes=root");
    assertThat(seen.header("Cookie")).isNull();
    assertThat(seen.header("Authorization")).isNull();
    assertThat(seen.header("Renku-Auth-Anon-Id")).isNull();
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("renku.example.org");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("https");

    MockHttpServletRequest post = new MockHttpServletRequest("POST", "/");
    post.setContent("a=1".getBytes());
    post.setContentType("application/x-www-form-urlencoded");
    assertThat(send(filter, post).getStatus()).isEqualTo(200);
    assertThat(upstream.last().method()).isEqualTo("POST");
    assertThat(upstream.last().body()).isEqualTo("a=1");

    for (String own :
        new String[] {
          "/api/data/user",
          "/api",
          "/auth/login",
          "/sessions/renku-abc/",
          "/ui-server/ws",
          "/health/readiness",
          "/metrics",
          "/error"
        }) {
      upstream.clear();
      assertThat(send(filter, new MockHttpServletRequest("GET", own)).getHeader("X-Passed-On"))
          .as(own)
          .isEqualTo("yes");
      assertThat(upstream.seen()).as(own).isEmpty();
    }
  }

  @Test
  void theUpstreamCannotSetThePlatformsCookies() {
    assertThat(UiUpstreamFilter.keepAnswerHeader("Set-Cookie", "_renku_session=x; Path=/"))
        .isFalse();
    assertThat(UiUpstreamFilter.keepAnswerHeader("Set-Cookie", "theme=dark")).isTrue();
    assertThat(UiUpstreamFilter.keepAnswerHeader("Content-Type", "text/html")).isTrue();
  }

  @Test
  void unsetTheBuiltAppIsServedAsBefore() throws Exception {
    Path ui = dir.resolve("dist");
    Files.createDirectories(ui);
    Files.writeString(ui.resolve("index.html"), "<title>ours</title>");
    var filter = new UiUpstreamFilter(client, watch, properties(ui, null));
    assertThat(send(filter, new MockHttpServletRequest("GET", "/")).getHeader("X-Passed-On"))
        .isEqualTo("yes");
    assertThat(upstream.seen()).isEmpty();

    // with an upstream, ui/dist steps aside (it would answer every GET first otherwise)
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    new UiFilter(properties(ui, URI.create(upstream.url())))
        .doFilter(new MockHttpServletRequest("GET", "/"), response, chain);
    assertThat(chain.getRequest()).isNotNull();
  }
}
