package io.renku.data.tasks;

import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrIndex;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains {@code search.outbox} into Solr, one batch per {@link #drainOnce()}, in one Postgres
 * transaction: take the due rows ({@code FOR UPDATE SKIP LOCKED}, so concurrent drainers take
 * different rows), collapse them per entity, read each entity's current state, write Solr, delete
 * the rows. When Solr fails, the rows stay and get {@code attempts + 1}, a short {@code last_error}
 * and a {@code next_attempt_at} with exponential backoff (1 s, 2 s, 4 s, ... at most a minute).
 *
 * <p>Solr writes are idempotent (upserts of the current state, deletes by id or path), so a batch
 * whose Solr writes went half through and whose rows stayed is simply written again.
 */
public final class OutboxDrainer {
  private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final int MAX_ERROR_LENGTH = 500;

  private final DataSource dataSource;
  private final SolrIndex index;
  private final EntityReader reader;
  private final Clock clock;
  private final int batchSize;

  public OutboxDrainer(
      DataSource dataSource, SolrIndex index, EntityReader reader, Clock clock, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.dataSource = dataSource;
    this.index = index;
    this.reader = reader;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * Handles one batch of due rows and returns how many rows it took: written to Solr and deleted,
   * or (when Solr failed) left with a later attempt time. 0 when nothing was due, or while a
   * reprovisioning holds the index lock.
   *
   * @throws SQLException when Postgres fails; the transaction rolls back and the rows stay as they
   *     were
   */
  public int drainOnce() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int taken = drain(c);
        c.commit();
        return taken;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private int drain(Connection c) throws SQLException {
    if (!sharedIndexLock(c)) {
      return 0;
    }
    Instant now = clock.instant();
    List<OutboxRow> rows = takeDue(c, now);
    if (rows.isEmpty()) {
      return 0;
    }
    try {
      write(c, rows);
    } catch (IOException e) {
      String error = shortError(e);
      log.warn("Search index write failed for {} outbox rows, will retry: {}", rows.size(), error);
      postpone(c, rows, now, error);
      return rows.size();
    }
    delete(c, rows);
    return rows.size();
  }

  private static boolean sharedIndexLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock_shared(?)")) {
      ps.setLong(1, IndexLock.KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private List<OutboxRow> takeDue(Connection c, Instant now) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, entity_type, entity_id, op, namespace_path FROM search.outbox"
                + " WHERE next_attempt_at <= ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setInt(2, batchSize);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new OutboxRow(
                  rs.getLong("id"),
                  OutboxEntity.fromColumn(rs.getString("entity_type")),
                  rs.getString("entity_id"),
                  "delete".equals(rs.getString("op")),
                  rs.getString("namespace_path")));
        }
      }
    }
    return rows;
  }

  /**
   * Collapses the rows and writes Solr: first the namespace deletes, then the entities. The op of a
   * row only matters for namespace paths; for each entity the current state decides (present:
   * upsert, absent: delete), so the entity writes come last and win over a path delete of the same
   * batch (a namespace deleted and a new one made under the same slug).
   */
  private void write(Connection c, List<OutboxRow> rows) throws SQLException, IOException {
    Set<String> namespacePaths = new LinkedHashSet<>();
    Map<OutboxEntity, Set<String>> ids = new EnumMap<>(OutboxEntity.class);
    for (OutboxRow r : rows) {
      if (r.delete() && r.namespacePath() != null && !r.namespacePath().isBlank()) {
        namespacePaths.add(r.namespacePath());
      }
      ids.computeIfAbsent(r.entity(), k -> new LinkedHashSet<>()).add(r.entityId());
    }
    // a group's or project's members are also in the documents of what lies under it
    reader
        .dependents(
            c,
            ids.getOrDefault(OutboxEntity.GROUP, Set.of()),
            ids.getOrDefault(OutboxEntity.PROJECT, Set.of()))
        .forEach(
            (kind, more) -> ids.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(more));
    Map<String, SearchDocument> upserts = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    for (Map.Entry<OutboxEntity, Set<String>> e : ids.entrySet()) {
      Map<String, SearchDocument> found = reader.load(c, e.getKey(), e.getValue());
      for (String id : e.getValue()) {
        SearchDocument d = found.get(id);
        if (d == null) {
          deletes.add(id);
        } else {
          upserts.put(id, d);
        }
      }
    }
    for (String path : namespacePaths) {
      index.deleteUnderNamespace(path);
    }
    index.delete(deletes);
    index.upsert(upserts.values());
  }

  private static void delete(Connection c, List<OutboxRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM search.outbox WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(OutboxRow::id).toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * Rows stay: one more attempt, the error, and the next try after 2^attempts s (at most 1 min).
   */
  private static void postpone(Connection c, List<OutboxRow> rows, Instant now, String error)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE search.outbox SET attempts = attempts + 1, last_error = ?,"
                + " next_attempt_at = CAST(? AS timestamptz) + least(? * interval '1 second',"
                + " power(2, least(attempts, 16)) * interval '1 second')"
                + " WHERE id = ANY(?)")) {
      ps.setString(1, error);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setLong(3, MAX_BACKOFF.toSeconds());
      ps.setArray(4, c.createArrayOf("bigint", rows.stream().map(OutboxRow::id).toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * The exception's messages down the cause chain, cut short: they name the operation and Solr's
   * answer; user information in a URL (a password for Solr) is dropped.
   */
  static String shortError(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < MAX_ERROR_LENGTH; t = t.getCause()) {
      if (!out.isEmpty()) {
        out.append(": ");
      }
      out.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        out.append(' ')
            .append(t.getMessage().replaceAll("\\s+", " ").replaceAll("://[^/@\\s]+@", "://"));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.length() > MAX_ERROR_LENGTH ? out.substring(0, MAX_ERROR_LENGTH) : out.toString();
  }
}
