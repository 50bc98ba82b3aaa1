package io.renku.gateway.proxy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicMarkableReference;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends exchanges with an upstream that moved no bytes for {@code idle}: the upstream neither
 * answered, nor sent more of its answer, nor took more of the request body. It stands in for a
 * socket read timeout on the upstream connections, which the gateway does not set.
 *
 * <p>Why: a blocking read with a timeout on a virtual thread is a timed park, and every one of them
 * schedules a timer in the JDK's virtual-thread scheduler and cancels it again, waking the
 * scheduler's timer thread each time. On a saturated session proxy that was 13 % of the gateway's
 * CPU samples, and throughput and tail were worse by more than that (bench/README.md, issue 16).
 * Here a request costs an insertion into and a removal from a concurrent set, and one thread looks
 * at what is in flight once per {@code every}, so an idle exchange ends between {@code idle} and
 * {@code idle + every}.
 *
 * <p>An exchange is ended as Apache's own abort does it: its connection is closed, the blocked read
 * fails with an {@code IOException}, and the proxy answers 502 (or ends an answer already started),
 * as it did when the socket timeout fired.
 */
public final class UpstreamWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamWatch.class);

  private final long idleNanos;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper;

  /** Ends exchanges idle for {@code idle}, looking once a second. */
  public UpstreamWatch(Duration idle) {
    this(idle, Duration.ofSeconds(1));
  }

  public UpstreamWatch(Duration idle, Duration every) {
    this.idleNanos = idle.toNanos();
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upstream-watch").daemon().factory());
    long ms = Math.max(1, every.toMillis());
    sweeper.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * A request to an upstream the watch can end (Apache's client registers its connection with it,
   * as with {@code HttpUriRequestBase}); the path goes on as given, never parsed into a URI.
   */
  public final class Exchange extends BasicClassicHttpRequest implements CancellableDependency {
    private final AtomicMarkableReference<Cancellable> dependency =
        new AtomicMarkableReference<>(null, false);
    private volatile long lastMoved = System.nanoTime();

    Exchange(String method, HttpHost host, String path) {
      super(method, host, path);
    }

    /** Bytes moved between the gateway and the upstream: the idle time starts again. */
    public void moved() {
      lastMoved = System.nanoTime();
    }

    /** Whether the watch ended this exchange. */
    @Override
    public boolean isCancelled() {
      return dependency.isMarked();
    }

    @Override
    public void setDependency(Cancellable cancellable) {
      Cancellable current = dependency.getReference();
      if (!dependency.compareAndSet(current, cancellable, false, false) && cancellable != null) {
        cancellable.cancel(); // already ended
      }
    }

    @Override
    public boolean cancel() {
      while (!dependency.isMarked()) {
        Cancellable current = dependency.getReference();
        if (dependency.compareAndSet(current, current, false, true)) {
          if (current != null) {
            current.cancel();
          }
          return true;
        }
      }
      return false;
    }

    /** Stops watching this exchange; call once it is over, however it ended. */
    public void done() {
      inFlight.remove(this);
    }
  }

  /** A new exchange, watched from now until {@link Exchange#done()}. */
  public Exchange start(String method, HttpHost host, String path) {
    Exchange exchange = new Exchange(method, host, path);
    inFlight.add(exchange);
    return exchange;
  }

  /** How many exchanges are being watched (for tests). */
  int inFlight() {
    return inFlight.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Exchange e : inFlight) {
      if (now - e.lastMoved > idleNanos) {
        inFlight.remove(e);
        log.warn(
            "Ending a request to {} after {} s without a byte either way",
            e.getAuthority(),
            idleNanos / 1_000_000_000L);
        try {
          e.cancel();
        } catch (RuntimeException ex) {
          log.debug("Could not end a stalled upstream request", ex);
        }
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
