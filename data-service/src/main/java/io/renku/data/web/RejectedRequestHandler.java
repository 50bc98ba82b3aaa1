package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.web.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * What Spring Security's firewall refuses ({@code ;}, encoded slashes or dots, {@code //}, control
 * characters, a method such as {@code FOO}) is answered here with the envelope, written at once.
 * Spring's default handler calls {@code sendError}, whose error dispatch carries the same rejected
 * request through the firewall again, which refuses it again: the client got an empty 400. (Spring
 * Security uses a bean of this type when there is one.)
 */
@Component
public class RejectedRequestHandler implements RequestRejectedHandler {
  private static final Logger log = LoggerFactory.getLogger(RejectedRequestHandler.class);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    log.debug("Rejected by the firewall: {}", e.getMessage());
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    if (!METHODS.contains(request.getMethod())) {
      ErrorResponses.write(
          response, ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is unknown.");
    } else {
      ErrorResponses.write(response, ErrorCode.BAD_REQUEST, MalformedRequests.MESSAGE);
    }
  }
}
