package io.renku.launcher.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies made from the JSON schemas of {@code spec.json}: a value that fits the schema
 * (required fields, enums, types, lengths), then, most of the time, broken in one way: a field
 * dropped, of the wrong type, null, huge or nested thousands deep, an unknown field, or the text
 * itself not JSON, not an object, with numbers out of range, NUL characters or lone surrogates.
 */
final class JsonBodies {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Placeholders put in the tree, replaced in the text by what a serialiser would not write. */
  private static final String RAW = "@@raw@@";

  private static final List<String> RAW_VALUES =
      List.of(
          "[".repeat(3000) + "]".repeat(3000),
          "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
          "1e400",
          "-1e400",
          "99999999999999999999999999999",
          "-0",
          "0.0000000000000000000000000001",
          "NaN",
          "\"\\u0000\"",
          "\"a\\u0000b\"",
          "\"\\ud800\"",
          "\"\\udfff\\ud800\"",
          "\"\\u202e\\u0000\"",
          "\"" + "\\u00e9".repeat(20000) + "\"",
          "[" + "1,".repeat(20000) + "1]",
          "\"" + "x".repeat(200_000) + "\"",
          "{}",
          "[]",
          "true",
          "\"\"",
          "\"   \"");

  private static final List<String> BROKEN_TEXTS =
      List.of(
          "",
          " ",
          "{",
          "}",
          "{\"name\":",
          "{\"name\":\"x\",}",
          "{'name':'x'}",
          "{name:x}",
          "null",
          "[]",
          "[{}]",
          "1",
          "\"x\"",
          "true",
          "\ufeff{}",
          "{\"a\":1}{\"b\":2}",
          "{\"name\":\"a\",\"name\":\"b\"}",
          "{\"__proto__\":{\"admin\":true}}",
          "{\"a\":\"\\x41\"}",
          "{\"a\":01}",
          "{\"a\":.5}",
          "{\"a\":\"unterminated}",
          "{\"a\":\"\u0000\"}",
          "\u0000",
          "<xml/>",
          "name=x&slug=y",
          "{\"a\":" + "[".repeat(100_000));

  private final JsonNode schemas;

  JsonBodies(JsonNode spec) {
    this.schemas = spec.path("components").path("schemas");
  }

  /**
   * A body for {@code schema}. {@code ids} names a known id for a field (by its name), or null to
   * make one up.
   */
  String body(JsonNode schema, Draw d, Function<String, String> ids) {
    int how = d.below(14);
    if (how == 13) {
      return d.pick(BROKEN_TEXTS);
    }
    Object value = value(schema, d, ids, 0);
    if (how >= 6 && value instanceof Map<?, ?> map && !map.isEmpty()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      List<String> names = new ArrayList<>(fields.keySet());
      String field = d.pick(names);
      switch (how) {
        case 6 -> fields.remove(field);
        case 7 -> fields.put(field, wrongType(fields.get(field), d));
        case 8, 9 -> fields.put(field, RAW + d.below(RAW_VALUES.size()));
        case 10 -> fields.put(d.pick("unknown", "is_admin", "id", "owner", "__proto__"), "x");
        case 11 -> fields.put(field, null);
        default -> fields.clear();
      }
    } else if (how >= 6) {
      value = RAW + d.below(RAW_VALUES.size());
    }
    String text = JSON.writeValueAsString(value);
    int at;
    while ((at = text.indexOf("\"" + RAW)) >= 0) {
      int end = text.indexOf('"', at + 1);
      int which = Integer.parseInt(text.substring(at + 1 + RAW.length(), end));
      text = text.substring(0, at) + RAW_VALUES.get(which) + text.substring(end + 1);
    }
    return text;
  }

  private static Object wrongType(Object was, Draw d) {
    if (was instanceof String) {
      return d.pick(List.of(1, 1.5, true, List.of("x"), Map.of("a", 1)));
    }
    if (was instanceof Number) {
      return d.pick(List.of("1", "one", true, List.of(1)));
    }
    if (was instanceof Boolean) {
      return d.pick(List.of("true", 1, 0));
    }
    if (was instanceof List<?>) {
      return d.pick(List.of("x", 1, Map.of()));
    }
    return d.pick(List.of("x", 1, List.of()));
  }

