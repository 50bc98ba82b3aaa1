package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.ui.UiFilter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The web application's files: served when they exist, index.html otherwise, nothing outside. */
class UiFilterTest {
  @TempDir Path dir;

  private MockHttpServletResponse get(UiFilter filter, String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      response.setHeader("X-Passed-On", "yes");
    }
    return response;
  }

  private UiFilter filter(Path ui) {
    return new UiFilter(
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://localhost:8000"),
            null,
            null,
            null,
            null,
            null,
            ui,
            null,
            null));
  }

  @Test
  void filesIndexFallbackAndNothingOutside() throws Exception {
    Path ui = dir.resolve("dist");
    Files.createDirectories(ui.resolve("assets"));
    Files.writeString(ui.resolve("index.html"), "<!doctype html><title>app</title>");
    Files.writeString(ui.resolve("assets/app-1234.js"), "console.log(1)");
    Files.writeString(dir.resolve("secret.txt"), "not for you");
    UiFilter filter = filter(ui);

    var index = get(filter, "/");
    assertThat(index.getContentAsString()).contains("<title>app</title>");
    assertThat(index.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(index.getHeader("Cache-Control")).isEqualTo("no-cache");

    var asset = get(filter, "/assets/app-1234.js");
    assertThat(asset.getContentAsString()).isEqualTo("console.log(1)");
    assertThat(asset.getContentType()).startsWith("text/javascript");
    assertThat(asset.getHeader("Cache-Control")).contains("immutable");

    assertThat(get(filter, "/projects/ada/notes").getContentAsString())
        .as("a page of the app")
        .contains("<title>app</title>");
    assertThat(get(filter, "/assets/missing.js").getStatus()).isEqualTo(404);
    assertThat(get(filter, "/../secret.txt").getContentAsString()).doesNotContain("not for you");
    assertThat(get(filter, "/api/data/version").getHeader("X-Passed-On")).isEqualTo("yes");
    assertThat(get(filter, "/sessions/renku-abc/").getHeader("X-Passed-On")).isEqualTo("yes");
  }

  @Test
  void withoutTheAppTheGatewayAnswersAsBefore() throws Exception {
    assertThat(get(filter(null), "/").getHeader("X-Passed-On")).isEqualTo("yes");
    assertThat(get(filter(dir.resolve("empty")), "/").getHeader("X-Passed-On")).isEqualTo("yes");
  }
}
