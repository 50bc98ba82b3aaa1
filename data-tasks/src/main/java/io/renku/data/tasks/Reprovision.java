package io.renku.data.tasks;

import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrFields;
import io.renku.search.solr.SolrIndex;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the search index from Postgres while readers keep getting answers: every user, group,
 * project and data connector is upserted into the same core, page by page in id order, and then
 * every entity document whose id was not written in this run is deleted (a sweep over the core's
 * ids with a cursor). Nothing is emptied first, so a search during the run finds the old or the new
 * document, never none.
 *
 * <p>The run holds {@link IndexLock} exclusively, so the outbox drainers pause (their rows wait and
 * are drained afterwards from the then current state): without that a drainer could write a newer
 * document that the run then overwrites with the older state it read, or the sweep could delete a
 * document of an entity created during the run. The ids seen are kept in memory (about 100 bytes
 * each: some 100 MB for a million entities).
 *
 * <p>{@link #run(PageCheck)} asks after each page whether to go on ({@link ReprovisionRequests}: is
 * the request still there, is the application stopping); a stopped run commits what it wrote and
 * skips the sweep, since the ids it has not reached yet are not stale.
 */
public final class Reprovision {
  private static final Logger log = LoggerFactory.getLogger(Reprovision.class);

  private final DataSource dataSource;
  private final SolrIndex index;
  private final EntityReader reader;
  private final int pageSize;

  public Reprovision(DataSource dataSource, SolrIndex index, EntityReader reader, int pageSize) {
    this.dataSource = dataSource;
    this.index = index;
    this.reader = reader;
    this.pageSize = pageSize;
  }

  /**
   * What a run did: documents written per kind, stale documents removed, and whether it was
   * cancelled (then after a page, without the sweep: what it wrote stays, nothing was removed).
   */
  public record Result(Map<OutboxEntity, Integer> written, int removed, boolean cancelled) {
    public Result(Map<OutboxEntity, Integer> written, int removed) {
      this(written, removed, false);
    }

    public int total() {
      return written.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Called after each page written, with the documents written so far in this run; returning false
   * stops the run there (a cancelled request, a stopping application).
   */
  @FunctionalInterface
  public interface PageCheck {
    boolean proceed(long documentsSoFar) throws SQLException;
  }

  public Result run() throws SQLException, IOException {
    return run(documents -> true);
  }

  /** A run that asks {@code check} after each page whether to go on. */
  public Result run(PageCheck check) throws SQLException, IOException {
    try (Connection lock = dataSource.getConnection()) {
      exclusiveLock(lock, true);
      try {
        return rebuild(check);
      } finally {
        exclusiveLock(lock, false);
      }
    }
  }

  private Result rebuild(PageCheck check) throws SQLException, IOException {
    long start = System.nanoTime();
    Set<String> seen = new HashSet<>();
    Map<OutboxEntity, Integer> written = new EnumMap<>(OutboxEntity.class);
    long total = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setReadOnly(true);
      for (OutboxEntity kind : OutboxEntity.values()) {
        int count = 0;
        String after = "";
        while (true) {
          List<SearchDocument> page = reader.page(c, kind, after, pageSize);
          if (page.isEmpty()) {
            break;
          }
          index.upsert(page);
          page.forEach(d -> seen.add(d.id()));
          count += page.size();
          total += page.size();
          after = page.getLast().id();
          if (!check.proceed(total)) {
            // what was written stays (readers see it once committed); no sweep: the ids not yet
            // written are not stale
            written.put(kind, count);
            index.commit();
            log.info(
                "Search index reprovisioning stopped after {} documents in {} ms",
                total,
                (System.nanoTime() - start) / 1_000_000);
            return new Result(written, 0, true);
          }
        }
        written.put(kind, count);
      }
    }
    int removed = sweep(seen);
    index.commit();
    Result result = new Result(written, removed);
    log.info(
        "Search index reprovisioned: {} documents written, {} stale removed in {} ms",
        result.total(),
        removed,
        (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  /** Deletes the entity documents whose ids this run did not write. */
  private int sweep(Set<String> seen) throws IOException {
    int removed = 0;
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery q = new SolrQuery("*:*");
      q.addFilterQuery(SolrFields.TYPE + ":*");
      q.setFields(SolrFields.ID);
      q.setRows(1000);
      q.setSort(SolrFields.ID, SolrQuery.ORDER.asc);
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse response;
      try {
        response = index.client().query(q);
      } catch (SolrServerException | RuntimeException e) {
        throw new IOException("cannot list the search documents", e);
      }
      List<String> stale = new ArrayList<>();
      for (SolrDocument d : response.getResults()) {
        String id = (String) d.getFirstValue(SolrFields.ID);
        if (!seen.contains(id)) {
          stale.add(id);
        }
      }
      index.delete(stale);
      removed += stale.size();
      String next = response.getNextCursorMark();
      if (next == null || next.equals(cursor)) {
        return removed;
      }
      cursor = next;
    }
  }

  private static void exclusiveLock(Connection c, boolean take) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(take ? "SELECT pg_advisory_lock(?)" : "SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, IndexLock.KEY);
      ps.execute();
    }
  }
}
