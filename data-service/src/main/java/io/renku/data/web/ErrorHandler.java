package io.renku.data.web;

import io.renku.authz.AuthorizerUnavailableException;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.web.ErrorResponses;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become HTTP answers: the Renku error envelope with the status of the
 * {@link ErrorCode}. Client mistakes are logged at debug level; only server faults are logged as
 * errors, and no stack trace ever reaches a client.
 */
@RestControllerAdvice
public class ErrorHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  @ExceptionHandler(RenkuException.class)
  ResponseEntity<String> renku(RenkuException e) {
    if (e.errorCode().httpStatus() >= 500) {
      log.warn("{}: {}", e.errorCode(), e.getMessage(), e.getCause());
    } else {
      log.debug("{}: {}", e.errorCode(), e.getMessage());
    }
    return respond(e.errorCode(), e.getMessage(), e.detail());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<String> invalidBody(MethodArgumentNotValidException e) {
    String fields =
        e.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    wireName(e.getBindingResult().getTarget(), f.getField())
                        + ": "
                        + f.getDefaultMessage())
            .sorted() // the validator's order is a hash set's: the same request, the same text
            .collect(Collectors.joining(", "));
    if (fields.isEmpty()) {
      fields =
          e.getBindingResult().getAllErrors().stream()
              .map(o -> o instanceof FieldError f ? f.getField() : o.getObjectName())
              .collect(Collectors.joining(", "));
    }
    return validation(fields);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<String> invalidParameters(HandlerMethodValidationException e) {
    String fields =
        e.getParameterValidationResults().stream()
            .map(
                r ->
                    parameterName(r.getMethodParameter().getParameterName(), r)
                        + ": "
                        + r.getResolvableErrors().stream()
                            .map(m -> m.getDefaultMessage())
                            .sorted()
                            .collect(Collectors.joining("; ")))
            .sorted()
            .collect(Collectors.joining(", "));
    return validation(fields);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<String> constraintViolation(ConstraintViolationException e) {
    String fields =
        e.getConstraintViolations().stream()
            .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
            .sorted()
            .collect(Collectors.joining(", "));
    return validation(fields);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<String> typeMismatch(MethodArgumentTypeMismatchException e) {
    return validation(e.getName() + ": invalid value");
  }

  /**
   * A path id that converts to nothing: {@code /resource_pools/%20/quota} gives a blank string,
   * which Spring turns into a null number. The client's mistake, like any other malformed id. A
   * variable the route does not have at all is a programming error and stays a 500.
   */
  @ExceptionHandler(MissingPathVariableException.class)
  ResponseEntity<String> blankPathVariable(MissingPathVariableException e) {
    if (e.isMissingAfterConversion()) {
      return validation(e.getVariableName() + ": invalid value");
    }
    return unexpected(e);
  }

  /**
   * What the servlet container refuses to decode (a query string with {@code %zz}) or read (a
   * broken chunked body): a malformed request, 400, as Tomcat itself answers it.
   */
  @ExceptionHandler({
    org.apache.tomcat.util.http.InvalidParameterException.class,
    org.apache.coyote.BadRequestException.class
  })
  ResponseEntity<String> malformedRequest(Exception e) {
    log.debug("Malformed request: {}", e.getMessage());
    return respond(ErrorCode.BAD_REQUEST, MalformedRequests.MESSAGE, null);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<String> missingParameter(MissingServletRequestParameterException e) {
    return validation(e.getParameterName() + ": field required");
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<String> missingHeader(MissingRequestHeaderException e) {
    return validation(e.getHeaderName() + ": header required");
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
    String field = fieldOf(e);
    String reason = e.getMostSpecificCause().getMessage();
    // Jackson messages can be long and quote the input; keep the first line, never a trace.
    String first = reason == null ? "" : reason.lines().findFirst().orElse("");
    if (first.length() > 200) {
      first = first.substring(0, 200);
    }
    return validation(
        (field == null ? "body" : field)
            + ": the value is missing, of the wrong type or not allowed ("
            + first
            + ")");
  }

  /** The JSON path of the offending value (e.g. {@code create_projects} or {@code 0.role}). */
  private static String fieldOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.core.JacksonException j && !j.getPath().isEmpty()) {
        return j.getPath().stream()
            .map(
                r ->
                    r.getPropertyName() != null
                        ? r.getPropertyName()
                        : String.valueOf(r.getIndex()))
            .collect(Collectors.joining("."));
      }
    }
    return null;
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<String> noRoute(NoResourceFoundException e) {
    return respond(ErrorCode.NOT_FOUND, "Not found: /" + e.getResourcePath(), null);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
    return respond(
        ErrorCode.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here.", null);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
    return respond(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.", null);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<String> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return respond(
        ErrorCode.BAD_REQUEST, "This endpoint answers with application/json only.", null);
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<String> duplicate(DuplicateKeyException e) {
    log.debug("Duplicate key", e);
    return respond(ErrorCode.CONFLICT, "An entity with the same identifier already exists.", null);
  }

  @ExceptionHandler({
    CannotGetJdbcConnectionException.class,
    CannotCreateTransactionException.class,
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    QueryTimeoutException.class,
    // A commit or rollback that fails: the connection broke mid-transaction (Hikari then reports
    // "Connection is closed" without an SQL state, so it is not translated any further).
    TransactionSystemException.class
  })
  ResponseEntity<String> databaseDown(Exception e) {
    log.warn("Database unavailable: {}", e.getMessage());
    return respond(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The database is not reachable right now; try again shortly.",
        null);
  }

  @ExceptionHandler(AuthorizerUnavailableException.class)
  ResponseEntity<String> authorizerDown(AuthorizerUnavailableException e) {
    log.warn("SpiceDB unavailable: {}", e.getMessage());
    return respond(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The authorization service is not reachable right now; try again shortly.",
        null);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<String> unexpected(Exception e) {
    log.error("Unexpected error", e);
    return respond(ErrorCode.INTERNAL, "An unexpected error occurred.", null);
  }

  private static ResponseEntity<String> validation(String fields) {
    return respond(
        ErrorCode.VALIDATION, "There are errors in the following fields, " + fields, null);
  }

  /**
   * The envelope, always as JSON: the content type is set here so that Spring does not negotiate it
   * against the client's {@code Accept} (a client asking for {@code text/html} would otherwise get
   * an empty 400 instead of the error).
   */
  static ResponseEntity<String> respond(ErrorCode code, String message, String detail) {
    return ResponseEntity.status(code.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(ErrorResponses.envelope(code, message, detail).json());
  }

  private static String parameterName(
      String fallback, org.springframework.validation.method.ParameterValidationResult r) {
    for (var a : r.getMethodParameter().getParameterAnnotations()) {
      if (a instanceof org.springframework.web.bind.annotation.RequestParam p
          && !p.value().isEmpty()) {
        return p.value();
      }
      if (a instanceof org.springframework.web.bind.annotation.PathVariable p
          && !p.value().isEmpty()) {
        return p.value();
      }
      if (a instanceof org.springframework.web.bind.annotation.RequestHeader p
          && !p.value().isEmpty()) {
        return p.value();
      }
    }
    return fallback == null ? "parameter" : snake(fallback);
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return snake(dot >= 0 ? path.substring(dot + 1) : path);
  }

  /**
   * A body field as the client wrote it: the {@code @JsonProperty} of the generated getter (most
   * are snake case, Alertmanager's webhook fields are camel case), else the Java name in snake
   * case.
   */
  private static String wireName(Object target, String field) {
    if (target != null && field.matches("[A-Za-z0-9]+")) {
      try {
        var getter =
            target
                .getClass()
                .getMethod("get" + Character.toUpperCase(field.charAt(0)) + field.substring(1));
        var json = getter.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        if (json != null && !json.value().isEmpty()) {
          return json.value();
        }
      } catch (NoSuchMethodException e) {
        // not a bean property: the Java name below
      }
    }
    return snake(field);
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
