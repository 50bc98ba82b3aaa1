package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;

/** The path a handed-over request shows the data service, read once at the hand-over. */
class HandedOverRequestTest {
  private static MockHttpServletRequest gatewayRequest() {
    var request = new MockHttpServletRequest("PATCH", "/api/data/projects/x");
    request.setServletPath("/api/data/projects/x");
    request.setQueryString("a=1");
    request.setAttribute("gateway.mark", true);
    return request;
  }

  @Test
  void aRequestShowsTheGatewaysPathAndAttributesOfItsOwn() {
    var handed =
        new HandedOverRequest(gatewayRequest(), new MockServletContext(), DispatcherType.REQUEST);
    assertThat(handed.getMethod()).isEqualTo("PATCH");
    assertThat(handed.getRequestURI()).isEqualTo("/api/data/projects/x");
    assertThat(handed.getServletPath()).isEqualTo("/api/data/projects/x");
    assertThat(handed.getPathInfo()).isNull();
    assertThat(handed.getQueryString()).isEqualTo("a=1");
    assertThat(handed.getRequestURL().toString()).endsWith("/api/data/projects/x");
    assertThat(handed.getAttribute("gateway.mark")).isNull();
    assertThat(handed.getDispatcherType()).isEqualTo(DispatcherType.REQUEST);
  }

  @Test
  void anErrorDispatchShowsTheErrorPageAsTomcatsForwardWould() {
    var handed =
        new HandedOverRequest(gatewayRequest(), new MockServletContext(), DispatcherType.ERROR);
    assertThat(handed.getMethod()).isEqualTo("PATCH");
    assertThat(handed.getRequestURI()).isEqualTo("/error");
    assertThat(handed.getServletPath()).isEqualTo("/error");
    assertThat(handed.getPathInfo()).isNull();
    assertThat(handed.getQueryString()).isEqualTo("a=1");
    assertThat(handed.getRequestURL().toString()).isEqualTo("http://localhost/error");
    assertThat(handed.getAttribute("org.apache.catalina.core.DISPATCHER_REQUEST_PATH"))
        .isEqualTo("/error");
  }
}
