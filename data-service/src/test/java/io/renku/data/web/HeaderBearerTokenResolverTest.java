package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class HeaderBearerTokenResolverTest {
  private final HeaderBearerTokenResolver ours = new HeaderBearerTokenResolver();
  private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

  /** Every header gets the default resolver's answer: the same token, null, or the same error. */
  @Test
  void resolvesEveryHeaderAsTheDefaultResolverDoes() {
    List<String> headers =
        List.of(
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln",
            "bearer abc",
            "BEARER abc",
            "Bearer a-b.c_d~e+f/g==",
            "Bearer abc=",
            "Bearer abc=d",
            "Bearer ==",
            "Bearer ",
            "Bearer",
            "Bearer  abc",
            "Bearer abc ",
            "Bearer abc\n",
            "Bearer ab c",
            "Bearer äbc",
            "Bearerabc",
            "Basic dXNlcjpwYXNz",
            "DPoP abc",
            "");
    for (String header : headers) {
      MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/user");
      request.addHeader("Authorization", header);
      assertThat(outcome(() -> ours.resolve(request)))
          .as("Authorization: %s", header)
          .isEqualTo(outcome(() -> spring.resolve(request)));
    }
    MockHttpServletRequest none = new MockHttpServletRequest("GET", "/api/data/user");
    assertThat(ours.resolve(none)).isNull();
    assertThat(outcome(() -> ours.resolve(requestWith("Bearer abc=d"))))
        .startsWith("error invalid_token");
    assertThat(ours.resolve(requestWith("bearer a-b.c_d~e+f/g=="))).isEqualTo("a-b.c_d~e+f/g==");
  }

  @Test
  void aTokenInTheQueryIsStillNotAccepted() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/user");
    request.setQueryString("access_token=abc");
    request.addParameter("access_token", "abc");
    assertThat(ours.resolve(request)).isNull();
  }

  private static MockHttpServletRequest requestWith(String header) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/user");
    request.addHeader("Authorization", header);
    return request;
  }

  private static String outcome(java.util.function.Supplier<String> resolve) {
    try {
      return "token " + Objects.toString(resolve.get());
    } catch (OAuth2AuthenticationException e) {
      return "error " + e.getError().getErrorCode() + " " + e.getError().getDescription();
    } catch (RuntimeException e) {
      return "other " + e.getClass().getName();
    }
  }
}
