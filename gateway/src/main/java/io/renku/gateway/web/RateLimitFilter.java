package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import io.renku.gateway.config.GatewayProperties;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client address ({@code per-second} refill, {@code burst} capacity); an empty
 * bucket answers 429 with {@code Retry-After}. Health and metrics are exempt so that probes never
 * fail because of a busy client. Buckets idle for three minutes are dropped.
 *
 * <p>Refusals are logged once per client and minute with their count, not once each (the access log
 * leaves 429s out): a flood must not become a flood of log lines.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RateLimitFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
  private static final long REFUSAL_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final GatewayProperties.RateLimit limit;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimitFilter(GatewayProperties properties) {
    this.limit = properties.rateLimit();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !limit.enabled() || path.startsWith("/health") || path.equals("/metrics");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = client(request);
    Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(limit.burst()));
    if (bucket.take(limit.perSecond(), limit.burst())) {
      chain.doFilter(request, response);
      return;
    }
    long refused = bucket.refuse(REFUSAL_LOG_INTERVAL_NANOS);
    if (refused > 0) {
      log.warn(
          "Client {} is over its rate limit ({}/s, burst {}): {} request(s) refused with 429"
              + " since the last report",
          client,
          limit.perSecond(),
          limit.burst(),
          refused);
    }
    response.setHeader("Retry-After", "1");
    ErrorResponses.write(
        response, ErrorCode.TOO_MANY_REQUESTS, "Too many requests from this client; slow down.");
  }

  /** The connection's address, or the last entry of the proxy's header when one is set. */
  private String client(HttpServletRequest request) {
    String header = limit.clientAddressHeader();
    if (header != null && !header.isBlank()) {
      String value = request.getHeader(header);
      if (value != null && !value.isBlank()) {
        return value.substring(value.lastIndexOf(',') + 1).strip();
      }
    }
    return request.getRemoteAddr();
  }

  @Scheduled(fixedDelay = 60_000)
  void dropIdleBuckets() {
    long cutoff = System.nanoTime() - 180_000_000_000L;
    buckets.values().removeIf(b -> b.lastSeen() < cutoff);
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt = System.nanoTime();

    Bucket(int burst) {
      this.tokens = burst;
    }

    synchronized boolean take(double perSecond, int burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    private long refusedSinceReport;
    private long reportedAt = System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS;

    /** Counts a refusal; returns the count to report when a report is due, else 0. */
    synchronized long refuse(long interval) {
      refusedSinceReport++;
      long now = System.nanoTime();
      if (now - reportedAt < interval) {
        return 0;
      }
      reportedAt = now;
      long count = refusedSinceReport;
      refusedSinceReport = 0;
      return count;
    }

    synchronized long lastSeen() {
      return refilledAt;
    }
  }
}
