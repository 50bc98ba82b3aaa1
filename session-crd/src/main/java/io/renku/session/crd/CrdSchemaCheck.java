package io.renku.session.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an object against a CRD's {@code openAPIV3Schema} as the API server does on a create with
 * {@code fieldValidation=Strict}: a field the schema does not name is refused (unless {@code
 * x-kubernetes-preserve-unknown-fields}), as are wrong types, values outside an {@code enum},
 * strings that miss a {@code pattern} or a length limit, numbers outside {@code minimum}/{@code
 * maximum} or their {@code format}, lists outside their item limits, missing {@code required}
 * fields and {@code null}s where the schema does not allow them.
 *
 * <p>It knows the keywords structural schemas use; any other keyword in the schema is itself
 * reported, so that a constraint it does not understand can never pass silently. CEL rules ({@code
 * x-kubernetes-validations}) are only accepted when they are transition rules ({@code self ==
 * oldSelf}, which a create does not evaluate).
 *
 * <p>Tests use it (here, in the operator and in the data service) to prove that what is written
 * would be accepted, without a cluster.
 */
public final class CrdSchemaCheck {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> IGNORED =
      Set.of(
          "description",
          "default",
          "title",
          "example",
          "x-kubernetes-list-type",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-map-type",
          "x-kubernetes-embedded-resource");
  private static final Set<String> CHECKED =
      Set.of(
          "type",
          "properties",
          "additionalProperties",
          "items",
          "required",
          "enum",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "format",
          "nullable",
          "anyOf",
          "x-kubernetes-int-or-string",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-validations");

  private final JsonNode schema;
  private final String apiVersion;
  private final String kind;

  private CrdSchemaCheck(JsonNode schema, String apiVersion, String kind) {
    this.schema = schema;
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** Where the CRD generator writes the CRD inside this module's jar. */
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/amaltheasessions.amalthea.dev-v1.yml";

  /**
   * The check against the CRD generated from this model (equal to {@code deploy/crds}: the drift
   * test keeps them so).
   */
  public static CrdSchemaCheck generated() {
    try (InputStream in = CrdSchemaCheck.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path");
      }
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The check against the first version of the CRD in {@code crdYaml}. */
  public static CrdSchemaCheck of(String crdYaml) {
    try {
      JsonNode crd = YAML.readTree(crdYaml);
      JsonNode spec = crd.path("spec");
      JsonNode version = spec.path("versions").path(0);
      return new CrdSchemaCheck(
          version.path("schema").path("openAPIV3Schema"),
          spec.path("group").asText() + "/" + version.path("name").asText(),
          spec.path("names").path("kind").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the API server would refuse in {@code resource} (YAML or JSON text, a JSON tree, a map or
   * a model object): one line per violation, empty when it is accepted. {@code metadata} is the API
   * server's own (not in the CRD's schema).
   */
  public List<String> problems(Object resource) {
    JsonNode node;
    try {
      node = resource instanceof String text ? YAML.readTree(text) : YAML.valueToTree(resource);
    } catch (IOException e) {
      return List.of("not YAML or JSON: " + e.getMessage());
    }
    List<String> out = new ArrayList<>();
    if (!apiVersion.equals(node.path("apiVersion").asText())) {
      out.add("apiVersion: must be " + apiVersion);
    }
    if (!kind.equals(node.path("kind").asText())) {
      out.add("kind: must be " + kind);
    }
    ObjectNode rest = node.deepCopy();
    rest.remove(List.of("apiVersion", "kind", "metadata"));
    check(schema, rest, "", out);
    return out;
  }

  private void check(JsonNode s, JsonNode v, String path, List<String> out) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String keyword = it.next();
      if (!CHECKED.contains(keyword) && !IGNORED.contains(keyword)) {
        out.add(where(path) + "the schema uses " + keyword + ", which this checker does not know");
      }
    }
    if (v.isNull()) {
      if (!s.path("nullable").asBoolean(false)) {
        out.add(where(path) + "null is not allowed");
      }
      return;
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!(v.isTextual() || v.isIntegralNumber())) {
        out.add(where(path) + "must be an integer or a string, got " + v.getNodeType());
      }
    } else if (s.has("anyOf")) {
      boolean any = false;
      for (JsonNode branch : s.get("anyOf")) {
        List<String> tried = new ArrayList<>();
        check(branch, v, path, tried);
        any |= tried.isEmpty();
      }
      if (!any) {
        out.add(where(path) + "matches none of anyOf");
      }
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(s, v, path, out);
      case "array" -> {
        if (!v.isArray()) {
          out.add(where(path) + "must be an array, got " + v.getNodeType());
          return;
        }
        if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
          out.add(where(path) + "must have at least " + s.get("minItems") + " items");
        }
        if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
          out.add(where(path) + "must have at most " + s.get("maxItems") + " items");
        }
        if (s.has("items")) {
          for (int i = 0; i < v.size(); i++) {
            check(s.get("items"), v.get(i), path + "[" + i + "]", out);
          }
        }
      }
      case "string" -> {
        if (!v.isTextual()) {
          out.add(where(path) + "must be a string, got " + v.getNodeType());
          return;
        }
        String text = v.asText();
        if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
          out.add(where(path) + "'" + text + "' does not match " + s.get("pattern").asText());
        }
        int length = text.codePointCount(0, text.length());
        if (s.has("minLength") && length < s.get("minLength").asInt()) {
          out.add(where(path) + "must be at least " + s.get("minLength") + " characters");
        }
        if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
          out.add(where(path) + "must be at most " + s.get("maxLength") + " characters");
        }
        if ("date-time".equals(s.path("format").asText())) {
          try {
            java.time.OffsetDateTime.parse(text);
          } catch (java.time.format.DateTimeParseException e) {
            out.add(where(path) + "'" + text + "' is not a date-time");
          }
        }
      }
      case "integer" -> {
        if (!v.isIntegralNumber()) {
          out.add(where(path) + "must be an integer, got " + v.getNodeType());
          return;
        }
        if ("int32".equals(s.path("format").asText()) && !v.canConvertToInt()) {
          out.add(where(path) + "must fit in 32 bits");
        }
        checkBounds(s, v, path, out);
      }
      case "number" -> {
        if (!v.isNumber()) {
          out.add(where(path) + "must be a number, got " + v.getNodeType());
          return;
        }
        checkBounds(s, v, path, out);
      }
      case "boolean" -> {
        if (!v.isBoolean()) {
          out.add(where(path) + "must be a boolean, got " + v.getNodeType());
        }
      }
      case "" -> {
        if (!s.has("x-kubernetes-int-or-string")
            && !s.has("anyOf")
            && !s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
          out.add(where(path) + "the schema has no type");
        }
      }
      default -> out.add(where(path) + "unknown type " + type + " in the schema");
    }
    if (s.has("enum")) {
      boolean listed = false;
      for (JsonNode option : s.get("enum")) {
        listed |= option.equals(v);
      }
      if (!listed) {
        out.add(where(path) + v + " is not one of " + s.get("enum"));
      }
    }
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      if (!rule.path("rule").asText().replace(" ", "").equals("self==oldSelf")) {
        out.add(where(path) + "the CEL rule " + rule.path("rule") + " is not checked here");
      }
    }
  }

  private void checkObject(JsonNode s, JsonNode v, String path, List<String> out) {
    if (!v.isObject()) {
      out.add(where(path) + "must be an object, got " + v.getNodeType());
      return;
    }
    for (JsonNode required : s.path("required")) {
      if (!v.has(required.asText())) {
        out.add(where(path) + "the required field " + required.asText() + " is missing");
      }
    }
    if (s.has("minProperties") && v.size() < s.get("minProperties").asInt()) {
      out.add(where(path) + "must have at least " + s.get("minProperties") + " fields");
    }
    if (s.has("maxProperties") && v.size() > s.get("maxProperties").asInt()) {
      out.add(where(path) + "must have at most " + s.get("maxProperties") + " fields");
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), child, out);
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), child, out);
      } else if (!(preserve || (additional != null && additional.asBoolean(false)))) {
        out.add(child + ": unknown field");
      }
    }
  }

  private static void checkBounds(JsonNode s, JsonNode v, String path, List<String> out) {
    double value = v.asDouble();
    if (s.has("minimum")) {
      double min = s.get("minimum").asDouble();
      boolean exclusive = s.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? value <= min : value < min) {
        out.add(where(path) + v + " is below the minimum " + s.get("minimum"));
      }
    }
    if (s.has("maximum")) {
      double max = s.get("maximum").asDouble();
      boolean exclusive = s.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? value >= max : value > max) {
        out.add(where(path) + v + " is above the maximum " + s.get("maximum"));
      }
    }
  }

  private static String where(String path) {
    return (path.isEmpty() ? "(root)" : path) + ": ";
  }
}
