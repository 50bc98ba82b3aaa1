package io.renku.data.tasks;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link OutboxDrainer} on one thread: again at once after a full batch (a backlog drains
 * without pauses), after {@code idleDelay} otherwise, and after the delay too when Postgres failed
 * (logged; the rows are still there). Several indexers (replicas) may run against one database:
 * they take different rows.
 */
public final class SearchIndexer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  public static final Duration DEFAULT_IDLE_DELAY = Duration.ofMillis(200);

  private final OutboxDrainer drainer;
  private final Duration idleDelay;
  private final ScheduledThreadPoolExecutor executor;

  public SearchIndexer(OutboxDrainer drainer, Duration idleDelay) {
    this.drainer = drainer;
    this.idleDelay = idleDelay;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "search-indexer");
              t.setDaemon(true);
              return t;
            });
    // close() should not wait for (or run) the next scheduled drain
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  public void start() {
    executor.execute(this::run);
  }

  private void run() {
    long delayMs = idleDelay.toMillis();
    try {
      if (drainer.drainOnce() >= drainer.batchSize()) {
        delayMs = 0;
      }
    } catch (Exception e) {
      log.warn("Draining the search outbox failed, will retry: {}", OutboxDrainer.shortError(e));
    }
    try {
      executor.schedule(this::run, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed while this batch ran: nothing more to do
    }
  }

  /** Stops after the batch in progress, waiting for it at most 10 s. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
