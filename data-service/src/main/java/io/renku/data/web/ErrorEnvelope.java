package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.core.Text;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error body every failure gets: {@code {"error":{"code","message","detail","trace_id"}}}.
 * Built as a map so that it serialises the same from the exception handler and from servlet
 * filters, which run before Spring MVC and write the body themselves.
 */
public final class ErrorEnvelope {
  private ErrorEnvelope() {}

  public static Map<String, Object> body(ErrorCode code, String message, String detail) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.code());
    error.put("message", message);
    if (detail != null) {
      error.put("detail", detail);
    }
    String traceId = RequestIds.current();
    if (traceId != null) {
      error.put("trace_id", traceId);
    }
    return Map.of("error", error);
  }

  /** Writes the envelope straight to a servlet response (for filters and entry points). */
  public static void write(HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    StringBuilder json = new StringBuilder("{\"error\":{\"code\":").append(code.code());
    json.append(",\"message\":").append(quote(message));
    String traceId = RequestIds.current();
    if (traceId != null) {
      json.append(",\"trace_id\":").append(quote(traceId));
    }
    json.append("}}");
    response.getWriter().write(json.toString());
  }

  private static String quote(String s) {
    return Text.jsonString(s);
  }
}
