package io.renku.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /metrics} only on the metrics port ({@link MetricsConnector}), and only {@code /metrics}
 * and {@code /health} there: on the public port metrics are 404 for everyone, since they tell an
 * attacker the platform's traffic, paths and versions. Paths are compared as the container decoded
 * and normalised them, the form the actuator matches ({@code /x/../metrics} is {@code /metrics}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class MetricsPortFilter extends OncePerRequestFilter {
  private final MetricsConnector connector;

  public MetricsPortFilter(MetricsConnector connector) {
    this.connector = connector;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String info = request.getPathInfo();
    String path = request.getServletPath() + (info == null ? "" : info);
    boolean metrics = is(path, "/metrics");
    boolean allowed = connector.accepted(request) ? metrics || is(path, "/health") : !metrics;
    if (allowed) {
      chain.doFilter(request, response);
    } else {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private static boolean is(String path, String endpoint) {
    return path.equals(endpoint) || path.startsWith(endpoint + "/");
  }
}
