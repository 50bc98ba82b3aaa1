package io.renku.gateway.proxy;

import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * The headers of a request on its way to an upstream, as {@link ProxyFilter} edits them: the same
 * edits whether the request goes over HTTP ({@link #of(ClassicHttpRequest)}) or is handed over in
 * process ({@link RelayedRequest}). Names match in any spelling.
 */
interface UpstreamHeaders {
  /** Drops every value of {@code name}; nothing happens if there is none. */
  void remove(String name);

  /** Replaces every value of {@code name} by {@code value}. */
  void set(String name, String value);

  static UpstreamHeaders of(ClassicHttpRequest request) {
    return new UpstreamHeaders() {
      @Override
      public void remove(String name) {
        request.removeHeaders(name);
      }

      @Override
      public void set(String name, String value) {
        request.setHeader(name, value);
      }
    };
  }
}