  /** A value of {@code schema} that is meant to be valid (the service may still refuse it). */
  Object value(JsonNode schema, Draw d, Function<String, String> ids, int depth) {
    schema = resolve(schema);
    if (depth > 6) {
      return null;
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.has(choice) && !schema.path(choice).isEmpty()) {
        List<JsonNode> options = new ArrayList<>(schema.path(choice).values());
        return value(d.pick(options), d, ids, depth + 1);
      }
    }
    if (schema.has("allOf")) {
      Map<String, Object> merged = new LinkedHashMap<>();
      for (JsonNode part : schema.path("allOf").values()) {
        if (value(part, d, ids, depth + 1) instanceof Map<?, ?> m) {
          m.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
      }
      return merged;
    }
    if (schema.has("enum") && !schema.path("enum").isEmpty()) {
      List<JsonNode> values = new ArrayList<>(schema.path("enum").values());
      JsonNode v = d.pick(values);
      return v.isString() ? v.asString() : JSON.convertValue(v, Object.class);
    }
    String type = schema.path("type").asString("");
    if (type.isEmpty() && schema.has("properties")) {
      type = "object";
    }
    return switch (type) {
      case "object" -> object(schema, d, ids, depth);
      case "array" -> {
        List<Object> items = new ArrayList<>();
        int n = d.below(4);
        for (int i = 0; i < n; i++) {
          items.add(value(schema.path("items"), d, ids, depth + 1));
        }
        yield items;
      }
      case "integer" -> integer(schema, d);
      case "number" -> d.pick(0.5, 1.0, 2.0, 0.1, 16.0, 1000.0, -1.0);
      case "boolean" -> d.oneIn(2);
      case "string" -> string(schema, d);
      default -> d.pick("x", "1", "");
    };
  }

  private Map<String, Object> object(
      JsonNode schema, Draw d, Function<String, String> ids, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    schema.path("required").values().forEach(r -> required.add(r.asString()));
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      String name = p.getKey();
      if (!required.contains(name) && d.oneIn(2)) {
        continue;
      }
      String known = ids.apply(name);
      out.put(name, known != null ? known : value(p.getValue(), d, ids, depth + 1));
    }
    return out;
  }

  private static Object integer(JsonNode schema, Draw d) {
    long min = schema.path("minimum").asLong(0);
    long max = schema.path("maximum").asLong(min + 100);
    return d.pick(min, max, min + d.below(10), 1L, 2L, 1024L);
  }

  private static String string(JsonNode schema, Draw d) {
    String format = schema.path("format").asString("");
    if (format.equals("date-time")) {
      return d.pick("2024-01-01T00:00:00Z", "2024-13-45T99:99:99Z", "yesterday");
    }
    if (format.equals("email")) {
      return d.pick("someone@example.org", "not-an-email", "a@b");
    }
    String pattern = schema.path("pattern").asString("");
    if (pattern.contains("0-9A-HJKMNP-TV-Z")) { // a ULID
      return d.pick("01J0000000000000000000000Z", "01j0000000000000000000000z", "0".repeat(26));
    }
    if (!pattern.isEmpty() && d.oneIn(2)) {
      return "fz" + d.below(1_000_000); // fits slugs, names and labels: lets writes succeed
    }
    int maxLength = schema.path("maxLength").asInt(40);
    String s =
        d.pick(
            "fuzz-" + d.below(1_000_000),
            "x",
            "A name with spaces",
            "ünïcødé-ñame",
            "emoji 😀",
            "\u202eright-to-left",
            "https://example.org/repo.git",
            "python:3.12",
            "/bin/sh",
            "a.b_c-d",
            "..",
            "<script>alert(1)</script>",
            "'; drop table projects; --",
            "${jndi:ldap://x}");
    return s.length() > maxLength ? s.substring(0, maxLength) : s;
  }

  private JsonNode resolve(JsonNode schema) {
    for (int i = 0; i < 10 && schema.has("$ref"); i++) {
      String ref = schema.path("$ref").asString();
      schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return schema;
  }
}
