package io.renku.launcher;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;

/**
 * The gateway's response as the data service writes to it in process (see {@link
 * InProcessDataService}). Two things differ from writing to it directly: {@code sendError} is
 * remembered for the data service's error page instead of the gateway's, and {@code reset()} keeps
 * the headers the gateway had set before the hand-over (its request id, the anonymous cookie),
 * which over HTTP the data service could not have removed either.
 */
final class HandedOverResponse extends HttpServletResponseWrapper {
  private final Map<String, List<String>> gatewayHeaders = new LinkedHashMap<>();
  private int errorStatus;
  private String errorMessage;
  private Throwable exception;

  HandedOverResponse(HttpServletResponse response) {
    super(response);
    for (String name : response.getHeaderNames()) {
      gatewayHeaders.put(name, new ArrayList<>(response.getHeaders(name)));
    }
  }

  int errorStatus() {
    return errorStatus;
  }

  String errorMessage() {
    return errorMessage;
  }

  Throwable exception() {
    return exception;
  }

  /**
   * An exception the data service did not handle: its error page answers with the status Tomcat
   * gives it ({@code StandardWrapperValve}): 400 for a request that could not be read (a broken
   * body), the parameter parser's own status for a query string it cannot decode, else 500.
   */
  void failed(Throwable e) {
    errorStatus = containerStatus(e);
    errorMessage = null;
    exception = e;
  }

  static int containerStatus(Throwable e) {
    if (e instanceof BadRequestException) {
      return HttpServletResponse.SC_BAD_REQUEST;
    }
    if (e instanceof InvalidParameterException p) {
      return p.getErrorCode();
    }
    if (e.getCause() instanceof InvalidParameterException p) {
      return p.getErrorCode();
    }
    return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
  }

  @Override
  public void sendError(int sc, String msg) {
    if (isCommitted()) {
      throw new IllegalStateException("The response is already committed");
    }
    errorStatus = sc;
    errorMessage = msg;
  }

  @Override
  public void sendError(int sc) {
    sendError(sc, null);
  }

  /** After {@code sendError} the response counts as committed, as the servlet spec says. */
  @Override
  public boolean isCommitted() {
    return errorStatus != 0 || super.isCommitted();
  }

  @Override
  public void reset() {
    super.reset();
    gatewayHeaders.forEach((name, values) -> values.forEach(v -> super.addHeader(name, v)));
  }
}
