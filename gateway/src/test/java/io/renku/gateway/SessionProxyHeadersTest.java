package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.sessions.WebSocketTunnel;
import java.util.List;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.Test;

/** What a session gets of the browser's cookies: its own, never the platform's. */
class SessionProxyHeadersTest {

  @Test
  void thePlatformsCookiesNeverReachASession() {
    var request = new BasicClassicHttpRequest("GET", "/sessions/renku-abc/tree");
    request.addHeader("Cookie", "_renku_session=secret; _xsrf=2|abc; username-x=1");
    request.addHeader("Cookie", "_renku_anon=anon-1");
    String kept =
        WebSocketTunnel.withoutPlatformCookies(request, List.of("_renku_session", "_renku_anon"));
    assertThat(kept).isEqualTo("_xsrf=2|abc; username-x=1");
    assertThat(kept).doesNotContain("secret").doesNotContain("anon-1");
  }
}
