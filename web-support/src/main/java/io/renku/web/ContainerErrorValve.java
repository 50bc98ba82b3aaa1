package io.renku.web;

import io.renku.core.ErrorCode;
import io.renku.core.ErrorEnvelope;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word, in the platform's own form instead of Tomcat's HTML page (decision 0020).
 * Tomcat answers some requests before any filter or servlet sees them: a path it refuses to decode
 * or normalise ({@code %2F}, {@code %00}, {@code \}, {@code %zz}, a raw space or non-ASCII byte), a
 * request line it cannot parse, headers too large. Those never reach a service's {@code /error}
 * page (no web application was chosen for them), so the host's error report valve answers: this one
 * with the error envelope (or the page its service's {@link Answers} gives), with Tomcat's status
 * (a 4xx for such requests), never naming the server or showing a stack trace.
 */
public class ContainerErrorValve extends ErrorReportValve {
  /** What one service says when Tomcat answers for it. */
  public interface Answers {
    /** The envelope's message for an error with this status. */
    String message(int status);

    /**
     * The 4xx that a failure Tomcat reports as a 5xx really is (a request it could not read), or 0
     * to keep Tomcat's status.
     */
    default int clientStatus(Throwable failure) {
      return 0;
    }

    /**
     * The answer for a request by its raw path (empty when Tomcat could not read the request line),
     * or null for the error envelope.
     */
    default Page page(String rawPath, int status, String message) {
      return null;
    }

    /** Whether the answer carries {@code Cache-Control: no-store}. */
    default boolean noStore() {
      return false;
    }
  }

  /** A body other than the envelope, with its content type. */
  public record Page(String contentType, String body) {}

  private final Answers answers;

  public ContainerErrorValve(Answers answers) {
    this.answers = Objects.requireNonNull(answers, "answers");
  }

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
      int clientError = answers.clientStatus(throwable);
      if (clientError != 0) {
        status = clientError;
        response.setStatus(status);
      }
    }
    String message = answers.message(status);
    String raw = request.getCoyoteRequest().requestURI().toString();
    Page page = answers.page(raw == null ? "" : raw, status, message);
    if (page == null) {
      // no trace id: Tomcat answers before the request id filter has run
      page =
          new Page(
              "application/json",
              new ErrorEnvelope(ErrorCode.forHttpStatus(status), message, null, null).json());
    }
    try {
      response.setContentType(page.contentType());
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      if (answers.noStore()) {
        response.setHeader("Cache-Control", "no-store");
      }
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(page.body());
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was closed meanwhile: nothing left to tell it
    }
  }
}
