package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.config.ThrottledSessionRepository;
import io.renku.gateway.login.LoginSession;
import io.renku.gateway.login.TokenRefresher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

/** A login ends at its maximum lifetime, however active it is. */
class LoginLifetimeTest {
  private static TokenRefresher refresher(Duration idle, Duration max) {
    GatewayProperties properties =
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://localhost:8000"),
            null,
            null,
            new GatewayProperties.Session(idle, max, null, null),
            null,
            null,
            null);
    // login() needs neither the store, the lock, the provider nor the cipher.
    return new TokenRefresher(null, null, null, null, properties);
  }

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
  void lastAccessWritesStayWellInsideTheIdleTimeout() {
    assertThat(ThrottledSessionRepository.intervalFor(Duration.ofHours(4)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ThrottledSessionRepository.intervalFor(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
