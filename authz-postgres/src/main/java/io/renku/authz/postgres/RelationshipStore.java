package io.renku.authz.postgres;

import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.RenkuSchema;
import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Postgres copy of every authorization relationship: the source of truth. Writes join the
 * caller's transaction, so a relationship exists exactly when the entity that needs it does; each
 * write also queues the relationship in {@code authz.pending} for {@link AuthzSync} to mirror into
 * SpiceDB after commit.
 */
public class RelationshipStore {
  private static final Object GENERATION_KEY = new Object();
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final JdbcClient jdbc;
  private final boolean queueForSpiceDb;
  private final PermissionSql readableSets = new PermissionSql(ZedSchema.parse(RenkuSchema.text()));

  /** A store that queues every change for SpiceDB. */
  public RelationshipStore(JdbcClient jdbc) {
    this(jdbc, true);
  }

  /**
   * @param queueForSpiceDb false when the authorizer evaluates this table itself, so there is
   *     nothing to mirror
   */
  public RelationshipStore(JdbcClient jdbc, boolean queueForSpiceDb) {
    this.jdbc = jdbc;
    this.queueForSpiceDb = queueForSpiceDb;
  }

  /**
   * The relationship generation: a sequence that advances after every change has reached the
   * authorizer, so that what was derived from relationships can be kept until it moves (listing,
   * decision 0007; check answers, {@link CheckCache}). A sequence is not transactional: every
   * reader sees the latest value at once.
   */
  public long generation() {
    return generation(jdbc);
  }

  /** {@link #generation()} for readers that hold no store. */
  public static long generation(JdbcClient jdbc) {
    return jdbc.sql("SELECT last_value FROM authz.generation").query(Long.class).single();
  }

  /** Advances the generation now (non-transactional: it takes effect at once). */
  static void advanceGeneration(JdbcClient jdbc) {
    jdbc.sql("SELECT nextval('authz.generation')").query(Long.class).single();
  }

