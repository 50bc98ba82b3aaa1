package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import io.renku.web.ErrorResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every failure outside a controller (a filter, the session store, the container) ends here: API
 * paths get the error envelope, pages a short HTML page; never a stack trace. A session store that
 * cannot be reached (Postgres or Redis down) is 503 with {@code Retry-After}, since it comes back
 * by itself.
 */
@RestController
public class GatewayErrorController implements ErrorController {
  private static final Logger log = LoggerFactory.getLogger(GatewayErrorController.class);

  @RequestMapping("/error")
  ResponseEntity<String> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int code = status instanceof Integer i ? i : 500;
    String message =
        code >= 500 ? "An unexpected error occurred." : "The request could not be handled.";
    boolean storeDown = causedBy(failure, DataAccessException.class);
    if (storeDown) {
      code = 503;
      message = "Login sessions cannot be read right now; try again shortly.";
      log.warn("The session store is unavailable: {}", rootMessage(failure));
    } else if (failure != null && code < 500) {
      // the container's verdict on a malformed request (an undecodable query, a broken body)
      log.debug("Malformed request to {}: {}", path, failure.toString());
    } else if (failure != null) {
      log.error("Request to {} failed", path, failure);
    }
    ResponseEntity.BodyBuilder response = ResponseEntity.status(code);
    if (code == 503) {
      response.header("Retry-After", "5");
    }
    if (String.valueOf(path).startsWith("/api/")) {
      return response
          .contentType(MediaType.APPLICATION_JSON)
          .body(ErrorResponses.json(ErrorCode.forHttpStatus(code), message));
    }
    ResponseEntity<String> page =
        Pages.problem(
            HttpStatus.valueOf(code), code >= 500 ? "Something went wrong" : "Error", message);
    return response.contentType(Pages.HTML).body(page.getBody());
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
