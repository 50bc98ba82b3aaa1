package io.renku.gateway.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code /metrics} only on the metrics port ({@link MetricsConnector}), and only {@code /metrics}
 * and {@code /health} there: on the public port metrics are 404 for everyone, since they tell an
 * attacker the platform's traffic, paths and versions. Paths are compared as the container decoded
 * and normalised them, the form the actuator matches ({@code /x/../metrics} is {@code /metrics}).
 *
 * <p>A plain filter (no once-per-request bookkeeping): it runs on every request of the public port
 * and costs a string comparison and the connection's cached local port.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class MetricsPortFilter implements Filter {
  private final MetricsConnector connector;

  public MetricsPortFilter(MetricsConnector connector) {
    this.connector = connector;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String path = request.getServletPath();
    String info = request.getPathInfo(); // null under the DispatcherServlet's "/" mapping
    if (info != null) {
      path = path + info;
    }
    boolean metrics = is(path, "/metrics");
    boolean allowed = connector.accepted(request) ? metrics || is(path, "/health") : !metrics;
    if (allowed) {
      chain.doFilter(req, res);
    } else {
      ((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private static boolean is(String path, String endpoint) {
    return path.startsWith(endpoint)
        && (path.length() == endpoint.length() || path.charAt(endpoint.length()) == '/');
  }
}
