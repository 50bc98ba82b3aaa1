package io.renku.gateway.uiserver;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.login.LoginSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /ui-server/ws}: the WebSocket of the original Renku UI's separate server, which the
 * original web application needs for live session status (without it a launched session stays "0 of
 * 1 services ready" until a reload). Served here so that the original UI works against the
 * platform; see {@link UiServerSocket} for the messages.
 *
 * <p>A WebSocket is not covered by the same-origin policy, so the handshake must come from the
 * platform's origin (else 403): another site must not open a socket with the user's cookie.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 180)
public class UiServerSocketFilter extends OncePerRequestFilter {
  static final String PATH = "/ui-server/ws";

  private final SessionStates states;
  private final String origin;
  private final Duration interval;

  UiServerSocketFilter(
      SessionStates states,
      GatewayProperties properties,
      @Value("${renku.gateway.ui-server.poll-interval:5s}") Duration interval) {
    this.states = states;
    this.origin = properties.origin();
    this.interval = interval;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/ui-server/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!request.getRequestURI().equals(PATH)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String key = request.getHeader("Sec-WebSocket-Key");
    if (!request.getMethod().equals("GET")
        || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
        || key == null
        || !"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
      response.setHeader("Sec-WebSocket-Version", "13");
      response.sendError(426, "A WebSocket handshake is expected here");
      return;
    }
    if (!origin.equals(request.getHeader("Origin"))) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    HttpSession session = request.getSession(false);
    String login =
        session != null && session.getAttribute(LoginSession.ATTRIBUTE) instanceof LoginSession
            ? session.getId()
            : null;
    response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    response.setHeader("Upgrade", "websocket");
    response.setHeader("Connection", "Upgrade");
    response.setHeader("Sec-WebSocket-Accept", WebSocketFrames.accept(key));
    UiServerSocket socket = request.upgrade(UiServerSocket.class);
    socket.prepare(states, login, interval);
  }
}
