package io.renku.data.web;

import io.renku.core.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors that happen outside Spring MVC (in filters or the servlet container) with the same
 * envelope, instead of the container's HTML page.
 */
@RestController
public class JsonErrorController implements ErrorController {
  @RequestMapping("/error")
  ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int code = status instanceof Integer i ? i : 500;
    ErrorCode errorCode = ErrorCode.forHttpStatus(code);
    String message =
        code >= 500 ? "An unexpected error occurred." : "The request could not be handled.";
    return ResponseEntity.status(code).body(ErrorEnvelope.body(errorCode, message, null));
  }
}
