package io.renku.authz.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the SpiceDB schema language the Renku schema uses: definitions with relations ({@code
 * relation r: t | t:* | t#rel}) and permissions built from relation names, arrows ({@code r->p}),
 * union ({@code +}), exclusion ({@code -}) and parentheses, left to right. Parsing rejects anything
 * else, and names that are not defined, with {@link IllegalArgumentException}.
 */
public record ZedSchema(String text, Map<String, Definition> definitions) {

  /** An allowed subject of a relation: {@code type}, {@code type:*} or {@code type#relation}. */
  public record SubjectType(String type, boolean wildcard, String relation) {}

  /** A permission expression. */
  public sealed interface Expr {}

  public record Ref(String name) implements Expr {}

  public record Arrow(String tupleset, String target) implements Expr {}

  public record Union(Expr left, Expr right) implements Expr {}

  public record Exclusion(Expr left, Expr right) implements Expr {}

  /**
   * One object type.
   *
   * @param arrowRelations relations used on the left of an arrow: their rows are always fetched
   */
  public record Definition(
      String name,
      Map<String, List<SubjectType>> relations,
      Map<String, Expr> permissions,
      Set<String> arrowRelations) {

    public boolean hasRelationOrPermission(String n) {
      return relations.containsKey(n) || permissions.containsKey(n);
    }
  }

  public Definition definition(String type) {
    Definition d = definitions.get(type);
    if (d == null) {
      throw new IllegalArgumentException("object definition `" + type + "` not found");
    }
    return d;
  }

  public static ZedSchema parse(String text) {
    Parser p = new Parser(tokens(text));
    Map<String, Definition> defs = new LinkedHashMap<>();
    while (!p.done()) {
      Definition d = p.definition();
      if (defs.put(d.name(), d) != null) {
        throw new IllegalArgumentException("definition " + d.name() + " is defined twice");
      }
    }
    ZedSchema schema = new ZedSchema(text, Map.copyOf(defs));
    schema.validate();
    return schema;
  }

  private void validate() {
    for (Definition d : definitions.values()) {
      d.relations()
          .forEach(
              (rel, types) -> {
                for (SubjectType t : types) {
                  Definition target = definitions.get(t.type());
                  if (target == null) {
                    throw new IllegalArgumentException(
                        d.name() + "#" + rel + " allows unknown type " + t.type());
                  }
                  if (t.relation() != null && !target.hasRelationOrPermission(t.relation())) {
                    throw new IllegalArgumentException(
                        d.name() + "#" + rel + " allows unknown " + t.type() + "#" + t.relation());
                  }
                }
              });
      d.permissions().values().forEach(e -> validate(d, e));
    }
  }

  private void validate(Definition d, Expr e) {
    switch (e) {
      case Ref r -> {
        if (!d.hasRelationOrPermission(r.name())) {
          throw new IllegalArgumentException(
              d.name() + " has no relation or permission " + r.name());
        }
      }
      case Arrow a -> {
        if (!d.relations().containsKey(a.tupleset())) {
          throw new IllegalArgumentException(d.name() + " has no relation " + a.tupleset());
        }
      }
      case Union u -> {
        validate(d, u.left());
        validate(d, u.right());
      }
      case Exclusion x -> {
        validate(d, x.left());
        validate(d, x.right());
      }
    }
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("//", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated comment");
        }
        i = end + 2;
      } else if (text.startsWith("->", i)) {
        out.add("->");
        i += 2;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < text.length()
            && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.add(text.substring(start, i));
      } else if ("{}:|*#=+-()".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        throw new IllegalArgumentException("unexpected character '" + c + "' in schema");
      }
    }
    return out;
  }

  private static final class Parser {
    private final List<String> tokens;
    private int pos;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    boolean done() {
      return pos >= tokens.size();
    }

    private String peek() {
      return done() ? "" : tokens.get(pos);
    }

    private String next() {
      if (done()) {
        throw new IllegalArgumentException("unexpected end of schema");
      }
      return tokens.get(pos++);
    }

    private void expect(String token) {
      String t = next();
      if (!t.equals(token)) {
        throw new IllegalArgumentException("expected `" + token + "`, found `" + t + "`");
      }
    }

    private String name() {
      String t = next();
      if (!t.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("expected a name, found `" + t + "`");
      }
      return t;
    }

    Definition definition() {
      expect("definition");
      String name = name();
      expect("{");
      Map<String, List<SubjectType>> relations = new LinkedHashMap<>();
      Map<String, Expr> permissions = new LinkedHashMap<>();
      Set<String> arrows = new LinkedHashSet<>();
      while (!peek().equals("}")) {
        String kind = next();
        String member = name();
        if (relations.containsKey(member) || permissions.containsKey(member)) {
          throw new IllegalArgumentException(name + "#" + member + " is defined twice");
        }
        if (kind.equals("relation")) {
          expect(":");
          List<SubjectType> types = new ArrayList<>();
          do {
            String type = name();
            if (peek().equals(":")) {
              next();
              expect("*");
              types.add(new SubjectType(type, true, null));
            } else if (peek().equals("#")) {
              next();
              types.add(new SubjectType(type, false, name()));
            } else {
              types.add(new SubjectType(type, false, null));
            }
          } while (peek().equals("|") && next().equals("|"));
          relations.put(member, List.copyOf(types));
        } else if (kind.equals("permission")) {
          expect("=");
          permissions.put(member, expression(arrows));
        } else {
          throw new IllegalArgumentException(
              "expected relation or permission, found `" + kind + "`");
        }
      }
      expect("}");
      return new Definition(
          name, Map.copyOf(relations), Map.copyOf(permissions), Set.copyOf(arrows));
    }

    private Expr expression(Set<String> arrows) {
      Expr left = term(arrows);
      while (peek().equals("+") || peek().equals("-")) {
        String op = next();
        Expr right = term(arrows);
        left = op.equals("+") ? new Union(left, right) : new Exclusion(left, right);
      }
      return left;
    }

    private Expr term(Set<String> arrows) {
      if (peek().equals("(")) {
        next();
        Expr e = expression(arrows);
        expect(")");
        return e;
      }
      String n = name();
      if (peek().equals("->")) {
        next();
        arrows.add(n);
        return new Arrow(n, name());
      }
      return new Ref(n);
    }
  }
}
