package io.renku.data.web;

import io.renku.core.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The data service's way to the platform's error body ({@link io.renku.core.ErrorEnvelope}): it
 * adds the request id of the log context as {@code trace_id}, and gives the same bytes to the
 * exception handler (as a string body) and to servlet filters, which run before Spring MVC and
 * write the body themselves.
 */
public final class ErrorEnvelope {
  private ErrorEnvelope() {}

  public static String json(ErrorCode code, String message, String detail) {
    return new io.renku.core.ErrorEnvelope(code, message, detail, RequestIds.current()).json();
  }

  /** Writes the envelope straight to a servlet response (for filters and entry points). */
  public static void write(HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(code, message, null));
  }
}
