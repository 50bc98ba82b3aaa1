package io.renku.gateway.sessions;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.proxy.IdentityRelayFilter;
import io.renku.gateway.proxy.ReverseProxy;
import io.renku.gateway.proxy.UpstreamWatch;
import io.renku.gateway.web.Pages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /sessions/<name>/**}: the sessions of the local runtime, HTTP and WebSocket, for their
 * owner only; everyone else gets the same 404 as for a session that does not exist.
 *
 * <p>The session sees neither the platform's cookies nor the caller's token (a session may run code
 * from someone else's project); it gets its own secret as {@code Authorization: token …} instead,
 * so nothing else on the machine can use it through its loopback port. Its answers cannot set or
 * clear the platform's cookies ({@link SessionBoundary}; decision 0016).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 190)
public class SessionProxyFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(SessionProxyFilter.class);
  private static final Pattern PATH =
      Pattern.compile("^/sessions/([a-z][-a-z0-9]{3,48}[a-z0-9])(/.*)?$");

  private final SessionRoutes routes;
  private final ReverseProxy proxy;
  private final boolean enabled;
  private final String origin;

  public SessionProxyFilter(
      SessionRoutes routes,
      CloseableHttpClient upstreamHttpClient,
      UpstreamWatch upstreamWatch,
      GatewayProperties properties) {
    this.routes = routes;
    this.proxy =
        new ReverseProxy(
            upstreamHttpClient,
            upstreamWatch,
            java.net.URI.create("http://127.0.0.1"),
            "session",
            SessionBoundary::keepAnswerHeader);
    this.enabled = properties.sessions().enabled();
    this.origin = properties.origin();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !enabled || !request.getRequestURI().startsWith("/sessions/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher m = PATH.matcher(request.getRequestURI());
    if (!m.matches()) {
      page(response, 404, "No such session", "There is no session at this address.");
      return;
    }
    String name = m.group(1);
    Optional<SessionRoutes.Route> route;
    try {
      route = routes.find(name, caller(request));
    } catch (SessionRoutes.UnavailableException e) {
      log.warn("Cannot look up session {}: {}", name, e.getMessage());
      page(
          response,
          503,
          "Sessions are unavailable",
          "The platform cannot reach its session service right now; try again shortly.");
      return;
    }
    if (route.isEmpty()) {
      page(
          response,
          404,
          "No such session",
          "This session does not exist, is paused, or belongs to someone else. Open your"
              + " sessions from the project page.");
      return;
    }
    SessionRoutes.Route r = route.get();
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      String from = request.getHeader("Origin");
      if (from != null && !from.equalsIgnoreCase(origin)) {
        // the session allows any origin; the platform's cookie must not open it from elsewhere
        log.warn("Refused a WebSocket to session {} from origin {}", name, from);
        page(response, 403, "Refused", "A session's WebSocket must come from the platform.");
        return;
      }
      SessionRoutes.Caller who = caller(request);
      Runnable activity = () -> routes.noteActivity(name, who);
      if (!WebSocketTunnel.open(request, response, r, activity)) {
        routes.forget(name);
      }
      return;
    }
    if (!proxy.tryForward(request, response, base(r), upstream -> edit(upstream, r))) {
      // paused, or resumed on another port since the route was cached: ask again, once
      routes.forget(name);
      try {
        route = routes.find(name, caller(request));
      } catch (SessionRoutes.UnavailableException e) {
        route = Optional.empty();
      }
      if (route.isEmpty() || route.get().equals(r)) {
        routes.forget(name);
        page(
            response,
            404,
            "Session not running",
            "This session is paused, stopped or still starting. Resume it from the project page.");
        return;
      }
      SessionRoutes.Route fresh = route.get();
      proxy.forward(request, response, base(fresh), upstream -> edit(upstream, fresh));
    }
  }

  private static String base(SessionRoutes.Route r) {
    return "http://" + r.host() + ":" + r.port();
  }

  private static void edit(ClassicHttpRequest upstream, SessionRoutes.Route r) {
    SessionBoundary.PLATFORM_HEADERS.forEach(upstream::removeHeaders);
    String cookies = WebSocketTunnel.withoutPlatformCookies(upstream);
    upstream.removeHeaders("Cookie");
    if (!cookies.isEmpty()) {
      upstream.setHeader("Cookie", cookies);
    }
    upstream.setHeader("Authorization", "token " + r.token());
  }

  private static SessionRoutes.Caller caller(HttpServletRequest request) {
    IdentityRelayFilter.Relay relay =
        (IdentityRelayFilter.Relay) request.getAttribute(IdentityRelayFilter.ATTRIBUTE);
    if (relay == null) {
      return new SessionRoutes.Caller(null, null);
    }
    if (relay.ownAuthorization()) {
      String header = request.getHeader("Authorization");
      boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
      return new SessionRoutes.Caller(bearer ? header : null, null);
    }
    if (relay.tokens() != null) {
      return new SessionRoutes.Caller("Bearer " + relay.tokens().accessToken(), null);
    }
    return new SessionRoutes.Caller(null, relay.anonymousId());
  }

  private static void page(HttpServletResponse response, int status, String title, String text)
      throws IOException {
    String body =
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s · Renku</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}</style>
        </head><body><h1>%s</h1><p id="problem">%s</p><p><a href="/">Home</a></p></body></html>
        """
            .formatted(Pages.escape(title), Pages.escape(title), Pages.escape(text));
    response.setStatus(status);
    response.setContentType("text/html;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
