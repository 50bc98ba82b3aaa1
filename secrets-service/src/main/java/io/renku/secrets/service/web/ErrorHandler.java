package io.renku.secrets.service.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import io.renku.core.RenkuException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure as the platform's error envelope. Messages are this service's own: they name secret
 * ids, never a value; an unexpected exception is logged by class and answered with a fixed message
 * (a library's message could quote what it was given).
 */
@RestControllerAdvice
public class ErrorHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  @ExceptionHandler(RenkuException.class)
  ResponseEntity<String> renku(RenkuException e) {
    return answer(new ErrorEnvelope(e.errorCode(), e.getMessage(), e.detail(), null));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
    return answer(
        new ErrorEnvelope(ErrorCode.VALIDATION, "The body is not valid JSON.", "body", null));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
    return answer(
        new ErrorEnvelope(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json.", null, null));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
    return answer(
        new ErrorEnvelope(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed.", null, null));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<String> notFound(NoResourceFoundException e) {
    return answer(new ErrorEnvelope(ErrorCode.NOT_FOUND, "No such path.", null, null));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<String> unexpected(Exception e) {
    log.error("Unexpected failure: {}", e.getClass().getName());
    return answer(new ErrorEnvelope(ErrorCode.INTERNAL, "Something went wrong.", null, null));
  }

  private static ResponseEntity<String> answer(ErrorEnvelope envelope) {
    return ResponseEntity.status(envelope.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .body(envelope.json());
  }
}
