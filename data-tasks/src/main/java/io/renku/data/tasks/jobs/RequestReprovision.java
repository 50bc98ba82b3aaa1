package io.renku.data.tasks.jobs;

import io.renku.data.tasks.ReprovisionRequests;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search reprovision job (the chart runs it after an upgrade when asked to): asks the running
 * data tasks for a rebuild of the search index by writing the request row an admin's {@code POST
 * /search/reprovision} writes, and ends. The rebuild itself runs in the data tasks, which report
 * their progress in their log; this job does not wait for it.
 *
 * <p>Failure modes: Postgres unreachable, or the table not there yet (the data service migrates it
 * at its start, which may come after the job), is retried until {@code DB_WAIT}; a request already
 * there is not an error (one rebuild at a time).
 */
final class RequestReprovision {
  private static final Logger log = LoggerFactory.getLogger(RequestReprovision.class);

  /** Who asked, in {@code search.reprovisioning.requested_by}. */
  static final String REQUESTED_BY = "reprovision-job";

  private RequestReprovision() {}

  static DataSource dataSource(Map<String, String> env) {
    String url = env.get("DATA_TASKS_DB_URL");
    if (url == null || url.isBlank()) {
      url = JobSettings.required(env, "SPRING_DATASOURCE_URL");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url.trim());
    ds.setUser(
        JobSettings.optional(
            env,
            "DATA_TASKS_DB_USER",
            JobSettings.optional(env, "SPRING_DATASOURCE_USERNAME", null)));
    ds.setPassword(
        JobSettings.optional(
            env,
            "DATA_TASKS_DB_PASSWORD",
            JobSettings.optional(env, "SPRING_DATASOURCE_PASSWORD", null)));
    ds.setConnectTimeout(5);
    return ds;
  }

  /** Returns the new request's id, or empty when a rebuild was asked for already. */
  static Optional<String> run(DataSource dataSource, Duration wait)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      try {
        Optional<String> id = ReprovisionRequests.request(dataSource, REQUESTED_BY);
        if (id.isPresent()) {
          log.info(
              "asked the data tasks to rebuild the search index (request {}); they log its progress",
              id.get());
        } else {
          log.info("a rebuild of the search index is already asked for or running; nothing to do");
        }
        return id;
      } catch (SQLException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        log.info(
            "waiting for the database (and the data service's migrations): {}", e.getMessage());
        Thread.sleep(5_000);
      }
    }
  }
}
