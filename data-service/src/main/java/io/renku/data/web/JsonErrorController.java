package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.web.ErrorResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors that happen outside Spring MVC (in filters or the servlet container) with the same
 * envelope, instead of the container's HTML page. A failure that means the request was malformed
 * (see {@link MalformedRequests}) is the 4xx it is, even when it surfaced as an exception.
 */
@RestController
public class JsonErrorController implements ErrorController {
  @RequestMapping("/error")
  ResponseEntity<String> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // No error attributes: someone asked for /error itself, which is no page of the API.
    int code = status == null ? 404 : status instanceof Integer i && i >= 400 ? i : 500;
    if (code >= 500
        && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
      int clientError = MalformedRequests.status(failure);
      code = clientError != 0 ? clientError : code;
    }
    ErrorCode errorCode = ErrorCode.forHttpStatus(code);
    // JSON whatever the client accepts: an error is never negotiated away into an empty body
    return ResponseEntity.status(code)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ErrorResponses.json(errorCode, MalformedRequests.message(code)));
  }
}
