package io.renku.gateway.proxy;

import io.renku.core.ErrorCode;
import io.renku.web.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one servlet request to an upstream and streams the answer back: method, raw path and
 * query, headers (minus hop-by-hop ones, then edited by the route), body both ways. Plain Java over
 * a pooled Apache HTTP client; nothing is buffered whole.
 *
 * <p>Failures: an upstream that cannot be reached or breaks off before answering gives 502 with the
 * error envelope; once the answer has started, a broken upstream just ends the response. An
 * upstream that moves no byte for a while is cut off by the {@link UpstreamWatch}, not by a socket
 * timeout.
 */
public final class ReverseProxy {
  private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

  /** Headers about one connection (RFC 9110 7.6.1): they never cross a hop. */
  static final Set<String> CONNECTION_HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade");

  /** Never forwarded over HTTP: the connection headers, plus what the client sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Stream.concat(
              CONNECTION_HEADERS.stream(),
              Stream.of("transfer-encoding", "expect", "host", "content-length"))
          .collect(Collectors.toUnmodifiableSet());

  private final CloseableHttpClient client;
  private final UpstreamWatch watch;
  private final String upstream;
  private final String name;
  private final AnswerHeaderFilter answerHeaders;

  /** Which headers of the upstream's answer reach the client (besides the hop-by-hop rule). */
  @FunctionalInterface
  public interface AnswerHeaderFilter {
    boolean keep(String name, String value);
  }

  /** {@code upstream}: scheme, host and port, e.g. {@code http://127.0.0.1:8000}. */
  public ReverseProxy(CloseableHttpClient client, UpstreamWatch watch, URI upstream, String name) {
    this(client, watch, upstream, name, (n, v) -> true);
  }

  /**
   * As {@link #ReverseProxy(CloseableHttpClient, UpstreamWatch, URI, String)}, passing on only some
   * headers.
   */
  public ReverseProxy(
      CloseableHttpClient client,
      UpstreamWatch watch,
      URI upstream,
      String name,
      AnswerHeaderFilter answerHeaders) {
    this.client = client;
    this.watch = watch;
    String u = upstream.toString();
    this.upstream = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    this.name = name;
    this.answerHeaders = answerHeaders;
  }

  /** Headers the route sets or removes, applied after the client's headers were copied. */
  public interface HeaderEditor extends Consumer<ClassicHttpRequest> {}

  public void forward(HttpServletRequest in, HttpServletResponse out, HeaderEditor edit)
      throws IOException {
    forward(in, out, upstream, edit);
  }

  /**
   * As {@link #forward(HttpServletRequest, HttpServletResponse, HeaderEditor)}, to {@code base}.
   */
  public void forward(
      HttpServletRequest in, HttpServletResponse out, String base, HeaderEditor edit)
      throws IOException {
    if (!tryForward(in, out, base, edit)) {
      unreachable(out);
    }
  }

  /**
   * As {@link #forward(HttpServletRequest, HttpServletResponse, String, HeaderEditor)}, but when
   * nothing listens at {@code base} (connection refused, or a pooled connection found closed on a
   * request without a body: nothing was consumed, so trying elsewhere is safe) returns false and
   * leaves the response to the caller.
   */
  public boolean tryForward(
      HttpServletRequest in, HttpServletResponse out, String base, HeaderEditor edit)
      throws IOException {
    String query = in.getQueryString();
    // The path and query go on byte for byte as the client sent them, never parsed into a URI: a
    // query like ?x=%zz is the upstream's to judge (400), not an exception here (500). Tomcat has
    // already refused what HTTP does not allow in a request line.
    URI target = URI.create(base);
    String prefix = target.getRawPath() == null ? "" : target.getRawPath();
    UpstreamWatch.Exchange request =
        watch.start(
            in.getMethod(),
            HttpHost.create(target),
            prefix + in.getRequestURI() + (query == null ? "" : "?" + query));
    try {
      return tryForward(in, out, edit, request);
    } finally {
      request.done();
    }
  }

  private boolean tryForward(
      HttpServletRequest in,
      HttpServletResponse out,
      HeaderEditor edit,
      UpstreamWatch.Exchange request)
      throws IOException {
    copyHeaders(in, request, HOP_BY_HOP);
    edit.accept(request);
    long length = in.getContentLengthLong();
    boolean chunked = "chunked".equalsIgnoreCase(in.getHeader("Transfer-Encoding"));
    if (length > 0 || chunked) {
      String type = in.getContentType();
      request.setEntity(
          new InputStreamEntity(
              new Watched(in.getInputStream(), request),
              length > 0 ? length : -1,
              type == null ? null : ContentType.parseLenient(type)));
    }
    try {
      client.execute(
          request,
          response -> {
            out.setStatus(response.getCode());
            for (Header h : response.getHeaders()) {
              String lower = h.getName().toLowerCase(Locale.ROOT);
              if ((!HOP_BY_HOP.contains(lower) || lower.equals("content-length"))
                  && answerHeaders.keep(h.getName(), h.getValue())) {
                out.addHeader(h.getName(), h.getValue());
              }
            }
            HttpEntity entity = response.getEntity();
            if (entity != null) {
              try (InputStream body = entity.getContent()) {
                OutputStream sink = out.getOutputStream();
                // no bigger than the answer: a 16 KB buffer for every small answer was half of
                // what a proxied request allocated (more garbage collections, a longer tail)
                long declared = entity.getContentLength();
                byte[] buffer =
                    new byte[declared >= 0 && declared < 16384 ? (int) declared + 1 : 16384];
                for (int n; (n = body.read(buffer)) >= 0; ) {
                  request.moved();
                  sink.write(buffer, 0, n);
                }
                sink.flush();
              }
            }
            return null;
          });
    } catch (java.net.ConnectException e) {
      log.warn("The {} cannot be reached: {}", name, e.getMessage());
      return false;
    } catch (IOException e) {
      if (e instanceof org.apache.hc.core5.http.NoHttpResponseException
          && request.getEntity() == null
          && !out.isCommitted()) {
        // a pooled connection to a server that has since stopped; nothing was consumed
        log.warn("The {} closed the connection: {}", name, e.getMessage());
        return false;
      }
      String why = request.isCancelled() ? "moved no byte for too long" : e.getMessage();
      if (out.isCommitted()) {
        log.warn("The {} broke off an answer: {}", name, why);
        throw e;
      }
      log.warn("The {} cannot be reached: {}", name, why);
      unreachable(out);
    }
    return true;
  }

  /** The client's request body, each read telling the watch that the exchange is not idle. */
  private static final class Watched extends java.io.FilterInputStream {
    private final UpstreamWatch.Exchange exchange;

    Watched(InputStream in, UpstreamWatch.Exchange exchange) {
      super(in);
      this.exchange = exchange;
    }

    @Override
    public int read() throws IOException {
      exchange.moved();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      exchange.moved();
      return super.read(b, off, len);
    }
  }

  /** Copies the client's headers but those named (lower case) in {@code skip}. */
  private static void copyHeaders(HttpServletRequest in, ClassicHttpRequest to, Set<String> skip) {
    for (String headerName : Collections.list(in.getHeaderNames())) {
      if (skip.contains(headerName.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : Collections.list(in.getHeaders(headerName))) {
        to.addHeader(headerName, value);
      }
    }
  }

  private void unreachable(HttpServletResponse out) throws IOException {
    out.resetBuffer();
    out.setHeader("Retry-After", "5");
    ErrorResponses.write(
        out, ErrorCode.BAD_GATEWAY, "The " + name + " cannot be reached; try again shortly.");
  }
}
