package io.renku.core;

import java.util.Objects;

/**
 * The platform's one error body, {@code {"error":{"code","message","detail","trace_id"}}}, as the
 * gateway and the data service both answer it (from controllers, filters and the servlet
 * container's error valve alike).
 *
 * <p>{@link #json()} is the only place that writes it. It is written by hand rather than by a JSON
 * library so that core stays free of dependencies and servlet filters, which run before any message
 * converter, write the same bytes as controllers; {@link Text#jsonString} escapes exactly as the
 * services' Jackson does. Fields in this order; {@code message}, {@code detail} and {@code
 * trace_id} are left out when null (the services' Jackson leaves out nulls too).
 *
 * @param code the error code and with it the HTTP status
 * @param message what went wrong, for a person to read
 * @param detail the offending field of a validation error, or null
 * @param traceId the request id the logs carry, or null
 */
public record ErrorEnvelope(ErrorCode code, String message, String detail, String traceId) {
  public ErrorEnvelope {
    Objects.requireNonNull(code, "code");
  }

  /** The HTTP status of the answer that carries this envelope. */
  public int httpStatus() {
    return code.httpStatus();
  }

  /** The envelope as JSON, the exact bytes (as UTF-8) that go on the wire. */
  public String json() {
    StringBuilder json = new StringBuilder("{\"error\":{\"code\":").append(code.code());
    field(json, "message", message);
    field(json, "detail", detail);
    field(json, "trace_id", traceId);
    return json.append("}}").toString();
  }

  private static void field(StringBuilder json, String name, String value) {
    if (value != null) {
      json.append(",\"").append(name).append("\":").append(Text.jsonString(value));
    }
  }
}
