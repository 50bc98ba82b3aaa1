package io.renku.gateway.proxy;

import io.renku.core.RandomBytes;
import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.login.TokenRefresher;
import io.renku.gateway.login.TokenSet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides who a request to {@code /api/data/**} is, for {@link ProxyFilter} to tell the data
 * service:
 *
 * <ol>
 *   <li>it brings its own {@code Authorization} (CLI, scripts): passed on unchanged, for the data
 *       service to verify (anything but a bearer token is a 401 there);
 *   <li>its login session has tokens: {@code Authorization: Bearer} and {@code
 *       Renku-Auth-Refresh-Token}, refreshed shortly before they expire;
 *   <li>otherwise anonymous: {@code Renku-Auth-Anon-Id}, stable for the browser through the {@code
 *       _renku_anon} cookie (no server-side session is made for visitors), vouched for with the
 *       shared secret (decision 0015).
 * </ol>
 *
 * Runs after Spring Session's filter, so the session is at hand.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class IdentityRelayFilter extends OncePerRequestFilter {
  public static final String ATTRIBUTE = "renku.relay";
  public static final String ANON_COOKIE = "_renku_anon";
  private static final Pattern ANON_ID = Pattern.compile("anon-[A-Za-z0-9_-]{20,64}");

  /** What to tell the data service. Exactly one of the three is set (or none of the tokens). */
  public record Relay(TokenSet tokens, String anonymousId, boolean ownAuthorization) {}

  private final TokenRefresher refresher;

  /**
   * What follows {@code _renku_anon=<id>} in the cookie: the same for every visitor, so built once
   * (a visitor without the cookie, such as a script, gets a new id on every request).
   */
  private final String anonCookieAttributes;

  public IdentityRelayFilter(TokenRefresher refresher, GatewayProperties properties) {
    this.refresher = refresher;
    String sample =
        ResponseCookie.from(ANON_COOKIE, "x")
            .path("/")
            .httpOnly(true)
            .secure(properties.secureCookie())
            .sameSite("Lax")
            .build()
            .toString();
    this.anonCookieAttributes = sample.substring((ANON_COOKIE + "=x").length());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.startsWith("/api/data/") || path.startsWith("/sessions/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Relay relay;
    if (request.getHeader("Authorization") != null) {
      relay = new Relay(null, null, true);
    } else {
      Optional<TokenSet> tokens = refresher.tokens(request);
      relay =
          tokens.map(t -> new Relay(t, null, false)).orElseGet(() -> anonymous(request, response));
    }
    request.setAttribute(ATTRIBUTE, relay);
    chain.doFilter(request, response);
  }

  private Relay anonymous(HttpServletRequest request, HttpServletResponse response) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (ANON_COOKIE.equals(c.getName()) && ANON_ID.matcher(c.getValue()).matches()) {
          return new Relay(null, c.getValue(), false);
        }
      }
    }
    byte[] b = new byte[24];
    RandomBytes.fill(b);
    // "anon-" because the id ends up in Kubernetes labels, which must start with a letter.
    String id = "anon-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    response.addHeader("Set-Cookie", ANON_COOKIE + "=" + id + anonCookieAttributes);
    return new Relay(null, id, false);
  }
}
