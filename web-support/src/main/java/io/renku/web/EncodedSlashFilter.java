package io.renku.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Answers 400, as Tomcat did before {@link EncodedSlashes} let encoded slashes through, to a
 * request with a {@code %2F} outside the paths that take one. The status goes through {@code
 * sendError}, so that the service's error page writes the usual answer (the envelope under {@code
 * /api/}).
 */
public final class EncodedSlashFilter implements Filter {
  private final EncodedSlashes slashes;

  public EncodedSlashFilter(EncodedSlashes slashes) {
    this.slashes = Objects.requireNonNull(slashes, "slashes");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request
        && res instanceof HttpServletResponse response
        && !slashes.allows(request.getRequestURI())) {
      response.sendError(
          HttpServletResponse.SC_BAD_REQUEST, "An encoded slash is not allowed in this path.");
      return;
    }
    chain.doFilter(req, res);
  }
}
