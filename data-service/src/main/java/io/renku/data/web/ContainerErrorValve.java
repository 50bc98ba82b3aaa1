package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word, in the error envelope instead of its HTML page. Tomcat answers some requests
 * before any filter or servlet sees them: a path it refuses to decode or normalise ({@code %2F},
 * {@code %00}, {@code \}, {@code %zz}, a raw space or non-ASCII byte), a request line it cannot
 * parse, headers too large. Those never reach Spring's {@code /error} page (no web application was
 * chosen for them), so the host's error report valve writes the answer; this one writes the same
 * {@code {"error":{"code","message"}}} as every other failure of the data service, with Tomcat's
 * status (always a 4xx for such requests), and never names the server or a stack trace.
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
    if (status >= 500 && throwable != null) {
      int clientError = MalformedRequests.status(throwable);
      if (clientError != 0) {
        status = clientError;
        response.setStatus(status);
      }
    }
    String body =
        new ErrorEnvelope(
                ErrorCode.forHttpStatus(status), MalformedRequests.message(status), null, null)
            .json();
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was closed meanwhile: nothing left to tell it
    }
  }
}
