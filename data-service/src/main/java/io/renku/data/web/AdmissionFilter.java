package io.renku.data.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.renku.core.ErrorCode;
import io.renku.data.config.RenkuProperties;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most {@code renku.admission.max-concurrent} API requests run at once; the others wait
 * their turn in arrival order, up to {@code renku.admission.max-wait}, and are then refused with
 * 503 and {@code Retry-After}. Off unless configured; local mode sets twice the number of cores.
 *
 * <p>Why: on a small machine every request, Postgres and the load share a few cores. Run all at
 * once, the requests share those cores and each one's database round trips queue behind everyone
 * else's, so an unlucky request takes many times the average. Queued in front instead, a request
 * waits for its turn and then runs with the cores to itself and a few others. On two cores with 16
 * clients listing projects as fast as they can, the slowest 1 % went from 107 to 34 ms with four at
 * a time (throughput 10 % lower), a single project's from 25 to 9 ms; {@code bench/README.md} has
 * the runs. Health and metrics are never queued.
 *
 * <p>The image check ({@link #UNQUEUED_IMAGE_CHECK}) is not queued either: it waits on someone
 * else's registry for up to seconds, mostly idle, and holding a slot meanwhile would let a few such
 * requests stall every other caller. It bounds itself instead ({@code session/SessionImages}: a few
 * at once, 503 beyond, a short deadline).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AdmissionFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(AdmissionFilter.class);
  private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  static final String UNQUEUED_IMAGE_CHECK = "/api/data/sessions/images";

  /**
   * The secrets service's call for a user's key (decision 0031) comes back while the request that
   * asked it for a session's secrets holds a slot: queued, it could wait for its own caller.
   */
  static final String UNQUEUED_SECRET_KEY = "/api/data/user/secret_key";

  private final Semaphore permits;
  private final int maxConcurrent;
  private final Duration maxWait;
  private final AtomicLong refusedSinceReport = new AtomicLong();
  private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);

  public AdmissionFilter(RenkuProperties properties, ObjectProvider<MeterRegistry> meters) {
    RenkuProperties.Admission admission = properties.admission();
    this.maxConcurrent = admission.maxConcurrent();
    this.maxWait = admission.maxWait();
    this.permits = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
    if (permits != null) {
      meters.ifAvailable(
          registry -> {
            Gauge.builder("renku.admission.waiting", permits, Semaphore::getQueueLength)
                .description("API requests waiting for their turn")
                .register(registry);
            Gauge.builder(
                    "renku.admission.running", permits, p -> maxConcurrent - p.availablePermits())
                .description("API requests running")
                .register(registry);
          });
      log.info(
          "At most {} API requests run at once; the others wait up to {}", maxConcurrent, maxWait);
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return permits == null
        || !uri.startsWith("/api/")
        || uri.equals(UNQUEUED_IMAGE_CHECK)
        || uri.equals(UNQUEUED_SECRET_KEY);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean admitted;
    try {
      admitted = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      refuse(response);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release();
    }
  }

  private void refuse(HttpServletResponse response) throws IOException {
    refusedSinceReport.incrementAndGet();
    long now = System.nanoTime();
    long last = lastReport.get();
    if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
      log.warn(
          "Refused {} API requests in the last minute: {} were running and the others had waited"
              + " {} for their turn",
          refusedSinceReport.getAndSet(0),
          maxConcurrent,
          maxWait);
    }
    response.setHeader("Retry-After", "1");
    ErrorResponses.write(
        response, ErrorCode.SERVICE_UNAVAILABLE, "The service is busy; try again in a moment.");
  }
}
