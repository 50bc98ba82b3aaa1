package io.renku.data.authz;

import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.SubjectRef;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Postgres copy of every authorization relationship: the source of truth. Writes join the
 * caller's transaction, so a relationship exists exactly when the entity that needs it does; each
 * write also queues the relationship in {@code authz.pending} for {@link AuthzSync} to mirror into
 * SpiceDB after commit.
 */
@Repository
public class RelationshipStore {
  private final JdbcClient jdbc;

  public RelationshipStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void apply(List<RelationshipUpdate> updates) {
    for (RelationshipUpdate u : updates) {
      Object[] key = key(u.relationship());
      if (u.operation() == RelationshipUpdate.Operation.TOUCH) {
        jdbc.sql(
                """
                INSERT INTO authz.relationships
                  (resource_type, resource_id, relation, subject_type, subject_id, subject_relation)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
            .params(key)
            .update();
      } else {
        jdbc.sql(
                """
                DELETE FROM authz.relationships WHERE resource_type = ? AND resource_id = ?
                  AND relation = ? AND subject_type = ? AND subject_id = ? AND subject_relation = ?""")
            .params(key)
            .update();
      }
      jdbc.sql(
              """
              INSERT INTO authz.pending
                (resource_type, resource_id, relation, subject_type, subject_id, subject_relation)
              VALUES (?, ?, ?, ?, ?, ?)""")
          .params(key)
          .update();
    }
  }

  /**
   * Removes every relationship in which {@code object} is the resource or the subject (a deleted
   * project is also the namespace of its data connectors) and queues the removals.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void removeAllOf(ObjectRef object) {
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

  /** Relationships of one resource, optionally narrowed to one relation. */
  public List<Relationship> forResource(ObjectRef resource) {
    return jdbc.sql(
            """
            SELECT resource_type, resource_id, relation, subject_type, subject_id, subject_relation
            FROM authz.relationships WHERE resource_type = ? AND resource_id = ?""")
        .params(resource.type(), resource.id())
        .query((rs, n) -> map(rs))
        .list();
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

  static Relationship map(java.sql.ResultSet rs) throws java.sql.SQLException {
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
