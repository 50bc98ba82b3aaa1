package io.renku.api.data.compat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Compares an original schema with ours, field by field, in the direction the data flows.
 *
 * <p>An answer ({@link Direction#RESPONSE}) is compatible when every field the original requires is
 * there with the same type, and enums hold no value the original does not know; extra fields are
 * fine. A request body ({@link Direction#REQUEST}) is compatible when ours accepts every field the
 * original declares (our JSON input rejects unknown fields), requires nothing the original does
 * not, has the same types and accepts every enum value the original accepts.
 */
final class SchemaComparison {

  enum Direction {
    RESPONSE,
    REQUEST
  }

  /** Deep enough for every nesting of either side; a safety net beside the cycle check. */
  private static final int MAX_DEPTH = 12;

  private final SchemaResolver original;
  private final SchemaResolver ours;
  private final Direction direction;
  private final List<Difference> out;
  private final Deque<String> refStack = new ArrayDeque<>();

  SchemaComparison(
      SchemaResolver original, SchemaResolver ours, Direction direction, List<Difference> out) {
    this.original = original;
    this.ours = ours;
    this.direction = direction;
    this.out = out;
  }

  void compare(String where, JsonNode originalSchema, JsonNode ourSchema) {
    compare(where, originalSchema, ourSchema, 0);
  }

  private void compare(String where, JsonNode originalSchema, JsonNode ourSchema, int depth) {
    String pair = SchemaResolver.refName(originalSchema) + "|" + SchemaResolver.refName(ourSchema);
    boolean named = SchemaResolver.refName(originalSchema) != null;
    if (depth > MAX_DEPTH || (named && refStack.contains(pair))) {
      return; // a recursive schema (a tree): its inside was compared one level up
    }
    refStack.push(pair);
    try {
      Shape o = original.shape(originalSchema);
      Shape u = ours.shape(ourSchema);
      compareTypes(where, o, u);
      compareEnums(where, o, u);
      if (o.isObjectLike() && u.isObjectLike()) {
        compareProperties(where, o, u, depth);
      }
      if (o.items() != null && u.items() != null) {
        compare(where + "[]", o.items(), u.items(), depth + 1);
      }
      if (o.additionalProperties() != null
          && o.additionalProperties().isObject()
          && u.additionalProperties() != null
          && u.additionalProperties().isObject()) {
        compare(where + "{*}", o.additionalProperties(), u.additionalProperties(), depth + 1);
      }
    } finally {
      refStack.pop();
    }
  }

  private void compareTypes(String where, Shape o, Shape u) {
    if (o.types().isEmpty() || u.types().isEmpty()) {
      return; // one side allows anything: nothing to hold the other to
    }
    // What flows must be understood by the receiver: ours -> original client, or the reverse.
    Set<String> sent = direction == Direction.RESPONSE ? u.types() : o.types();
    Set<String> understood = direction == Direction.RESPONSE ? o.types() : u.types();
    for (String t : sent) {
      if (!understood.contains(t) && !(t.equals("integer") && understood.contains("number"))) {
        add(where, "type " + u.types() + " where the original has " + o.types(), true);
        return;
      }
    }
  }

  private void compareEnums(String where, Shape o, Shape u) {
    if (direction == Direction.RESPONSE) {
      if (u.enumValues() != null && o.enumValues() != null) {
        Set<String> unknown = minus(u.enumValues(), o.enumValues());
        if (!unknown.isEmpty()) {
          add(where, "we may answer values the original does not know: " + unknown, true);
        }
        Set<String> unused = minus(o.enumValues(), u.enumValues());
        if (!unused.isEmpty()) {
          add(where, "values of the original we never answer: " + unused, false);
        }
      } else if (o.enumValues() != null && u.types().contains("string")) {
        add(where, "the original lists values " + o.enumValues() + ", ours any string", false);
      }
    } else {
      if (u.enumValues() != null && o.enumValues() != null) {
        Set<String> rejected = minus(o.enumValues(), u.enumValues());
        if (!rejected.isEmpty()) {
          add(where, "we reject values the original accepts: " + rejected, true);
        }
      } else if (u.enumValues() != null && !o.types().isEmpty()) {
        add(where, "ours accepts only " + u.enumValues() + ", the original any value", true);
      }
    }
  }

  private void compareProperties(String where, Shape o, Shape u, int depth) {
    if (direction == Direction.RESPONSE) {
      for (String name : o.required()) {
        if (!u.properties().containsKey(name)) {
          add(where, "required field '" + name + "' is not in our answer", true);
        } else if (!u.required().contains(name)) {
          add(where, "field '" + name + "' is required by the original, optional in ours", false);
        }
      }
      for (String name : o.properties().keySet()) {
        if (!o.required().contains(name) && !u.properties().containsKey(name)) {
          add(where, "optional field '" + name + "' is not in our answer", false);
        }
      }
    } else {
      boolean freeMap = u.additionalProperties() != null;
      for (String name : o.properties().keySet()) {
        if (!u.properties().containsKey(name) && !freeMap) {
          add(where, "field '" + name + "' the original accepts is unknown to ours", true);
        }
      }
      for (String name : u.required()) {
        if (!o.required().contains(name)) {
          add(where, "ours requires '" + name + "', the original does not", true);
        }
      }
    }
    for (Map.Entry<String, JsonNode> p : o.properties().entrySet()) {
      JsonNode mine = u.properties().get(p.getKey());
      if (mine != null) {
        compare(where + "." + p.getKey(), p.getValue(), mine, depth + 1);
      }
    }
  }

  private void add(String where, String message, boolean breaking) {
    out.add(new Difference(where, message, breaking));
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(new LinkedHashSet<>(b));
    return d;
  }
}
