package io.renku.data.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code notifications.alerts}. The partial unique index {@code alerts_one_active} keeps
 * one active alert per user, event type and session, so that inserts that race end in one row.
 */
@Repository
public class AlertRepository {
  private static final String COLUMNS =
      "id, title, message, event_type, user_id, session_name, creation_date, resolved_date";

  /**
   * The expressions of the unique index: the event type's digest (free text of any length; a btree
   * entry has a size limit), and a missing session counts as one session.
   */
  private static final String ACTIVE_KEY =
      "(user_id, (md5(event_type)), (coalesce(session_name, ''))) WHERE resolved_date IS NULL";

  private final JdbcClient jdbc;

  public AlertRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's unresolved alerts, optionally only those about one session, newest first. */
  public List<Alert> active(String userId, String sessionName) {
    var spec =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM notifications.alerts WHERE user_id = :u AND resolved_date IS NULL"
                    + (sessionName == null ? "" : " AND session_name = :s")
                    + " ORDER BY id DESC")
            .param("u", userId);
    if (sessionName != null) {
      spec = spec.param("s", sessionName);
    }
    return spec.query(AlertRepository::map).list();
  }

  public Optional<Alert> get(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM notifications.alerts WHERE id = :id")
        .param("id", id)
        .query(AlertRepository::map)
        .optional();
  }

  /**
   * Inserts a new alert; empty when an active alert with the same user, event type and session
   * exists already (nothing written).
   */
  public Optional<Alert> insertUnlessActive(String id, Alert.Draft d) {
    return jdbc.sql(
            "INSERT INTO notifications.alerts"
                + " (id, title, message, event_type, user_id, session_name)"
                + " VALUES (:id, :t, :m, :e, :u, :s)"
                + " ON CONFLICT "
                + ACTIVE_KEY
                + " DO NOTHING RETURNING "
                + COLUMNS)
        .param("id", id)
        .params(draftParams(d))
        .query(AlertRepository::map)
        .optional();
  }

  /**
   * Inserts a new alert or, when one is active for the same user, event type and session, writes
   * the new title and message into it, in one statement. Empty when the user does not exist.
   */
  public Optional<Alert> upsertActive(String id, Alert.Draft d) {
    return jdbc.sql(
            "INSERT INTO notifications.alerts"
                + " (id, title, message, event_type, user_id, session_name)"
                + " SELECT CAST(:id AS varchar), CAST(:t AS text), CAST(:m AS text),"
                + " CAST(:e AS text), CAST(:u AS varchar), CAST(:s AS varchar)"
                + " WHERE EXISTS (SELECT 1 FROM users.users WHERE id = :u)"
                + " ON CONFLICT "
                + ACTIVE_KEY
                + " DO UPDATE SET title = excluded.title, message = excluded.message RETURNING "
                + COLUMNS)
        .param("id", id)
        .params(draftParams(d))
        .query(AlertRepository::map)
        .optional();
  }

  /** Marks one alert resolved now, unless it already is (its first resolution date stays). */
  public Optional<Alert> resolve(String id) {
    return jdbc.sql(
            "UPDATE notifications.alerts SET resolved_date = coalesce(resolved_date, now())"
                + " WHERE id = :id RETURNING "
                + COLUMNS)
        .param("id", id)
        .query(AlertRepository::map)
        .optional();
  }

  /**
   * Resolves the user's active alerts about this session with exactly this title and message (how
   * the original matches a resolved alert of the webhook); how many were resolved.
   */
  public int resolveMatching(String userId, String sessionName, String title, String message) {
    return jdbc.sql(
            "UPDATE notifications.alerts SET resolved_date = now()"
                + " WHERE user_id = :u AND session_name IS NOT DISTINCT FROM :s"
                + " AND title = :t AND message = :m AND resolved_date IS NULL")
        .param("u", userId)
        .param("s", sessionName)
        .param("t", title)
        .param("m", message)
        .update();
  }

  private static java.util.Map<String, Object> draftParams(Alert.Draft d) {
    var p = new java.util.HashMap<String, Object>();
    p.put("t", d.title());
    p.put("m", d.message());
    p.put("e", d.eventType());
    p.put("u", d.userId());
    p.put("s", d.sessionName());
    return p;
  }

  private static Alert map(ResultSet rs, int n) throws SQLException {
    return new Alert(
        rs.getString("id"),
        rs.getString("title"),
        rs.getString("message"),
        rs.getString("event_type"),
        rs.getString("user_id"),
        rs.getString("session_name"),
        rs.getObject("creation_date", OffsetDateTime.class),
        rs.getObject("resolved_date", OffsetDateTime.class));
  }
}
