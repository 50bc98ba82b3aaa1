package io.renku.authz.postgres;

import io.renku.authz.Authorizer;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipFilter;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.RenkuSchema;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps SpiceDB in step with {@code authz.relationships}.
 *
 * <p>{@link #flush()} takes the queued relationships under a Postgres advisory lock (so replicas
 * never interleave), looks up whether each one exists now, and TOUCHes or DELETEs it in SpiceDB
 * accordingly; only then are the queue rows removed. Because it applies current state rather than
 * replaying operations, a retry after a failure converges. It runs right after each committed
 * change (so callers read their own writes) and on a timer for anything a SpiceDB outage left
 * behind.
 *
 * <p>{@link #rebuildIfEmpty()} writes the schema and, when SpiceDB holds no Renku relationships (a
 * new or in-memory engine), copies the whole table into it.
 */
public class AuthzSync {
  private static final Logger log = LoggerFactory.getLogger(AuthzSync.class);
  private static final long LOCK_KEY = 0x52454e4b55L; // "RENKU"
  private static final int BATCH = 1000;
  private static final String PAGE_SQL =
      """
      SELECT resource_type, resource_id, relation, subject_type, subject_id, subject_relation
      FROM authz.relationships WHERE %s
      ORDER BY resource_type, resource_id, relation, subject_type, subject_id, subject_relation
      LIMIT ?""";

  private final JdbcClient jdbc;
  private final Authorizer authorizer;
  private final TransactionTemplate tx;

  public AuthzSync(
      JdbcClient jdbc, Authorizer authorizer, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.authorizer = authorizer;
    // Flushes run from after-commit callbacks of other transactions, so they always need their
    // own transaction rather than joining the one that just finished.
    this.tx = new TransactionTemplate(transactionManager);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Applies every queued relationship; returns how many queue rows were cleared. */
  public int flush() {
    int total = 0;
    while (true) {
      Integer done = tx.execute(s -> flushBatch());
      if (done == null || done == 0) {
        return total;
      }
      total += done;
    }
  }

  private int flushBatch() {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_KEY).query().singleRow();
    record Queued(long seq, Relationship rel, boolean present) {}
    List<Queued> queued =
        jdbc.sql(
                """
                SELECT p.seq, p.resource_type, p.resource_id, p.relation, p.subject_type,
                       p.subject_id, p.subject_relation,
                       EXISTS (SELECT 1 FROM authz.relationships r
                               WHERE r.resource_type = p.resource_type AND r.resource_id = p.resource_id
                                 AND r.relation = p.relation AND r.subject_type = p.subject_type
                                 AND r.subject_id = p.subject_id
                                 AND r.subject_relation = p.subject_relation) AS present
                FROM authz.pending p ORDER BY p.seq LIMIT ?""")
            .param(BATCH)
            .query(
                (rs, n) ->
                    new Queued(
                        rs.getLong("seq"), RelationshipStore.map(rs), rs.getBoolean("present")))
            .list();
    if (queued.isEmpty()) {
      return 0;
    }
    // The same relationship may be queued several times; its current state is what counts.
    var latest = new java.util.LinkedHashMap<Relationship, Boolean>();
    for (Queued q : queued) {
      latest.put(q.rel(), q.present());
    }
    List<RelationshipUpdate> updates = new ArrayList<>(latest.size());
    latest.forEach(
        (rel, present) ->
            updates.add(
                new RelationshipUpdate(
                    present
                        ? RelationshipUpdate.Operation.TOUCH
                        : RelationshipUpdate.Operation.DELETE,
                    rel)));
    authorizer.write(updates);
    // SpiceDB has changed: answers derived from it before now are stale (CheckCache).
    RelationshipStore.advanceGeneration(jdbc);
    long maxSeq = queued.getLast().seq();
    jdbc.sql("DELETE FROM authz.pending WHERE seq <= ?").param(maxSeq).update();
    return queued.size();
  }

  /**
   * Retries whatever an earlier flush could not apply (for example while SpiceDB was down); the
   * application calls it on a timer. Never throws.
   */
  public void retryPending() {
    try {
      int n = flush();
      if (n > 0) {
        log.info("Applied {} queued authorization changes to SpiceDB", n);
      }
    } catch (RuntimeException e) {
      log.warn("SpiceDB is not reachable; authorization changes stay queued: {}", e.getMessage());
    }
  }

  /** Called once at start. */
  public void rebuildIfEmpty() {
    authorizer.writeSchema(RenkuSchema.text());
    boolean empty =
        authorizer
            .readRelationships(
                new RelationshipFilter(
                    "platform", PlatformRelations.PLATFORM.id(), null, null, null))
            .isEmpty();
    if (!empty) {
      flush();
      return;
    }
    long started = System.nanoTime();
    long pendingBefore =
        jdbc.sql("SELECT coalesce(max(seq), 0) FROM authz.pending").query(Long.class).single();
    long copied = 0;
    Relationship last = null;
    // Copy in primary-key order, one page at a time (keyset paging on the primary key), so memory
    // stays flat and each page is an index range scan even with millions of rows.
    while (true) {
      var query =
          last == null
              ? jdbc.sql(PAGE_SQL.formatted("TRUE")).param(BATCH)
              : jdbc.sql(
                      PAGE_SQL.formatted(
                          "(resource_type, resource_id, relation, subject_type, subject_id,"
                              + " subject_relation) > (?, ?, ?, ?, ?, ?)"))
                  .params(RelationshipStore.key(last))
                  .param(7, BATCH);
      List<Relationship> page = query.query((rs, n) -> RelationshipStore.map(rs)).list();
      if (page.isEmpty()) {
        break;
      }
      authorizer.write(
          page.stream()
              .map(r -> new RelationshipUpdate(RelationshipUpdate.Operation.TOUCH, r))
              .toList());
      copied += page.size();
      last = page.getLast();
      if (copied % 100_000 == 0) {
        log.info("Rebuilding SpiceDB from Postgres: {} relationships copied", copied);
      }
    }
    // Queue rows from before the copy are covered by it; newer ones are left for flush().
    jdbc.sql("DELETE FROM authz.pending WHERE seq <= ?").param(pendingBefore).update();
    flush();
    RelationshipStore.advanceGeneration(jdbc);
    log.info(
        "SpiceDB was empty: copied {} relationships from Postgres in {} ms",
        copied,
        (System.nanoTime() - started) / 1_000_000);
  }
}
