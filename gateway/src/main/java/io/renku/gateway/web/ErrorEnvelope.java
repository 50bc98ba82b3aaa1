package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * The gateway's way to the platform's error body ({@link io.renku.core.ErrorEnvelope}): it adds the
 * request id of the log context as {@code trace_id} and writes to a servlet response.
 */
public final class ErrorEnvelope {
  private ErrorEnvelope() {}

  public static String json(ErrorCode code, String message) {
    return new io.renku.core.ErrorEnvelope(code, message, null, MDC.get(RequestIdFilter.MDC_KEY))
        .json();
  }

  public static void write(HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(code, message));
  }
}