  /**
   * Advances the generation once the current transaction has committed. Not before: a reader that
   * saw the new generation must also see the new relationships. The sequence is advanced on a
   * connection of its own, since the transaction's connection is finished by then.
   */
  private void advanceGenerationAfterCommit() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()
        || TransactionSynchronizationManager.hasResource(GENERATION_KEY)) {
      return;
    }
    TransactionSynchronizationManager.bindResource(GENERATION_KEY, Boolean.TRUE);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            try {
              // On the transaction's own connection, still bound here: nextval takes effect at
              // once whatever becomes of that connection's later work, and taking a second
              // connection for every write would starve the pool under load.
              advanceGeneration(jdbc);
            } catch (RuntimeException e) {
              // Caches keyed by generation then keep their entry until the next change.
              LoggerFactory.getLogger(RelationshipStore.class)
                  .warn("Could not advance the authorization generation: {}", e.getMessage());
            }
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(GENERATION_KEY);
          }
        });
  }

  /**
   * The resources of {@code type} on which {@code subject} has any of {@code names}, as SQL over
   * this table: the Renku schema's rule compiled by {@link PermissionSql}. The table holds what
   * SpiceDB holds (and, inside a transaction that changed it, that transaction's own changes), so
   * the answer is the engine's without a round trip to it.
   */
  public ResourceSet.Query readable(String type, Collection<String> names, SubjectRef subject) {
    return readableSets.readable(type, names, subject);
  }

  /** The ids in {@code set}, each once, in no particular order. */
  public List<String> ids(ResourceSet set) {
    if (set instanceof ResourceSet.Ids ids) {
      return ids.ids().stream().distinct().toList();
    }
    ResourceSet.Query q = set.asQuery();
    return jdbc.sql("SELECT DISTINCT id FROM (" + q.select() + ") AS s(id)")
        .params(q.params())
        .query(String.class)
        .list();
  }

  /**
   * The direct subjects of {@code resource} on {@code relations}: rows {@code (subject_type,
   * subject_id, relation)} without wildcards and usersets, as SQL for a repository to join with
   * (e.g. member lists with user names). Parameters are named {@code authz_...}.
   */
  public SubjectRows directSubjects(ObjectRef resource, Collection<String> relations) {
    if (relations.isEmpty()) {
      throw new IllegalArgumentException("at least one relation");
    }
    List<String> quoted = new ArrayList<>();
    for (String r : relations) {
      if (r == null || !NAME.matcher(r).matches()) {
        throw new IllegalArgumentException("invalid relation name: " + r);
      }
      quoted.add("'" + r + "'");
    }
    return new SubjectRows(
        """
        SELECT subject_type, subject_id, relation FROM authz.relationships
        WHERE resource_type = :authz_resource_type AND resource_id = :authz_resource_id
          AND relation IN (%s) AND subject_id <> '*' AND subject_relation = ''"""
            .formatted(String.join(", ", quoted)),
        Map.of("authz_resource_type", resource.type(), "authz_resource_id", resource.id()));
  }

  /** {@link #directSubjects} read now, ordered by subject type, subject id and relation. */
  public List<Relationship> readDirectSubjects(ObjectRef resource, Collection<String> relations) {
    SubjectRows rows = directSubjects(resource, relations);
    return jdbc.sql(rows.select() + " ORDER BY subject_type, subject_id, relation")
        .params(rows.params())
        .query(
            (rs, n) ->
                new Relationship(
                    resource,
                    rs.getString("relation"),
                    new SubjectRef(rs.getString("subject_type"), rs.getString("subject_id"), null)))
        .list();
  }

  /** A {@code SELECT} of {@code subject_type, subject_id, relation} rows with named parameters. */
  public record SubjectRows(String select, Map<String, Object> params) {
    public SubjectRows {
      params = Map.copyOf(params);
    }
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void apply(List<RelationshipUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    advanceGenerationAfterCommit();
    // Three statements whatever the number of updates: later updates of the same relationship
    // win, as they would if applied one by one.
    var latest = new java.util.LinkedHashMap<Relationship, RelationshipUpdate.Operation>();
    for (RelationshipUpdate u : updates) {
      latest.remove(u.relationship());
      latest.put(u.relationship(), u.operation());
    }
    List<Relationship> touched = new ArrayList<>();
    List<Relationship> deleted = new ArrayList<>();
    latest.forEach(
        (r, op) -> (op == RelationshipUpdate.Operation.TOUCH ? touched : deleted).add(r));
    if (!deleted.isEmpty()) {
      jdbc.sql(
              """
              DELETE FROM authz.relationships r USING (%s) AS d
              WHERE (r.resource_type, r.resource_id, r.relation, r.subject_type, r.subject_id,
                     r.subject_relation)
                  = (d.resource_type, d.resource_id, d.relation, d.subject_type, d.subject_id,
                     d.subject_relation)"""
                  .formatted(UNNEST))
          .params(columns(deleted))
          .update();
    }
    if (!touched.isEmpty()) {
      jdbc.sql(
              "INSERT INTO authz.relationships (%s) SELECT * FROM (%s) AS t ON CONFLICT DO NOTHING"
                  .formatted(COLUMNS, UNNEST))
          .params(columns(touched))
          .update();
    }
    if (!queueForSpiceDb) {
      return;
    }
    List<Relationship> all = new ArrayList<>(latest.keySet());
    jdbc.sql("INSERT INTO authz.pending (%s) SELECT * FROM (%s) AS t".formatted(COLUMNS, UNNEST))
        .params(columns(all))
        .update();
  }

  private static final String COLUMNS =
      "resource_type, resource_id, relation, subject_type, subject_id, subject_relation";

  /** Six parallel arrays as rows, one array per primary-key column. */
  private static final String UNNEST =
      "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " AS u(resource_type, resource_id, relation, subject_type, subject_id,"
          + " subject_relation)";

  private static Object[] columns(List<Relationship> rels) {
    String[][] cols = new String[6][rels.size()];
    for (int i = 0; i < rels.size(); i++) {
      Object[] key = key(rels.get(i));
      for (int c = 0; c < 6; c++) {
        cols[c][i] = (String) key[c];
      }
    }
    return cols;
  }

  /**
   * Removes every relationship in which {@code object} is the resource or the subject (a deleted
   * project is also the namespace of its data connectors) and queues the removals.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void removeAllOf(ObjectRef object) {
    advanceGenerationAfterCommit();
    if (!queueForSpiceDb) {
      jdbc.sql(
              """
              DELETE FROM authz.relationships
              WHERE (resource_type = :t AND resource_id = :id) OR (subject_type = :t AND subject_id = :id)""")
          .param("t", object.type())
          .param("id", object.id())
          .update();
      return;
    }
    jdbc.sql(
            """
            WITH gone AS (
              DELETE FROM authz.relationships
              WHERE (resource_type = :t AND resource_id = :id) OR (subject_type = :t AND subject_id = :id)
              RETURNING resource_type, resource_id, relation, subject_type, subject_id, subject_relation)
            INSERT INTO authz.pending
              (resource_type, resource_id, relation, subject_type, subject_id, subject_relation)
            SELECT resource_type, resource_id, relation, subject_type, subject_id, subject_relation FROM gone""")
        .param("t", object.type())
        .param("id", object.id())
        .update();
  }

  /** The primary-key columns of a relationship, in table order. */
  static Object[] key(Relationship r) {
    return new Object[] {
      r.resource().type(),
      r.resource().id(),
      r.relation(),
      r.subject().type(),
      r.subject().id(),
      subjectRelation(r.subject())
    };
  }

  static String subjectRelation(SubjectRef subject) {
    return subject.optionalRelation() == null ? "" : subject.optionalRelation();
  }

  static Relationship map(java.sql.ResultSet rs) throws SQLException {
    String subjectRelation = rs.getString("subject_relation");
    return new Relationship(
        new ObjectRef(rs.getString("resource_type"), rs.getString("resource_id")),
        rs.getString("relation"),
        new SubjectRef(
            rs.getString("subject_type"),
            rs.getString("subject_id"),
            subjectRelation.isEmpty() ? null : subjectRelation));
  }
}
