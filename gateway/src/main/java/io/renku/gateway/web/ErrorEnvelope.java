package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import io.renku.core.Text;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/** The platform's error body, {@code {"error":{"code","message","trace_id"}}}, from the gateway. */
public final class ErrorEnvelope {
  private ErrorEnvelope() {}

  public static String json(ErrorCode code, String message) {
    StringBuilder json = new StringBuilder("{\"error\":{\"code\":").append(code.code());
    json.append(",\"message\":").append(quote(message));
    String traceId = MDC.get(RequestIdFilter.MDC_KEY);
    if (traceId != null) {
      json.append(",\"trace_id\":").append(quote(traceId));
    }
    return json.append("}}").toString();
  }

  public static void write(HttpServletResponse response, ErrorCode code, String message)
      throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(code, message));
  }

  private static String quote(String s) {
    return Text.jsonString(s);
  }
}
