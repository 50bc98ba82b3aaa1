package io.renku.data.web;

import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Failures that mean the request itself could not be read: a query string the container cannot
 * decode ({@code ?x=%zz}), a body that breaks off or is badly chunked, a path the firewall refuses.
 * They are the client's fault, so they answer 4xx wherever they surface, never the 500 of an
 * unexpected exception.
 */
public final class MalformedRequests {
  public static final String MESSAGE =
      "The request is malformed: its path, query string or body cannot be read.";

  private MalformedRequests() {}

  /** The 4xx status for {@code failure} (or a cause of it), or 0 when it is not one of these. */
  public static int status(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidParameterException p) {
        int code = p.getErrorCode();
        return code >= 400 && code < 500 ? code : 400;
      }
      if (t instanceof BadRequestException || t instanceof RequestRejectedException) {
        return 400;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return 0;
  }

  /** The message of the error envelope for a client error with this status. */
  public static String message(int status) {
    return switch (status) {
      case 400 -> MESSAGE;
      case 404 -> "Not found.";
      case 405 -> "This method is not allowed here.";
      case 408 -> "The request took too long to arrive.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request path or query string is too long.";
      case 431 -> "The request headers are too large.";
      default ->
          status >= 500 ? "An unexpected error occurred." : "The request could not be handled.";
    };
  }
}
