package io.renku.secrets.service.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import io.renku.secrets.service.config.InternalToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request but {@code GET /api/secrets/version} and the health and metrics endpoints must
 * carry the internal credential ({@code Renku-Internal-Token}), else 401 before anything is read:
 * only the data service may ask this service to open a user's secrets (decision 0031).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InternalAuthFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(InternalAuthFilter.class);

  private final InternalToken token;

  public InternalAuthFilter(InternalToken token) {
    this.token = token;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return "GET".equals(request.getMethod())
        && (path.equals("/api/secrets/version")
            || path.equals("/health")
            || path.startsWith("/health/")
            || path.equals("/metrics"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (token.matches(request.getHeader(InternalToken.HEADER))) {
      chain.doFilter(request, response);
      return;
    }
    log.warn(
        "Refused {} {} from {}: no valid internal credential",
        request.getMethod(),
        request.getRequestURI(),
        request.getRemoteAddr());
    response.setStatus(401);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            new ErrorEnvelope(
                    ErrorCode.UNAUTHORIZED,
                    "This service is for the platform's services only.",
                    null,
                    null)
                .json());
  }
}
