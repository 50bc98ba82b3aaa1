package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.sessions.SessionBoundary;
import io.renku.gateway.sessions.WebSocketTunnel;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.Test;

/**
 * What crosses between a session and the browser: the session gets its own cookies, never the
 * platform's; its answers cannot set or clear the platform's cookies (decision 0016).
 */
class SessionProxyHeadersTest {

  @Test
  void thePlatformsCookiesNeverReachASession() {
    var request = new BasicClassicHttpRequest("GET", "/sessions/renku-abc/tree");
    request.addHeader(
        "Cookie", "_renku_session=secret; _xsrf=2|abc; username-x=1; JSESSIONID=idp-session");
    request.addHeader("Cookie", "_renku_anon=anon-1; _renku_future=x; Renku-Auth-Anon-Id=anon-2");
    String kept = WebSocketTunnel.withoutPlatformCookies(request);
    assertThat(kept).isEqualTo("_xsrf=2|abc; username-x=1");
  }

  @Test
  void aSessionCannotSetOrClearThePlatformsCookies() {
    for (String cookie :
        new String[] {
          "_renku_session=planted; Path=/; HttpOnly",
          "_renku_anon=anon-planted; Path=/",
          " _RENKU_SESSION=x",
          "_renku_whatever=x",
          "Renku-Auth-Anon-Id=anon-x",
          "JSESSIONID=fixed; Path=/auth",
          "KEYCLOAK_IDENTITY=x; Path=/auth/realms/Renku/",
          "AUTH_SESSION_ID=x"
        }) {
      assertThat(SessionBoundary.keepAnswerHeader("Set-Cookie", cookie)).as(cookie).isFalse();
    }
    assertThat(SessionBoundary.keepAnswerHeader("set-cookie", "_xsrf=2|abc; Path=/sessions/x/"))
        .isTrue();
    assertThat(SessionBoundary.keepAnswerHeader("Clear-Site-Data", "\"cookies\"")).isFalse();
    assertThat(SessionBoundary.keepAnswerHeader("Service-Worker-Allowed", "/")).isFalse();
    assertThat(
            SessionBoundary.keepAnswerHeader("Content-Security-Policy", "frame-ancestors 'self'"))
        .as("Jupyter's own headers pass")
        .isTrue();
  }
}
