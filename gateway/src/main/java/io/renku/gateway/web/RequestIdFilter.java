package io.renku.gateway.web;

import io.renku.core.Text;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter: the request id (the caller's {@code X-Request-ID} when it is sane, a new one
 * otherwise) goes into the log context, the response and the upstream request; one log line per
 * request that did not succeed, and per request at debug level.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = ErrorResponses.REQUEST_ID_KEY;
  private static final Logger log = LoggerFactory.getLogger("io.renku.gateway.access");

  /**
   * A random UUID (version 4) from {@link ThreadLocalRandom}: request ids need to be distinct, not
   * unguessable, and {@link UUID#randomUUID()} draws from {@code SecureRandom}, one lock shared by
   * every request thread.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id = request.getHeader(HEADER);
    if (!Text.isSafeId(id)) {
      id = newId();
    }
    request.setAttribute(MDC_KEY, id);
    response.setHeader(HEADER, id);
    MDC.put(MDC_KEY, id);
    long started = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      int status = response.getStatus();
      long millis = (System.nanoTime() - started) / 1_000_000;
      // 404s are ordinary; 429s are reported by RateLimitFilter, once a minute per client.
      if (status >= 400 && status != 404 && status != 429 || log.isDebugEnabled()) {
        log.info(
            "{} {} -> {} in {} ms", request.getMethod(), request.getRequestURI(), status, millis);
      }
      MDC.remove(MDC_KEY);
    }
  }
}
