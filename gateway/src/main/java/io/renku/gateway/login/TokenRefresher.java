package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.stereotype.Component;

/**
 * Gives a request the current tokens of its login session, refreshing them shortly before the
 * access token expires: at most once per session however many requests (on however many replicas)
 * need it at the same moment. The winner stores the new set; the others wait on the lock, re-read
 * the stored session and use what it stored.
 *
 * <p>A login past its maximum lifetime, or one whose refresh the provider refuses, ends: the
 * request continues anonymously. A provider that cannot be reached ends nothing: the request uses
 * the access token while it is still valid, anonymously after that.
 */
@Component
public class TokenRefresher {
  private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

  private final SessionRepository<? extends Session> sessions;
  private final RefreshLock refreshLock;
  private final OidcProvider provider;
  private final TokenCipher cipher;
  private final GatewayProperties properties;
  private final RecentLogins recentLogins;
  private final CookieSerializer cookies;
  private final Clock clock = Clock.systemUTC();
  private final ReentrantLock[] localLocks = new ReentrantLock[256];

  public TokenRefresher(
      SessionRepository<? extends Session> sessions,
      RefreshLock refreshLock,
      OidcProvider provider,
      TokenCipher cipher,
      GatewayProperties properties,
      RecentLogins recentLogins,
      CookieSerializer cookies) {
    this.sessions = sessions;
    this.refreshLock = refreshLock;
    this.provider = provider;
    this.cipher = cipher;
    this.properties = properties;
    this.recentLogins = recentLogins;
    this.cookies = cookies;
    for (int i = 0; i < localLocks.length; i++) {
      localLocks[i] = new ReentrantLock();
    }
  }

  /** The login of this request's session, if it has one that has not ended. */
  public Optional<LoginSession> login(HttpServletRequest request) {
    String requestedId = recentLogins.enabled() ? requestedSessionId(request) : null;
    LoginSession l = recentLogins.get(requestedId);
    if (l == null) {
      long epoch = recentLogins.epoch();
      HttpSession session = request.getSession(false);
      if (session == null
          || !(session.getAttribute(LoginSession.ATTRIBUTE) instanceof LoginSession stored)) {
        return Optional.empty();
      }
      l = stored;
      if (session.getId().equals(requestedId)) {
        recentLogins.put(requestedId, l, epoch);
      }
    }
    if (l.loggedInAt().plus(properties.session().maxTtl()).isBefore(clock.instant())) {
      log.info("Login session of {} reached its maximum lifetime; ending it", l.subject());
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      recentLogins.evict(requestedId);
      return Optional.empty();
    }
    return Optional.of(l);
  }

  /** The session id the browser sent, when it sent exactly one. */
  private String requestedSessionId(HttpServletRequest request) {
    List<String> ids = cookies.readCookieValues(request);
    return ids.size() == 1 ? ids.get(0) : null;
  }

  /** Fresh tokens for this request, or empty: anonymous. */
  public Optional<TokenSet> tokens(HttpServletRequest request) {
    Optional<LoginSession> maybeLogin = login(request);
    if (maybeLogin.isEmpty()) {
      return Optional.empty();
    }
    LoginSession current = maybeLogin.get();
    Instant threshold = clock.instant().plus(properties.oidc().refreshBefore());
    if (current.accessExpiresAt().isAfter(threshold)) {
      return decrypt(request, current);
    }
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty(); // the login was remembered, but the session has ended meanwhile
    }
    String id = session.getId();
    ReentrantLock local = localLocks[Math.floorMod(id.hashCode(), localLocks.length)];
    local.lock();
    try {
      return refreshLock.withLock(id, () -> refreshLocked(session, threshold));
    } catch (IllegalStateException e) {
      log.warn("Cannot take the refresh lock ({}); using the tokens as they are", e.getMessage());
      return stillValid(request, current);
    } finally {
      local.unlock();
    }
  }

  private Optional<TokenSet> refreshLocked(HttpSession session, Instant threshold) {
    Session stored = sessions.findById(session.getId());
    LoginSession current =
        stored == null
            ? null
            : stored.getAttribute(LoginSession.ATTRIBUTE) instanceof LoginSession l ? l : null;
    if (current == null) {
      return Optional.empty(); // logged out meanwhile
    }
    TokenSet tokens;
    try {
      tokens = cipher.decrypt(current.sealedTokens());
    } catch (IllegalStateException e) {
      log.warn("Stored tokens of {} cannot be decrypted; ending the login", current.subject());
      endLogin(session, stored);
      return Optional.empty();
    }
    if (current.accessExpiresAt().isAfter(threshold)) {
      session.setAttribute(LoginSession.ATTRIBUTE, current); // refreshed by another request
      return Optional.of(tokens);
    }
    if (tokens.refreshToken() == null) {
      return tokens.accessExpiresAt().isAfter(clock.instant())
          ? Optional.of(tokens)
          : Optional.empty();
    }
    try {
      TokenSet fresh = tokens.merge(provider.refresh(tokens.refreshToken()));
      LoginSession updated = current.withTokens(fresh.accessExpiresAt(), cipher.encrypt(fresh));
      saveLogin(stored, updated);
      session.setAttribute(LoginSession.ATTRIBUTE, updated);
      log.debug("Refreshed the tokens of {}", current.subject());
      return Optional.of(fresh);
    } catch (OidcProvider.LoginRejectedException e) {
      log.info(
          "The provider refused to refresh the login of {}: {}", current.subject(), e.getMessage());
      endLogin(session, stored);
      return Optional.empty();
    } catch (OidcProvider.ProviderUnavailableException e) {
      log.warn("Cannot refresh tokens: {}", e.getMessage());
      return tokens.accessExpiresAt().isAfter(clock.instant())
          ? Optional.of(tokens)
          : Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private void saveLogin(Session stored, LoginSession login) {
    stored.setAttribute(LoginSession.ATTRIBUTE, login);
    ((SessionRepository<Session>) sessions).save(stored);
  }

  private void endLogin(HttpSession session, Session stored) {
    stored.removeAttribute(LoginSession.ATTRIBUTE);
    @SuppressWarnings("unchecked")
    SessionRepository<Session> repo = (SessionRepository<Session>) sessions;
    repo.save(stored);
    session.removeAttribute(LoginSession.ATTRIBUTE);
  }

  private Optional<TokenSet> decrypt(HttpServletRequest request, LoginSession login) {
    try {
      return Optional.of(cipher.decrypt(login.sealedTokens()));
    } catch (IllegalStateException e) {
      log.warn("Stored tokens of {} cannot be decrypted; ending the login", login.subject());
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.removeAttribute(LoginSession.ATTRIBUTE);
      }
      return Optional.empty();
    }
  }

  private Optional<TokenSet> stillValid(HttpServletRequest request, LoginSession login) {
    return decrypt(request, login).filter(t -> t.accessExpiresAt().isAfter(clock.instant()));
  }
}
