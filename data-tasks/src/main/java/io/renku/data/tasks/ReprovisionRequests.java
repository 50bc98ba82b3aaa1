package io.renku.data.tasks;

import io.renku.core.Ulid;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rebuilds of the search index that are asked for in {@code search.reprovisioning} (one
 * row at most: an admin's {@code POST /search/reprovision}, or {@link DataTasks} at start when the
 * schema changed or the index is empty). A poll that finds a row runs {@link Reprovision} and then
 * deletes that row (by its id); when the row is gone before the end (an admin's {@code DELETE}),
 * the rebuild stops after the page in progress, keeps what it wrote and skips the sweep.
 *
 * <p>Several replicas may poll one database: a session advisory lock of its own ({@link #RUN_KEY},
 * tried, never waited for) lets one of them run a rebuild at a time; the others keep polling.
 */
public final class ReprovisionRequests implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReprovisionRequests.class);

  /** The advisory lock a replica holds while it runs a requested rebuild ("reprov" in ASCII). */
  static final long RUN_KEY = 0x7265707270766L;

  /** Who asks when {@link DataTasks} finds the index out of date (the column holds 64). */
  public static final String REQUESTED_BY_DATA_TASKS = "data-tasks";

  private final DataSource dataSource;
  private final Reprovision reprovision;
  private final Duration pollInterval;
  private final int progressEveryPages;
  private final Reprovision.PageCheck afterPage;
  private final ScheduledThreadPoolExecutor executor;
  private volatile boolean closing;
  private String lastError; // the poller thread's alone

  /** What a poll that found a request did. */
  public record Outcome(String requestId, Reprovision.Result result) {}

  public ReprovisionRequests(
      DataSource dataSource,
      Reprovision reprovision,
      Duration pollInterval,
      int progressEveryPages) {
    this(dataSource, reprovision, pollInterval, progressEveryPages, documents -> true);
  }

  /** With {@code afterPage} called after each page, before the request is looked at (tests). */
  ReprovisionRequests(
      DataSource dataSource,
      Reprovision reprovision,
      Duration pollInterval,
      int progressEveryPages,
      Reprovision.PageCheck afterPage) {
    if (progressEveryPages < 1) {
      throw new IllegalArgumentException("progressEveryPages must be positive");
    }
    this.dataSource = dataSource;
    this.reprovision = reprovision;
    this.pollInterval = pollInterval;
    this.progressEveryPages = progressEveryPages;
    this.afterPage = afterPage;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "search-reprovision");
              t.setDaemon(true);
              return t;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Asks for a rebuild: inserts the row unless one is there already. Returns the new row's id, or
   * empty when a rebuild was already asked for (the table holds one row at most).
   */
  public static Optional<String> request(DataSource dataSource, String requestedBy)
      throws SQLException {
    String id = Ulid.next();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO search.reprovisioning (id, requested_by) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
      ps.setString(1, id);
      ps.setString(2, requestedBy);
      return ps.executeUpdate() == 1 ? Optional.of(id) : Optional.empty();
    }
  }

  /** Polls every {@code pollInterval} on a daemon thread, the first time after one interval. */
  public void start() {
    executor.schedule(this::poll, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      pollOnce();
      lastError = null;
    } catch (Exception e) {
      // Postgres or Solr away, or the table not migrated yet: the row stays, the next poll retries.
      // The same error again is not news: once a warning, then debug until a poll succeeds.
      String error = OutboxDrainer.shortError(e);
      if (error.equals(lastError)) {
        log.debug("Search index reprovisioning still failing: {}", error);
      } else {
        log.warn(
            "Search index reprovisioning failed, will retry every {} ms: {}",
            pollInterval.toMillis(),
            error);
      }
      lastError = error;
    }
    try {
      executor.schedule(this::poll, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /**
   * One poll: runs the requested rebuild if there is one and no other replica runs one. Empty when
   * there was nothing to do.
   */
  public Optional<Outcome> pollOnce() throws SQLException, IOException {
    if (closing) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      if (!advisory(c, "SELECT pg_try_advisory_lock(?)")) {
        return Optional.empty(); // another replica runs the rebuild
      }
      try {
        Optional<Request> request = pending(c);
        if (request.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(run(c, request.get()));
      } finally {
        unlock(c);
      }
    }
  }

  private record Request(String id, String requestedBy) {}

  private Outcome run(Connection c, Request request) throws SQLException, IOException {
    log.info(
        "Search index reprovisioning {} started (asked by {})",
        request.id(),
        request.requestedBy() == null ? "unknown" : request.requestedBy());
    long start = System.nanoTime();
    int[] pages = {0};
    Reprovision.Result result =
        reprovision.run(
            documents -> {
              if (++pages[0] % progressEveryPages == 0) {
                double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                log.info(
                    "Search index reprovisioning {}: {} documents so far, {} documents/s",
                    request.id(),
                    documents,
                    Math.round(documents / seconds));
              }
              if (!afterPage.proceed(documents) || closing) {
                return false; // the row stays: the next start runs the rebuild again
              }
              return exists(c, request.id());
            });
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (result.cancelled()) {
      log.info(
          "Search index reprovisioning {} stopped ({}) after {} documents in {} ms; the documents"
              + " written stay",
          request.id(),
          closing ? "shutting down" : "request deleted",
          result.total(),
          ms);
    } else {
      delete(c, request.id());
      log.info(
          "Search index reprovisioning {} done: {} documents written ({}), {} stale removed, in {}"
              + " ms",
          request.id(),
          result.total(),
          result.written(),
          result.removed(),
          ms);
    }
    return new Outcome(request.id(), result);
  }

  private static Optional<Request> pending(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, requested_by FROM search.reprovisioning ORDER BY start_date LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(new Request(rs.getString(1), rs.getString(2)))
          : Optional.empty();
    }
  }

  private static boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM search.reprovisioning WHERE id = ?)")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM search.reprovisioning WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  /** A broken connection has lost its session lock already; nothing to undo then. */
  private static void unlock(Connection c) {
    try {
      advisory(c, "SELECT pg_advisory_unlock(?)");
    } catch (SQLException e) {
      log.debug("Releasing the reprovisioning lock failed", e);
    }
  }

  private static boolean advisory(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, RUN_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Stops polling; a rebuild in progress stops after its page (its request stays, so the next start
   * runs it again). Waits for it at most 30 s.
   */
  @Override
  public void close() {
    closing = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("Search index reprovisioning did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
