package io.renku.authz.postgres;

import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Compiles a permission of a {@link ZedSchema} into one SQL {@code SELECT} over {@code
 * authz.relationships}: the ids of the resources of a type on which a subject has it. This is the
 * only place that turns the schema's rules into SQL, so a repository that needs "the projects this
 * user can read" joins with what comes out of here instead of writing the rule by hand.
 *
 * <p>Each relation becomes a lookup by subject (the index {@code relationships_subject_exact_idx});
 * an arrow {@code r->p} becomes the rows of {@code r} whose subject is in the compiled set of
 * {@code p}; {@code +} becomes {@code UNION ALL} and {@code -} becomes {@code EXCEPT}. Direct
 * relations of one type are asked together ({@code relation IN (...)}), and arrows through the same
 * relation share one subquery, so {@code project#read_children} is a handful of index lookups.
 *
 * <p>Names in the SQL are schema identifiers (checked against {@code [a-z][a-z0-9_]*}); the
 * subject's id is the one parameter, {@code :authz_subject}. Compiled text is kept per type, names
 * and subject type, so the same statement text is reused and Postgres can keep its plan.
 *
 * <p>Failure modes: {@link IllegalArgumentException} for an unknown type or name, a wildcard
 * subject or a subject with a relation; {@link UnsupportedOperationException} for a permission
 * whose definition refers to itself through other definitions (the Renku schema has none; callers
 * fall back to the engine's lookup).
 */
public final class PermissionSql {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final String PARAM = ResourceSet.Query.PREFIX + "subject";

  private final ZedSchema schema;
  private final Map<String, String> compiled = new ConcurrentHashMap<>();

  public PermissionSql(ZedSchema schema) {
    this.schema = schema;
  }

  public ZedSchema schema() {
    return schema;
  }

  /**
   * The resources of {@code type} on which {@code subject} has any of {@code names} (permissions or
   * relations of {@code type}).
   */
  public ResourceSet.Query readable(String type, Collection<String> names, SubjectRef subject) {
    if (subject.isWildcard() || subject.optionalRelation() != null) {
      throw new IllegalArgumentException(
          "a readable set needs a concrete subject without a relation, not " + subject);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a readable set needs at least one permission");
    }
    ZedSchema.Definition d = schema.definition(type);
    for (String n : names) {
      if (n == null || !NAME.matcher(n).matches() || !d.hasRelationOrPermission(n)) {
        throw new IllegalArgumentException(type + " has no relation or permission " + n);
      }
    }
    schema.definition(subject.type());
    List<String> sorted = List.copyOf(new TreeSet<>(names));
    String key = type + "#" + String.join(",", sorted) + "@" + subject.type();
    String sql = compiled.get(key);
    if (sql == null) {
      Compiler c = new Compiler(subject.type());
      List<Node> parts = new ArrayList<>();
      for (String n : sorted) {
        parts.add(c.name(type, n));
      }
      sql = render(union(parts));
      compiled.put(key, sql);
    }
    return new ResourceSet.Query(sql, Map.of(PARAM, subject.id()));
  }

  // ---- the set algebra the schema compiles into ----

  private sealed interface Node {}

  private record Empty() implements Node {}

  /** Rows of {@code type} with one of {@code relations} whose subject is the caller (or all). */
  private record Direct(
      String type, Set<String> relations, String subjectType, boolean id, boolean wildcard)
      implements Node {}

  /**
   * Rows of {@code type#relation} whose subject {@code subjectType[#subjectRelation]} is in {@code
   * inner}.
   */
  private record Via(
      String type, String relation, String subjectType, String subjectRelation, Node inner)
      implements Node {}

  private record Union(List<Node> parts) implements Node {}

  private record Except(Node left, Node right) implements Node {}

  private final class Compiler {
    private final String subjectType;
    private final Set<String> visiting = new HashSet<>();

    Compiler(String subjectType) {
      this.subjectType = subjectType;
    }

    Node name(String type, String name) {
      String at = type + "#" + name;
      if (!visiting.add(at)) {
        throw new UnsupportedOperationException(
            at + " refers to itself; it cannot be compiled to SQL");
      }
      try {
        ZedSchema.Definition d = schema.definitions().get(type);
        if (d == null) {
          return new Empty();
        }
        List<ZedSchema.SubjectType> allowed = d.relations().get(name);
        if (allowed != null) {
          return relation(type, name, allowed);
        }
        ZedSchema.Expr e = d.permissions().get(name);
        return e == null ? new Empty() : expr(type, d, e);
      } finally {
        visiting.remove(at);
      }
    }

    private Node relation(String type, String name, List<ZedSchema.SubjectType> allowed) {
      boolean id = false;
      boolean wildcard = false;
      List<Node> parts = new ArrayList<>();
      for (ZedSchema.SubjectType t : allowed) {
        if (t.relation() != null) {
          parts.add(new Via(type, name, t.type(), t.relation(), name(t.type(), t.relation())));
        } else if (t.type().equals(subjectType)) {
          if (t.wildcard()) {
            wildcard = true;
          } else {
            id = true;
          }
        }
      }
      if (id || wildcard) {
        parts.add(new Direct(type, Set.of(name), subjectType, id, wildcard));
      }
      return union(parts);
    }

    private Node expr(String type, ZedSchema.Definition d, ZedSchema.Expr e) {
      return switch (e) {
        case ZedSchema.Ref r -> name(type, r.name());
        case ZedSchema.Arrow a -> {
          // As SpiceDB and the evaluator: only plain subjects of the relation are followed.
          List<Node> parts = new ArrayList<>();
          for (ZedSchema.SubjectType t : d.relations().get(a.tupleset())) {
            ZedSchema.Definition target = schema.definitions().get(t.type());
            if (t.relation() == null
                && !t.wildcard()
                && target != null
                && target.hasRelationOrPermission(a.target())) {
              parts.add(new Via(type, a.tupleset(), t.type(), "", name(t.type(), a.target())));
            }
          }
          yield union(parts);
        }
        case ZedSchema.Union u -> union(List.of(expr(type, d, u.left()), expr(type, d, u.right())));
        case ZedSchema.Exclusion x -> {
          Node left = expr(type, d, x.left());
          Node right = expr(type, d, x.right());
          yield left instanceof Empty || right instanceof Empty ? left : new Except(left, right);
        }
      };
    }
  }

  /** Flattens, drops empty parts, and merges lookups that one statement can answer. */
  private static Node union(List<Node> parts) {
    List<Node> flat = new ArrayList<>();
    flatten(parts, flat);
    Map<List<Object>, Direct> directs = new LinkedHashMap<>();
    Map<List<Object>, List<Node>> vias = new LinkedHashMap<>();
    List<Node> others = new ArrayList<>();
    for (Node n : flat) {
      switch (n) {
        case Direct d -> {
          List<Object> k = List.of(d.type(), d.subjectType(), d.id(), d.wildcard());
          Direct before = directs.get(k);
          if (before == null) {
            directs.put(k, d);
          } else {
            Set<String> rels = new TreeSet<>(before.relations());
            rels.addAll(d.relations());
            directs.put(k, new Direct(d.type(), rels, d.subjectType(), d.id(), d.wildcard()));
          }
        }
        case Via v ->
            vias.computeIfAbsent(
                    List.of(v.type(), v.relation(), v.subjectType(), v.subjectRelation()),
                    k -> new ArrayList<>())
                .add(v.inner());
        default -> {
          if (!others.contains(n)) {
            others.add(n);
          }
        }
      }
    }
    List<Node> out = new ArrayList<>(directs.values());
    vias.forEach(
        (k, inners) -> {
          Node inner = union(inners);
          if (!(inner instanceof Empty)) {
            out.add(
                new Via(
                    (String) k.get(0),
                    (String) k.get(1),
                    (String) k.get(2),
                    (String) k.get(3),
                    inner));
          }
        });
    out.addAll(others);
    return switch (out.size()) {
      case 0 -> new Empty();
      case 1 -> out.getFirst();
      default -> new Union(List.copyOf(out));
    };
  }

  private static void flatten(List<Node> parts, List<Node> into) {
    for (Node n : parts) {
      if (n instanceof Union u) {
        flatten(u.parts(), into);
      } else if (!(n instanceof Empty)) {
        into.add(n);
      }
    }
  }

  // ---- SQL ----

  private static String render(Node n) {
    return switch (n) {
      case Empty e -> "SELECT NULL::varchar AS resource_id WHERE FALSE";
      case Direct d ->
          ("SELECT resource_id FROM authz.relationships WHERE subject_type = %s AND subject_id %s"
                  + " AND resource_type = %s AND relation %s AND subject_relation = ''")
              .formatted(
                  literal(d.subjectType()),
                  d.id() && d.wildcard()
                      ? "IN (:" + PARAM + ", '*')"
                      : d.id() ? "= :" + PARAM : "= '*'",
                  literal(d.type()),
                  in(d.relations()));
      case Via v ->
          ("SELECT resource_id FROM authz.relationships WHERE subject_type = %s AND resource_type"
                  + " = %s AND relation = %s AND subject_relation = %s AND subject_id IN (%s)")
              .formatted(
                  literal(v.subjectType()),
                  literal(v.type()),
                  literal(v.relation()),
                  v.subjectRelation().isEmpty() ? "''" : literal(v.subjectRelation()),
                  render(v.inner()));
      case Union u -> {
        List<String> parts = new ArrayList<>();
        for (Node p : u.parts()) {
          parts.add(p instanceof Except ? wrapped(p) : render(p));
        }
        yield String.join(" UNION ALL ", parts);
      }
      case Except x -> wrapped(x.left()) + " EXCEPT " + wrapped(x.right());
    };
  }

  private static String wrapped(Node n) {
    return "SELECT resource_id FROM (" + render(n) + ") AS s";
  }

  private static String in(Set<String> names) {
    if (names.size() == 1) {
      return "= " + literal(names.iterator().next());
    }
    List<String> quoted = new ArrayList<>();
    for (String n : names) {
      quoted.add(literal(n));
    }
    return "IN (" + String.join(", ", quoted) + ")";
  }

  /** A schema identifier as an SQL string literal; identifiers cannot contain quotes. */
  private static String literal(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a schema identifier: " + name);
    }
    return "'" + name + "'";
  }
}
