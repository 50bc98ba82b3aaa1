package io.renku.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The header edits of the in-process route, which must match those made for an HTTP hop. */
class RelayedRequestTest {
  private static MockHttpServletRequest browser() {
    var request = new MockHttpServletRequest("GET", "/api/data/version");
    request.addHeader("Accept", "application/json");
    request.addHeader("X-Multi", "one");
    request.addHeader("X-Multi", "two");
    request.addHeader("Connection", "keep-alive");
    request.addHeader("Cookie", "_renku_session=abc");
    request.addHeader("Authorization", "Basic Zm9vOmJhcg==");
    return request;
  }

  @Test
  void copiesEveryValueButThoseOfSkippedNames() {
    var relayed = new RelayedRequest(browser(), ReverseProxy.CONNECTION_HEADERS);
    assertThat(Collections.list(relayed.getHeaderNames()))
        .containsExactly("Accept", "X-Multi", "Cookie", "Authorization");
    assertThat(Collections.list(relayed.getHeaders("x-multi"))).containsExactly("one", "two");
    assertThat(relayed.getHeader("connection")).isNull();
    assertThat(Collections.list(relayed.getHeaders("Connection"))).isEmpty();
  }

  @Test
  void removeAndSetMatchNamesInAnySpelling() {
    var relayed = new RelayedRequest(browser(), ReverseProxy.CONNECTION_HEADERS);
    relayed.remove("cookie");
    relayed.set("AUTHORIZATION", "Bearer t");
    relayed.set("x-multi", "three");
    relayed.set("Renku-Auth-Anon-Id", "anon-x");
    relayed.remove("Not-There");
    assertThat(relayed.getHeader("Cookie")).isNull();
    assertThat(relayed.getCookies()).isNull();
    assertThat(Collections.list(relayed.getHeaders("Authorization"))).containsExactly("Bearer t");
    assertThat(Collections.list(relayed.getHeaders("X-Multi"))).containsExactly("three");
    assertThat(Collections.list(relayed.getHeaderNames()))
        .containsExactly("Accept", "X-Multi", "Authorization", "Renku-Auth-Anon-Id");
  }
}
