package io.renku.api.data.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows local {@code $ref}s of one OpenAPI document and flattens its schemas into {@link Shape}s.
 */
final class SchemaResolver {

  /** Deeper than any schema of either side; stops a schema that contains itself through allOf. */
  private static final int MAX_DEPTH = 16;

  private final JsonNode root;

  SchemaResolver(JsonNode root) {
    this.root = root;
  }

  /** The node a chain of {@code $ref}s ends at (responses, request bodies and schemas alike). */
  JsonNode deref(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; hops < MAX_DEPTH && current != null && current.has("$ref"); hops++) {
      current = pointer(current.path("$ref").asString());
    }
    return current;
  }

  /** The name of the component a schema refers to, for cycle detection; {@code null} if inline. */
  static String refName(JsonNode node) {
    return node != null && node.has("$ref") ? node.path("$ref").asString() : null;
  }

  Shape shape(JsonNode schema) {
    return shape(schema, 0);
  }

  private Shape shape(JsonNode schema, int depth) {
    JsonNode s = deref(schema);
    Set<String> types = new LinkedHashSet<>();
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    Set<String> required = new LinkedHashSet<>();
    Set<String> enumValues = null;
    JsonNode items = null;
    JsonNode additional = null;
    if (s == null || !s.isObject() || depth > MAX_DEPTH) {
      return new Shape(types, properties, required, null, null, null);
    }
    if (s.path("type").isString()) {
      types.add(s.path("type").asString());
    }
    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
      properties.put(p.getKey(), p.getValue());
    }
    for (JsonNode r : s.path("required")) {
      required.add(r.asString());
    }
    if (s.path("enum").isArray()) {
      enumValues = texts(s.path("enum"));
    }
    if (s.has("items")) {
      items = s.path("items");
    }
    JsonNode ap = s.path("additionalProperties");
    if (ap.isObject() || (ap.isBoolean() && ap.asBoolean())) {
      additional = ap;
    }
    // allOf: every part applies, so fields and requirements add up.
    for (JsonNode part : s.path("allOf")) {
      Shape p = shape(part, depth + 1);
      types.addAll(p.types());
      p.properties().forEach(properties::putIfAbsent);
      required.addAll(p.required());
      enumValues = enumValues == null ? p.enumValues() : enumValues;
      items = items == null ? p.items() : items;
      additional = additional == null ? p.additionalProperties() : additional;
    }
    // oneOf/anyOf: any variant may come; a field is guaranteed only if every variant requires it.
    List<Shape> variants = new ArrayList<>();
    for (String key : List.of("oneOf", "anyOf")) {
      for (JsonNode v : s.path(key)) {
        variants.add(shape(v, depth + 1));
      }
    }
    if (!variants.isEmpty()) {
      Set<String> requiredByAll = null;
      Set<String> enumUnion = new LinkedHashSet<>();
      boolean allEnums = true;
      for (Shape v : variants) {
        types.addAll(v.types());
        v.properties()
            .forEach(
                (name, variantSchema) ->
                    properties.merge(name, variantSchema, SchemaResolver::either));
        if (v.isObjectLike()) {
          if (requiredByAll == null) {
            requiredByAll = new LinkedHashSet<>(v.required());
          } else {
            requiredByAll.retainAll(v.required());
          }
        }
        if (v.enumValues() == null) {
          allEnums = false;
        } else {
          enumUnion.addAll(v.enumValues());
        }
        items = items == null ? v.items() : items;
        additional = additional == null ? v.additionalProperties() : additional;
      }
      if (requiredByAll != null) {
        required.addAll(requiredByAll);
      }
      if (enumValues == null && allEnums) {
        enumValues = enumUnion;
      }
    }
    if (types.isEmpty() && !properties.isEmpty()) {
      types.add("object");
    }
    if (types.isEmpty() && items != null) {
      types.add("array");
    }
    return new Shape(types, properties, required, enumValues, items, additional);
  }

  /**
   * A property two variants both declare may hold either variant's value (a {@code build} or an
   * {@code image} source): it becomes the union of both schemas.
   */
  private static JsonNode either(JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return a;
    }
    ObjectNode union = JsonNodeFactory.instance.objectNode();
    union.putArray("anyOf").add(a).add(b);
    return union;
  }

  private JsonNode pointer(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local references are expected: " + ref);
    }
    JsonNode target = root;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part.replace("~1", "/").replace("~0", "~"));
    }
    if (target.isMissingNode()) {
      throw new IllegalArgumentException("dangling reference " + ref);
    }
    return target;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    for (JsonNode v : array) {
      values.add(v.isString() ? v.asString() : v.toString());
    }
    return values;
  }
}
