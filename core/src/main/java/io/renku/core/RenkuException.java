package io.renku.core;

/**
 * The one exception type services throw for expected failures. The web layer renders it as the
 * error envelope {@code {"error":{"code","message","detail"}}} with the status of its {@link
 * ErrorCode}.
 */
public class RenkuException extends RuntimeException {
  private final ErrorCode errorCode;
  private final String detail;

  public RenkuException(ErrorCode errorCode, String message) {
    this(errorCode, message, null, null);
  }

  public RenkuException(ErrorCode errorCode, String message, String detail) {
    this(errorCode, message, detail, null);
  }

  public RenkuException(ErrorCode errorCode, String message, String detail, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.detail = detail;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public String detail() {
    return detail;
  }

  public static RenkuException notFound(String message) {
    return new RenkuException(ErrorCode.NOT_FOUND, message);
  }

  public static RenkuException conflict(String message) {
    return new RenkuException(ErrorCode.CONFLICT, message);
  }

  public static RenkuException forbidden(String message) {
    return new RenkuException(ErrorCode.FORBIDDEN, message);
  }

  public static RenkuException unauthorized(String message) {
    return new RenkuException(ErrorCode.UNAUTHORIZED, message);
  }

  /** A validation error on one field; the field name is part of the message. */
  public static RenkuException validation(String field, String problem) {
    return new RenkuException(
        ErrorCode.VALIDATION,
        "There are errors in the following fields, " + field + ": " + problem,
        field);
  }

  public static RenkuException preconditionRequired(String message) {
    return new RenkuException(ErrorCode.PRECONDITION_REQUIRED, message);
  }

  public static RenkuException unavailable(String message, Throwable cause) {
    return new RenkuException(ErrorCode.SERVICE_UNAVAILABLE, message, null, cause);
  }
}
