package io.renku.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/**
 * The platform's error body ({@link ErrorEnvelope}) as both web services answer it: with the id of
 * the request being handled as {@code trace_id}, taken from the log context, and written either as
 * a controller's string body or straight to a servlet response (filters, entry points), which gives
 * the same bytes.
 */
public final class ErrorResponses {
  /** The log context key of the request id; the services' request id filters put it there. */
  public static final String REQUEST_ID_KEY = "request_id";

  private ErrorResponses() {}

  /** The envelope for the request being handled ({@code detail}: the offending field, or null). */
  public static ErrorEnvelope envelope(ErrorCode code, String message, String detail) {
    return new ErrorEnvelope(code, message, detail, MDC.get(REQUEST_ID_KEY));
  }

  /** The envelope's JSON without a detail, for a controller's body. */
  public static String json(ErrorCode code, String message) {
    return envelope(code, message, null).json();
  }

  /** Writes the envelope straight to a servlet response, with the status of {@code code}. */
  public static void write(HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(code, message));
  }
}
