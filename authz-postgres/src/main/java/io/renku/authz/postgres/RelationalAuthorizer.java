package io.renku.authz.postgres;

import io.renku.authz.Authorizer;
import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipFilter;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An {@link Authorizer} that evaluates the schema itself over {@code authz.relationships}: the
 * Postgres table that already holds every relationship (decision 0001). It interprets the same
 * {@code .zed} text SpiceDB runs ({@link ZedSchema}) and passes the same contract suite.
 *
 * <p>A check visits each object at most once and reads, per object, only the rows that can matter:
 * the caller's own and wildcard rows, usersets, and the relations used by arrows, in one indexed
 * query. Failure modes: {@link IllegalArgumentException} for names the schema does not define or
 * relationships it does not allow; Spring's {@code DataAccessException} when Postgres is
 * unreachable.
 */
public final class RelationalAuthorizer implements Authorizer {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_DEPTH = 50;
  private static final String WILDCARD = "*";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private volatile ZedSchema schema;
  private volatile PermissionSql sql;

  public RelationalAuthorizer(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.schema =
        jdbc.sql("SELECT text FROM authz.schema WHERE id = 1")
            .query(String.class)
            .optional()
            .map(ZedSchema::parse)
            .orElse(null);
    this.sql = schema == null ? null : new PermissionSql(schema);
  }

  @Override
  public boolean check(SubjectRef subject, ObjectRef resource, String permission) {
    ZedSchema s = requireSchema();
    requireCheckable(s, subject, resource.type(), permission);
    return new Evaluation(s, subject).check(resource, permission, 0);
  }

  @Override
  public Map<ObjectRef, Boolean> checkBulk(
      SubjectRef subject, Collection<ObjectRef> resources, String permission) {
    ZedSchema s = requireSchema();
    Map<ObjectRef, Boolean> out = new LinkedHashMap<>();
    Evaluation evaluation = new Evaluation(s, subject);
    for (ObjectRef r : resources) {
      requireCheckable(s, subject, r.type(), permission);
      out.put(r, evaluation.check(r, permission, 0));
    }
    return out;
  }

