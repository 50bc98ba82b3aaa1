package io.renku.core;

/**
 * Every error the platform reports, with the Renku error code and HTTP status it maps to.
 *
 * <p>The code is 1000 + the HTTP status, as in the original Renku API, so clients that switch on
 * {@code error.code} keep working.
 */
public enum ErrorCode {
  BAD_REQUEST(1400, 400),
  UNAUTHORIZED(1401, 401),
  FORBIDDEN(1403, 403),
  NOT_FOUND(1404, 404),
  METHOD_NOT_ALLOWED(1405, 405),
  CONFLICT(1409, 409),
  PAYLOAD_TOO_LARGE(1413, 413),
  UNSUPPORTED_MEDIA_TYPE(1415, 415),
  VALIDATION(1422, 422),
  PRECONDITION_REQUIRED(1428, 428),
  TOO_MANY_REQUESTS(1429, 429),
  INTERNAL(1500, 500),
  BAD_GATEWAY(1502, 502),
  SERVICE_UNAVAILABLE(1503, 503);

  private final int code;
  private final int httpStatus;

  ErrorCode(int code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The error code for an HTTP status, falling back to {@code 1000 + status} semantics. */
  public static ErrorCode forHttpStatus(int status) {
    for (ErrorCode c : values()) {
      if (c.httpStatus == status) {
        return c;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
