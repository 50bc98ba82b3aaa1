package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.core.Text;
import io.renku.core.Ulid;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: gives it a request id (kept in the log context and echoed in
 * {@code X-Request-ID}), and rejects bodies and query strings that carry NUL characters or are too
 * large before anything else reads them. Postgres cannot store NUL in text, so letting one through
 * would turn a client mistake into a server error.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestGuardFilter extends OncePerRequestFilter {
  static final int MAX_BODY_BYTES = 1024 * 1024;

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(RequestIds.HEADER);
    String requestId = Text.isSafeId(given) ? given : Ulid.next();
    MDC.put(RequestIds.MDC_KEY, requestId);
    response.setHeader(RequestIds.HEADER, requestId);
    try {
      if (hasNul(request.getQueryString())) {
        ErrorResponses.write(
            response,
            ErrorCode.VALIDATION,
            "The request contains a NUL character, which is not allowed.");
        return;
      }
      HttpServletRequest toPass = request;
      if (hasBody(request)) {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
          ErrorResponses.write(
              response, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
          return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
          ErrorResponses.write(
              response, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
          return;
        }
        if (containsNul(body)) {
          ErrorResponses.write(
              response,
              ErrorCode.VALIDATION,
              "The request body contains a NUL character, which is not allowed.");
          return;
        }
        toPass = new CachedBodyRequest(request, body);
      }
      chain.doFilter(toPass, new OneWriteResponse(response));
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    String m = request.getMethod();
    return "POST".equals(m) || "PUT".equals(m) || "PATCH".equals(m) || "DELETE".equals(m);
  }

  private static boolean hasNul(String s) {
    return s != null && (s.indexOf('\0') >= 0 || s.toLowerCase().contains("%00"));
  }

  /** A raw NUL byte, or the JSON escape {@code \u0000} (with an unescaped backslash). */
  static boolean containsNul(byte[] body) {
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        return true;
      }
      if (body[i] == '\\' && i + 5 < body.length && (body[i + 1] == 'u' || body[i + 1] == 'U')) {
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && body[j] == '\\'; j--) {
          backslashes++;
        }
        if (backslashes % 2 == 0
            && body[i + 2] == '0'
            && body[i + 3] == '0'
            && body[i + 4] == '0'
            && body[i + 5] == '0') {
          return true;
        }
      }
    }
    return false;
  }

  /** Lets the rest of the chain read a body this filter already consumed. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
