package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.login.LoginSession;
import io.renku.gateway.login.RecentLogins;
import io.renku.gateway.login.ThrottledSessionRepository;
import io.renku.gateway.login.TokenRefresher;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.session.web.http.DefaultCookieSerializer;

/** A login ends at its maximum lifetime, however active it is. */
class LoginLifetimeTest {
  private static TokenRefresher refresher(Duration idle, Duration max) {
    GatewayProperties properties =
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://localhost:8000"),
            null,
            null,
            new GatewayProperties.Session(idle, max, null, null, null),
            null,
            null,
            null,
            null,
            null);
    // login() needs neither the store, the lock, the provider nor the cipher.
    return new TokenRefresher(
        null, null, null, null, properties, recent, new DefaultCookieSerializer());
  }

  private static RecentLogins recent = new RecentLogins(Duration.ZERO);

  private static MockHttpServletRequest requestWithLoginAt(Instant loggedInAt) {
    MockHttpSession session = new MockHttpSession();
    session.setAttribute(
        LoginSession.ATTRIBUTE,
        new LoginSession("user-1", "U", "u@example.org", loggedInAt, Instant.MAX, new byte[0]));
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setSession(session);
    return request;
  }

  @Test
  void aLoginPastItsMaximumLifetimeEndsAndItsSessionWithIt() {
    TokenRefresher refresher = refresher(Duration.ofHours(4), Duration.ofHours(24));
    MockHttpServletRequest fresh = requestWithLoginAt(Instant.now().minus(Duration.ofHours(23)));
    assertThat(refresher.login(fresh)).isPresent();

    MockHttpServletRequest old = requestWithLoginAt(Instant.now().minus(Duration.ofHours(25)));
    MockHttpSession session = (MockHttpSession) old.getSession(false);
    assertThat(refresher.login(old)).isEmpty();
    assertThat(session.isInvalid()).isTrue();
  }

  @Test
  void aRememberedLoginIsServedWithoutTheSessionAndStillEndsAtItsMaximumLifetime() {
    recent = new RecentLogins(Duration.ofMinutes(1));
    try {
      TokenRefresher refresher = refresher(Duration.ofHours(4), Duration.ofHours(24));
      MockHttpServletRequest first = requestWithLoginAt(Instant.now().minus(Duration.ofHours(23)));
      String id = first.getSession(false).getId();
      first.setCookies(sessionCookie(id));
      assertThat(refresher.login(first)).isPresent();

      MockHttpServletRequest next = new MockHttpServletRequest();
      next.setCookies(sessionCookie(id));
      assertThat(refresher.login(next)).as("served from memory").isPresent();
      assertThat(next.getSession(false)).isNull();

      recent.evict(id);
      MockHttpServletRequest afterLogout = new MockHttpServletRequest();
      afterLogout.setCookies(sessionCookie(id));
      assertThat(refresher.login(afterLogout)).as("evicted: the store decides").isEmpty();

      MockHttpServletRequest old = requestWithLoginAt(Instant.now().minus(Duration.ofHours(25)));
      String oldId = old.getSession(false).getId();
      recent.put(
          oldId,
          (LoginSession) old.getSession(false).getAttribute(LoginSession.ATTRIBUTE),
          recent.epoch());
      MockHttpServletRequest replay = new MockHttpServletRequest();
      replay.setCookies(sessionCookie(oldId));
      assertThat(refresher.login(replay)).isEmpty();
      assertThat(recent.get(oldId)).isNull();
    } finally {
      recent = new RecentLogins(Duration.ZERO);
    }
  }

  private static Cookie sessionCookie(String id) {
    return new Cookie(
        "SESSION", Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void lastAccessWritesStayWellInsideTheIdleTimeout() {
    assertThat(ThrottledSessionRepository.intervalFor(Duration.ofHours(4)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ThrottledSessionRepository.intervalFor(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
