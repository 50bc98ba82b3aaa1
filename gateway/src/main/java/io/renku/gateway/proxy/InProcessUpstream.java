package io.renku.gateway.proxy;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The data service when it runs in the gateway's own JVM (local mode): it takes a request as a
 * servlet request, without a socket, an HTTP client or a second parse of the request.
 *
 * <p>The request handed over is already the one the data service must see: the identity headers
 * {@link IdentityRelayFilter} chose, the browser's cookies and forwarding headers gone (see {@link
 * RelayedRequest}). The response is the gateway's own; the implementation writes the answer into it
 * as the data service produces it.
 *
 * <p>Failures: the data service's own errors (its 4xx and 5xx answers, and an exception it did not
 * handle, rendered as its 500 envelope) are part of the answer, not exceptions. {@link IOException}
 * means the client went away while the answer was written. Neither the gateway's thread-bound state
 * (logging context, security context, request attributes) nor its login session is visible to, or
 * changed by, the data service.
 */
public interface InProcessUpstream {
  void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException;
}
