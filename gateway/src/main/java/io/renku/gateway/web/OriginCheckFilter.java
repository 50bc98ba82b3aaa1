package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import io.renku.gateway.config.GatewayProperties;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF protection for everything the login cookie authenticates: a state-changing request that
 * carries the cookie (and no bearer token of its own) must come from a page of the platform, as its
 * {@code Origin} (or, when a browser sends none, {@code Referer}) shows. Anything else gets 403
 * before it reaches a service. {@code SameSite=Lax} already keeps the cookie off most cross-site
 * writes; this closes the rest (same-site subdomains, old browsers).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class OriginCheckFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(OriginCheckFilter.class);
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final GatewayProperties properties;

  public OriginCheckFilter(GatewayProperties properties) {
    this.properties = properties;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (SAFE.contains(request.getMethod())
        || request.getHeader("Authorization") != null
        || !hasSessionCookie(request)
        || sameOrigin(request)) {
      chain.doFilter(request, response);
      return;
    }
    log.warn(
        "Refused a cross-origin {} {} (Origin {})",
        request.getMethod(),
        request.getRequestURI(),
        request.getHeader("Origin"));
    ErrorResponses.write(
        response,
        ErrorCode.FORBIDDEN,
        "Cross-origin request refused: a request authenticated by the login cookie must come"
            + " from "
            + properties.origin()
            + ".");
  }

  private boolean sameOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return origin.equalsIgnoreCase(properties.origin());
    }
    String referer = request.getHeader("Referer");
    return referer != null
        && (referer.equalsIgnoreCase(properties.origin())
            || referer.regionMatches(
                true, 0, properties.origin() + "/", 0, properties.origin().length() + 1));
  }

  private static boolean hasSessionCookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return false;
    }
    for (Cookie c : cookies) {
      if (GatewayProperties.SESSION_COOKIE.equals(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
