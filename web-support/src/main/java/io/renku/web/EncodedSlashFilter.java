package io.renku.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Answers a request with a {@code %2F} outside the paths that take one ({@link EncodedSlashes})
 * exactly as Tomcat did before it let encoded slashes through: 400 with the body the service's
 * {@link ContainerErrorValve.Answers} give (the error envelope, or a page by the raw path), before
 * anything routes the request.
 */
public final class EncodedSlashFilter implements Filter {
  private static final int STATUS = HttpServletResponse.SC_BAD_REQUEST;

  private final EncodedSlashes slashes;
  private final ContainerErrorValve.Answers answers;

  public EncodedSlashFilter(EncodedSlashes slashes, ContainerErrorValve.Answers answers) {
    this.slashes = Objects.requireNonNull(slashes, "slashes");
    this.answers = Objects.requireNonNull(answers, "answers");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request
        && res instanceof HttpServletResponse response
        && !slashes.allows(request.getRequestURI())) {
      String message = answers.message(STATUS);
      ContainerErrorValve.Page page = answers.page(request.getRequestURI(), STATUS, message);
      if (page == null) {
        page =
            new ContainerErrorValve.Page(
                "application/json",
                new ErrorEnvelope(ErrorCode.forHttpStatus(STATUS), message, null, null).json());
      }
      response.setStatus(STATUS);
      response.setContentType(page.contentType());
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      if (answers.noStore()) {
        response.setHeader("Cache-Control", "no-store");
      }
      response.getWriter().write(page.body());
      return;
    }
    chain.doFilter(req, res);
  }
}
