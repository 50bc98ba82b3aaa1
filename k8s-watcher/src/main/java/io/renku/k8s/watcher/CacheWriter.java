package io.renku.k8s.watcher;

import io.renku.k8s.cache.CacheEvent;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.ObjectKey;
import io.renku.k8s.cache.WriteCounts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies cache events on one thread of its own, in batches, so that whoever submits them (the
 * informers' event threads) never waits for the database.
 *
 * <p>Pending events are kept per object: a newer event for an object replaces the one still
 * waiting, so the backlog never exceeds the number of objects, however long the database is away.
 * Each round writes up to {@code maxBatch} pending events in one transaction; when a write fails
 * the events go back (unless newer ones came meanwhile) and the writer retries with a growing
 * delay, up to {@code maxRetryDelay}.
 *
 * <p>{@link #execute} runs a task on the same thread once every event submitted before it is
 * written, and no event is written while it runs: a full resync uses this so that events arriving
 * during the resync are applied after it.
 */
public final class CacheWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CacheWriter.class);
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

  private final CacheStore store;
  private final int maxBatch;
  private final Duration maxRetryDelay;
  private final Object lock = new Object();
  private final Map<ObjectKey, CacheEvent> pending = new LinkedHashMap<>();
  private final ArrayDeque<Task<?>> tasks = new ArrayDeque<>();
  private final Thread thread;
  private boolean closing;
  private volatile WriteCounts totals = WriteCounts.NONE;

  public CacheWriter(CacheStore store, int maxBatch, Duration maxRetryDelay) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    this.store = store;
    this.maxBatch = maxBatch;
    this.maxRetryDelay = maxRetryDelay;
    this.thread = Thread.ofPlatform().name("k8s-cache-writer").daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Queues an event; never blocks on the database. Events submitted after close are dropped. */
  public void submit(CacheEvent event) {
    synchronized (lock) {
      if (closing) {
        log.debug("writer closed, dropping event for {}", event.key());
        return;
      }
      pending.put(event.key(), event);
      lock.notifyAll();
    }
  }

  /**
   * Runs the task on the writer thread after every event submitted before this call is written. The
   * future fails with the task's exception, or is cancelled if the writer closes first.
   */
  public <T> CompletableFuture<T> execute(Callable<T> task) {
    Task<T> t = new Task<>(task);
    synchronized (lock) {
      if (closing) {
        t.future.cancel(false);
      } else {
        tasks.add(t);
        lock.notifyAll();
      }
    }
    return t.future;
  }

  /**
   * Waits until every event submitted before this call is written.
   *
   * @throws TimeoutException if that takes longer than the timeout (e.g. the database is away)
   */
  public void flush(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      execute(() -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CancellationException e) {
      throw new IllegalStateException("writer closed before the flush", e);
    }
  }

  /** Number of events waiting to be written. */
  public int backlog() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** What the writer changed since it started (watch events only, not tasks). */
  public WriteCounts totals() {
    return totals;
  }

  /**
   * Writes what is pending (one attempt if the database fails), cancels queued tasks and stops the
   * thread.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    if (thread.getState() == Thread.State.NEW) {
      return; // never started
    }
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Duration retryDelay = FIRST_RETRY_DELAY;
    while (true) {
      List<CacheEvent> batch = new ArrayList<>();
      List<Task<?>> ready = new ArrayList<>();
      synchronized (lock) {
        while (!closing && pending.isEmpty() && tasks.isEmpty()) {
          if (!await(0)) {
            break;
          }
        }
        if (closing) {
          // a task (a resync) is not worth delaying the stop for: the next start runs one anyway
          tasks.forEach(t -> t.future.cancel(false));
          tasks.clear();
          if (pending.isEmpty()) {
            break;
          }
        }
        Iterator<CacheEvent> it = pending.values().iterator();
        while (it.hasNext() && batch.size() < maxBatch) {
          batch.add(it.next());
          it.remove();
        }
        if (pending.isEmpty()) {
          ready.addAll(tasks);
          tasks.clear();
        }
      }
      if (!batch.isEmpty()) {
        try {
          totals = totals.plus(store.apply(batch));
          retryDelay = FIRST_RETRY_DELAY;
        } catch (RuntimeException e) {
          synchronized (lock) {
            for (CacheEvent event : batch) {
              pending.putIfAbsent(event.key(), event);
            }
            for (int i = ready.size() - 1; i >= 0; i--) {
              tasks.addFirst(ready.get(i));
            }
            if (closing) {
              log.error(
                  "cannot write {} cache events while closing; dropping them (the next resync"
                      + " repairs the cache)",
                  pending.size(),
                  e);
              break;
            }
            log.warn(
                "cannot write {} cache events, retrying in {} ms",
                batch.size(),
                retryDelay.toMillis(),
                e);
            await(retryDelay.toMillis());
          }
          retryDelay = min(retryDelay.multipliedBy(2), maxRetryDelay);
          continue;
        }
      }
      for (Task<?> task : ready) {
        task.run();
      }
    }
    synchronized (lock) {
      closing = true;
      pending.clear();
      tasks.forEach(t -> t.future.cancel(false));
      tasks.clear();
    }
  }

  /** Waits on the lock (which the caller holds); false if interrupted, which closes the writer. */
  private boolean await(long millis) {
    try {
      lock.wait(millis);
      return true;
    } catch (InterruptedException e) {
      closing = true;
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static final class Task<T> {
    final Callable<T> body;
    final CompletableFuture<T> future = new CompletableFuture<>();

    Task(Callable<T> body) {
      this.body = body;
    }

    void run() {
      try {
        future.complete(body.call());
      } catch (Exception e) {
        future.completeExceptionally(e);
      }
    }
  }
}
