package io.renku.gateway.uiserver;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.login.LoginSession;
import io.renku.gateway.login.TokenCipher;
import io.renku.gateway.login.TokenSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * Our own session state, as the original's UI server reads it: the data service's {@code GET
 * /api/data/sessions}, asked with the tokens of the login the socket was opened with, read from the
 * login session store on every look (so a refresh by any request of that browser is seen, and a
 * logout ends the feed). The gateway never refreshes tokens here: a look with expired tokens says
 * so, and the client's own fetch that follows refreshes them through the gateway.
 */
@Component
class DataServiceSessionStates implements SessionStates {
  private static final Logger log = LoggerFactory.getLogger(DataServiceSessionStates.class);

  private final SessionRepository<? extends Session> sessions;
  private final TokenCipher cipher;
  private final URI sessionsUrl;
  private final Clock clock = Clock.systemUTC();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  DataServiceSessionStates(
      SessionRepository<? extends Session> sessions,
      TokenCipher cipher,
      GatewayProperties properties) {
    this.sessions = sessions;
    this.cipher = cipher;
    String base = properties.dataServiceUrl().toString().replaceAll("/+$", "");
    this.sessionsUrl = URI.create(base + "/api/data/sessions");
  }

  @Override
  public Look look(String loginSessionId) {
    Session stored = sessions.findById(loginSessionId);
    if (stored == null
        || !(stored.getAttribute(LoginSession.ATTRIBUTE) instanceof LoginSession l)) {
      return new Ended();
    }
    TokenSet tokens;
    try {
      tokens = cipher.decrypt(l.sealedTokens());
    } catch (IllegalStateException e) {
      return new Ended();
    }
    if (!tokens.accessExpiresAt().isAfter(clock.instant().plusSeconds(1))) {
      return new Stale();
    }
    HttpRequest request =
        HttpRequest.newBuilder(sessionsUrl)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + tokens.accessToken())
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      return switch (answer.statusCode()) {
        case 200 -> new Seen(answer.body());
        case 401 -> new Stale();
        default -> new Unknown();
      };
    } catch (IOException e) {
      log.debug("Cannot ask the data service for sessions: {}", e.toString());
      return new Unknown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unknown();
    }
  }
}
