package io.renku.data.deposit;

import io.renku.core.Page;
import io.renku.core.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code storage.deposits}; every read and write is limited to the given user's rows. */
@Repository
public class DepositRepository {
  private static final String COLUMNS =
      "id, user_id, data_connector_id, provider, status, original_id, name, path, job_name,"
          + " external_url, creation_date, updated_at";
  private static final String TOUCH =
      "updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')";

  /** A run's log keeps its last megabyte (one line per file, so a big deposit stays bounded). */
  static final int MAX_LOG_CHARS = 1 << 20;

  private final JdbcClient jdbc;

  public DepositRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's deposits, of one connector when {@code dataConnectorId} is set, newest first. */
  public Page<Deposit> list(String userId, String dataConnectorId, Paging paging) {
    String where =
        "WHERE user_id = ?" + (dataConnectorId == null ? "" : " AND data_connector_id = ?");
    Object[] params =
        dataConnectorId == null ? new Object[] {userId} : new Object[] {userId, dataConnectorId};
    long total =
        jdbc.sql("SELECT count(*) FROM storage.deposits " + where)
            .params(params)
            .query(Long.class)
            .single();
    var items =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM storage.deposits "
                    + where
                    + " ORDER BY id DESC LIMIT "
                    + paging.perPage()
                    + " OFFSET "
                    + paging.offset())
            .params(params)
            .query(DepositRepository::map)
            .list();
    return new Page<>(items, paging, total);
  }

  public Optional<Deposit> find(String userId, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM storage.deposits WHERE user_id = ? AND id = ?")
        .params(userId, id)
        .query(DepositRepository::map)
        .optional();
  }

  /** Only the upload run that owns the deposit ({@code jobName}) reads it for its work. */
  public Optional<Deposit> findForJob(String id, String jobName) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM storage.deposits WHERE id = ? AND job_name = ?")
        .params(id, jobName)
        .query(DepositRepository::map)
        .optional();
  }

  public boolean exists(String userId, String dataConnectorId) {
    return jdbc.sql(
                "SELECT count(*) FROM storage.deposits WHERE user_id = ? AND data_connector_id = ?")
            .params(userId, dataConnectorId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * The new deposit, or empty when the user has one for the connector (also one written meanwhile).
   */
  public Optional<Deposit> insert(Deposit d) {
    try {
      return Optional.of(
          jdbc.sql(
                  "INSERT INTO storage.deposits (id, user_id, data_connector_id, provider, status,"
                      + " original_id, name, path, job_name, external_url)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
                      + COLUMNS)
              .params(
                  d.id(),
                  d.userId(),
                  d.dataConnectorId(),
                  d.provider(),
                  d.status(),
                  d.originalId(),
                  d.name(),
                  d.path(),
                  d.jobName(),
                  d.externalUrl())
              .query(DepositRepository::map)
              .single());
    } catch (DuplicateKeyException e) {
      return Optional.empty();
    }
  }

  /** Name and path (null keeps the value). */
  public Optional<Deposit> update(String userId, String id, String name, String path) {
    return jdbc.sql(
            "UPDATE storage.deposits SET name = coalesce(?, name), path = coalesce(?, path), "
                + TOUCH
                + " WHERE user_id = ? AND id = ? RETURNING "
                + COLUMNS)
        .params(name, path, userId, id)
        .query(DepositRepository::map)
        .optional();
  }

  /** A new upload run: its name, in progress, an empty log. */
  public Optional<Deposit> restart(String userId, String id, String jobName) {
    return jdbc.sql(
            "UPDATE storage.deposits SET job_name = ?, status = 'in_progress', logs = '', "
                + TOUCH
                + " WHERE user_id = ? AND id = ? RETURNING "
                + COLUMNS)
        .params(jobName, userId, id)
        .query(DepositRepository::map)
        .optional();
  }

  /** The run's status; false when the run no longer owns the deposit (deleted or rerun). */
  public boolean setStatus(String id, String jobName, String status) {
    return jdbc.sql(
                "UPDATE storage.deposits SET status = ?, "
                    + TOUCH
                    + " WHERE id = ? AND job_name = ?")
            .params(status, id, jobName)
            .update()
        == 1;
  }

  /**
   * Appends a line to the run's log, keeping its end (nothing when the run no longer owns the
   * deposit).
   */
  public void appendLog(String id, String jobName, String line) {
    jdbc.sql(
            "UPDATE storage.deposits SET logs = right(logs || ?, "
                + MAX_LOG_CHARS
                + ") WHERE id = ? AND job_name = ?")
        .params(line + "\n", id, jobName)
        .update();
  }

  public String logs(String userId, String id) {
    return jdbc.sql("SELECT logs FROM storage.deposits WHERE user_id = ? AND id = ?")
        .params(userId, id)
        .query(String.class)
        .optional()
        .orElse("");
  }

  public boolean delete(String userId, String id) {
    return jdbc.sql("DELETE FROM storage.deposits WHERE user_id = ? AND id = ?")
            .params(userId, id)
            .update()
        == 1;
  }

  private static Deposit map(ResultSet rs, int n) throws SQLException {
    return new Deposit(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getObject(11, OffsetDateTime.class),
        rs.getObject(12, OffsetDateTime.class));
  }
}