  /**
   * Walks the relationships backwards from the subject (and its type's wildcard) to every object
   * that could grant it something, then checks each object of the requested type.
   */
  @Override
  public List<String> lookupResources(String resourceType, String permission, SubjectRef subject) {
    ZedSchema s = requireSchema();
    requireCheckable(s, subject, resourceType, permission);
    Set<ObjectRef> seen = new HashSet<>();
    // (type, id) pairs; the first step also starts from the wildcard of the subject's type.
    List<String[]> frontier = new ArrayList<>();
    frontier.add(new String[] {subject.type(), subject.id()});
    frontier.add(new String[] {subject.type(), WILDCARD});
    Set<ObjectRef> candidates = new LinkedHashSet<>();
    for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
      List<ObjectRef> reached =
          jdbc.sql(
                  """
                  SELECT DISTINCT r.resource_type, r.resource_id FROM authz.relationships r
                  JOIN unnest(?::text[], ?::text[]) AS f(t, i)
                    ON r.subject_type = f.t AND r.subject_id = f.i""")
              .params(
                  frontier.stream().map(f -> f[0]).toArray(String[]::new),
                  frontier.stream().map(f -> f[1]).toArray(String[]::new))
              .query((rs, n) -> ObjectRef.of(rs.getString(1), rs.getString(2)))
              .list();
      frontier = new ArrayList<>();
      for (ObjectRef o : reached) {
        if (seen.add(o)) {
          frontier.add(new String[] {o.type(), o.id()});
          if (o.type().equals(resourceType)) {
            candidates.add(o);
          }
        }
      }
    }
    Evaluation evaluation = new Evaluation(s, subject);
    List<String> ids = new ArrayList<>();
    for (ObjectRef c : candidates) {
      if (evaluation.check(c, permission, 0)) {
        ids.add(c.id());
      }
    }
    return ids;
  }

  /**
   * The schema's rule compiled to SQL over the table ({@link PermissionSql}); a permission that
   * refers to itself, which SQL without recursion cannot follow, falls back to {@link
   * #lookupResources}.
   */
  @Override
  public ResourceSet readableSet(String resourceType, String permission, SubjectRef subject) {
    ZedSchema s = requireSchema();
    requireCheckable(s, subject, resourceType, permission);
    PermissionSql compiler = sql;
    if (compiler == null || compiler.schema() != s) {
      compiler = new PermissionSql(s);
    }
    try {
      return compiler.readable(resourceType, List.of(permission), subject);
    } catch (UnsupportedOperationException recursive) {
      return new ResourceSet.Ids(lookupResources(resourceType, permission, subject));
    }
  }

  @Override
  public List<Relationship> readRelationships(RelationshipFilter filter) {
    Where w = where(filter);
    return jdbc.sql(
            "SELECT resource_type, resource_id, relation, subject_type, subject_id, subject_relation"
                + " FROM authz.relationships WHERE "
                + w.sql()
                + " ORDER BY resource_type, resource_id, relation, subject_type, subject_id,"
                + " subject_relation")
        .params(w.params())
        .query(
            (rs, n) ->
                Relationship.of(
                    ObjectRef.of(rs.getString(1), rs.getString(2)),
                    rs.getString(3),
                    new SubjectRef(rs.getString(4), rs.getString(5), emptyToNull(rs.getString(6)))))
        .list();
  }

  @Override
  public void write(List<RelationshipUpdate> updates) {
    ZedSchema s = requireSchema();
    Map<Relationship, RelationshipUpdate.Operation> ops = new HashMap<>();
    for (RelationshipUpdate u : updates) {
      validate(s, u.relationship());
      var previous = ops.put(u.relationship(), u.operation());
      if (previous != null && previous != u.operation()) {
        throw new IllegalArgumentException(
            "the same relationship is touched and deleted in one write: " + u.relationship());
      }
    }
    tx.executeWithoutResult(
        status -> {
          for (var e : ops.entrySet()) {
            Relationship r = e.getKey();
            Object[] key = {
              r.resource().type(),
              r.resource().id(),
              r.relation(),
              r.subject().type(),
              r.subject().id(),
              r.subject().optionalRelation() == null ? "" : r.subject().optionalRelation()
            };
            jdbc.sql(
                    e.getValue() == RelationshipUpdate.Operation.TOUCH
                        ? "INSERT INTO authz.relationships (resource_type, resource_id, relation,"
                            + " subject_type, subject_id, subject_relation) VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT DO NOTHING"
                        : "DELETE FROM authz.relationships WHERE resource_type = ? AND resource_id = ?"
                            + " AND relation = ? AND subject_type = ? AND subject_id = ?"
                            + " AND subject_relation = ?")
                .params(key)
                .update();
          }
        });
  }

  @Override
  public void deleteAll(RelationshipFilter filter) {
    Where w = where(filter);
    jdbc.sql("DELETE FROM authz.relationships WHERE " + w.sql()).params(w.params()).update();
  }

  @Override
  public void writeSchema(String text) {
    ZedSchema parsed = ZedSchema.parse(text);
    jdbc.sql(
            """
            INSERT INTO authz.schema (id, text) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET text = excluded.text, updated_at = now()""")
        .param(text)
        .update();
    sql = new PermissionSql(parsed);
    schema = parsed;
  }

  @Override
  public String readSchema() {
    ZedSchema s = schema;
    return s == null ? "" : s.text();
  }

  private ZedSchema requireSchema() {
    ZedSchema s = schema;
    if (s == null) {
      throw new IllegalArgumentException("no schema has been written");
    }
    return s;
  }

  private static void requireCheckable(
      ZedSchema s, SubjectRef subject, String type, String permission) {
    if (subject.isWildcard()) {
      throw new IllegalArgumentException("a wildcard cannot be the subject of a check");
    }
    if (permission == null || !NAME.matcher(permission).matches()) {
      throw new IllegalArgumentException("invalid permission name: " + permission);
    }
    if (!s.definition(type).hasRelationOrPermission(permission)) {
      throw new IllegalArgumentException(type + " has no relation or permission " + permission);
    }
    s.definition(subject.type());
  }

  private static void validate(ZedSchema s, Relationship r) {
    ZedSchema.Definition d = s.definition(r.resource().type());
    List<ZedSchema.SubjectType> allowed = d.relations().get(r.relation());
    if (allowed == null) {
      throw new IllegalArgumentException(
          r.resource().type() + " has no relation " + r.relation() + " (permissions are computed)");
    }
    SubjectRef sub = r.subject();
    boolean ok =
        allowed.stream()
            .anyMatch(
                t ->
                    t.type().equals(sub.type())
                        && (sub.isWildcard()
                            ? t.wildcard()
                            : !t.wildcard()
                                && java.util.Objects.equals(t.relation(), sub.optionalRelation())));
    if (!ok) {
      throw new IllegalArgumentException(
          "subjects of type "
              + sub
              + " are not allowed on "
              + r.resource().type()
              + "#"
              + r.relation());
    }
  }

  private record Where(String sql, Object[] params) {}

  private static Where where(RelationshipFilter f) {
    List<String> parts = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    parts.add("resource_type = ?");
    params.add(f.resourceType());
    if (f.optionalResourceId() != null) {
      parts.add("resource_id = ?");
      params.add(f.optionalResourceId());
    }
    if (f.optionalRelation() != null) {
      parts.add("relation = ?");
      params.add(f.optionalRelation());
    }
    if (f.optionalSubjectType() != null) {
      parts.add("subject_type = ?");
      params.add(f.optionalSubjectType());
    }
    if (f.optionalSubjectId() != null) {
      parts.add("subject_id = ?");
      params.add(f.optionalSubjectId());
    }
    return new Where(String.join(" AND ", parts), params.toArray());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** One row as a check needs it. */
  private record Row(
      String relation, String subjectType, String subjectId, String subjectRelation) {}

  /** The rows already read during one check (or bulk check), per object. */
  private final class Evaluation {
    private final ZedSchema schema;
    private final SubjectRef subject;
    private final Map<ObjectRef, Map<String, List<Row>>> rows = new HashMap<>();

    Evaluation(ZedSchema schema, SubjectRef subject) {
      this.schema = schema;
      this.subject = subject;
    }

    boolean check(ObjectRef object, String name, int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("the schema recurses deeper than " + MAX_DEPTH);
      }
      ZedSchema.Definition d = schema.definitions().get(object.type());
      if (d == null) {
        return false;
      }
      if (d.relations().containsKey(name)) {
        for (Row r : rowsOf(object, d).getOrDefault(name, List.of())) {
          if (r.subjectRelation().isEmpty()) {
            if (r.subjectType().equals(subject.type())
                && (r.subjectId().equals(WILDCARD) || r.subjectId().equals(subject.id()))
                && subject.optionalRelation() == null) {
              return true;
            }
          } else if (r.subjectType().equals(subject.type())
              && r.subjectId().equals(subject.id())
              && r.subjectRelation().equals(subject.optionalRelation())) {
            return true;
          } else if (check(
              ObjectRef.of(r.subjectType(), r.subjectId()), r.subjectRelation(), depth + 1)) {
            return true;
          }
        }
        return false;
      }
      ZedSchema.Expr e = d.permissions().get(name);
      return e != null && eval(object, d, e, depth);
    }

    private boolean eval(ObjectRef object, ZedSchema.Definition d, ZedSchema.Expr e, int depth) {
      return switch (e) {
        case ZedSchema.Ref r -> check(object, r.name(), depth + 1);
        case ZedSchema.Arrow a -> {
          for (Row r : rowsOf(object, d).getOrDefault(a.tupleset(), List.of())) {
            if (r.subjectRelation().isEmpty()
                && !r.subjectId().equals(WILDCARD)
                && check(ObjectRef.of(r.subjectType(), r.subjectId()), a.target(), depth + 1)) {
              yield true;
            }
          }
          yield false;
        }
        case ZedSchema.Union u ->
            eval(object, d, u.left(), depth) || eval(object, d, u.right(), depth);
        case ZedSchema.Exclusion x ->
            eval(object, d, x.left(), depth) && !eval(object, d, x.right(), depth);
      };
    }

    /** Rows of {@code object} that can matter for this subject, read once. */
    private Map<String, List<Row>> rowsOf(ObjectRef object, ZedSchema.Definition d) {
      Map<String, List<Row>> cached = rows.get(object);
      if (cached != null) {
        return cached;
      }
      Map<String, List<Row>> byRelation = new HashMap<>();
      jdbc.sql(
              """
              SELECT relation, subject_type, subject_id, subject_relation FROM authz.relationships
              WHERE resource_type = ? AND resource_id = ?
                AND (subject_relation <> ''
                     OR (subject_type = ? AND subject_id IN (?, '*'))
                     OR relation = ANY(?::text[]))""")
          .params(
              object.type(),
              object.id(),
              subject.type(),
              subject.id(),
              d.arrowRelations().toArray(String[]::new))
          .query(
              (rs, n) ->
                  new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
          .list()
          .forEach(r -> byRelation.computeIfAbsent(r.relation(), k -> new ArrayList<>()).add(r));
      rows.put(object, byRelation);
      return byRelation;
    }
  }
}
