package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word, in the platform's own form instead of Tomcat's HTML page. Tomcat answers some
 * requests before any filter or servlet sees them: a path it refuses to decode or normalise ({@code
 * %2F}, {@code %00}, {@code \}, {@code %zz}, a raw space or non-ASCII byte), a request line it
 * cannot parse, headers too large. Those never reach {@link GatewayErrorController} (no web
 * application was chosen for them), so the host's error report valve answers: this one with the
 * error envelope for {@code /api/*} paths and a short page otherwise, with Tomcat's status (a 4xx
 * for such requests), never naming the server or showing a stack trace.
 */
public class ContainerErrorValve extends ErrorReportValve {
  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // As Tomcat's own valve: only errors, only once, only when nothing was written yet.
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    // Tomcat's two 5xx for a client's request: an HTTP version it does not speak, and CONNECT
    if (status == 505 || status == 501) {
      status = status == 505 ? 400 : 405;
      response.setStatus(status);
    }
    String message = message(status);
    String contentType;
    String body;
    if (isApi(request)) {
      contentType = "application/json";
      body = ErrorEnvelope.json(ErrorCode.forHttpStatus(status), message);
    } else {
      HttpStatus known = HttpStatus.resolve(status);
      contentType = "text/html";
      body = Pages.html(known == null ? "Error " + status : known.getReasonPhrase(), message);
    }
    try {
      response.setContentType(contentType);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.setHeader("Cache-Control", "no-store");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was closed meanwhile: nothing left to tell it
    }
  }

  /**
   * By the raw path as the client sent it, since Tomcat could not decode it. When Tomcat could not
   * even read the request line (a {@code <}, {@code \} or space in the path), the path is unknown:
   * then the envelope too, since browsers never send such a line and API clients read JSON.
   */
  private static boolean isApi(Request request) {
    String raw = request.getCoyoteRequest().requestURI().toString();
    return raw == null || raw.isEmpty() || raw.startsWith("/api/") || raw.equals("/api");
  }

  static String message(int status) {
    return switch (status) {
      case 400 -> "The request is malformed: its path, query string or headers cannot be read.";
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
