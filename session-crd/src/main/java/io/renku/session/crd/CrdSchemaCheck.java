package io.renku.session.crd;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a manifest against the generated CRD's schema the way the API server does under strict
 * field validation ({@code kubectl apply --validate=strict}): every field must be declared by the
 * schema, values must have the declared type and enum values must be allowed. Used by tests (here
 * and in the data service) to prove that what is written would be accepted, without a cluster.
 *
 * <p>{@code metadata} is not checked (the API server validates it separately), nor are formats,
 * patterns, bounds or CEL rules.
 */
public final class CrdSchemaCheck {

  /** Where the CRD generator writes the CRD inside this module's jar. */
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/amaltheasessions.amalthea.dev-v1.yml";

  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata");

  private final Map<String, Object> schema;

  private CrdSchemaCheck(Map<String, Object> schema) {
    this.schema = schema;
  }

  /** The check against the CRD generated from this model. */
  public static CrdSchemaCheck generated() {
    try (InputStream in = CrdSchemaCheck.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path");
      }
      return of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The check against the first version of the CRD in {@code crdYaml}. */
  @SuppressWarnings("unchecked")
  public static CrdSchemaCheck of(String crdYaml) {
    Map<String, Object> crd = new KubernetesSerialization().unmarshal(crdYaml, Map.class);
    var versions =
        (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
    var schema = (Map<String, Object>) versions.getFirst().get("schema");
    return new CrdSchemaCheck((Map<String, Object>) schema.get("openAPIV3Schema"));
  }

  /** The problems of a manifest given as YAML or JSON text; empty when it would be accepted. */
  @SuppressWarnings("unchecked")
  public List<String> problems(String manifest) {
    return problems(
        (Map<String, Object>) new KubernetesSerialization().unmarshal(manifest, Map.class));
  }

  /** The problems of a manifest given as a JSON tree; empty when it would be accepted. */
  public List<String> problems(Map<String, Object> manifest) {
    List<String> out = new ArrayList<>();
    for (var e : manifest.entrySet()) {
      if (!TOP_LEVEL.contains(e.getKey())) {
        check(e.getValue(), property(schema, e.getKey()), e.getKey(), out);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> property(Map<String, Object> node, String name) {
    var props = (Map<String, Object>) node.get("properties");
    return props == null ? null : (Map<String, Object>) props.get(name);
  }

  @SuppressWarnings("unchecked")
  private static void check(Object value, Map<String, Object> node, String path, List<String> out) {
    if (node == null) {
      out.add(path + ": unknown field");
      return;
    }
    if (value == null) {
      if (!Boolean.TRUE.equals(node.get("nullable"))) {
        out.add(path + ": null is not allowed");
      }
      return;
    }
    var enumValues = (List<Object>) node.get("enum");
    if (enumValues != null && !enumValues.contains(value)) {
      out.add(path + ": " + value + " is not one of " + enumValues);
    }
    if (Boolean.TRUE.equals(node.get("x-kubernetes-int-or-string"))) {
      if (!(value instanceof String) && !(value instanceof Number)) {
        out.add(path + ": expected an integer or a string");
      }
      return;
    }
    String type = (String) node.get("type");
    if (type == null) {
      // Quantities are anyOf [integer, string] without a type.
      if (node.get("anyOf") != null && (value instanceof Map || value instanceof List)) {
        out.add(path + ": expected a scalar");
      }
      return;
    }
    switch (type) {
      case "object" -> {
        if (!(value instanceof Map<?, ?> map)) {
          out.add(path + ": expected an object");
          return;
        }
        boolean preserve = Boolean.TRUE.equals(node.get("x-kubernetes-preserve-unknown-fields"));
        Object additional = node.get("additionalProperties");
        for (var e : ((Map<String, Object>) map).entrySet()) {
          String child = path + "." + e.getKey();
          Map<String, Object> declared = property(node, e.getKey());
          if (declared != null) {
            check(e.getValue(), declared, child, out);
          } else if (additional instanceof Map<?, ?> additionalSchema) {
            check(e.getValue(), (Map<String, Object>) additionalSchema, child, out);
          } else if (!preserve && !Boolean.TRUE.equals(additional)) {
            out.add(child + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          out.add(path + ": expected an array");
          return;
        }
        var items = (Map<String, Object>) node.get("items");
        for (int i = 0; i < list.size(); i++) {
          if (items != null) {
            check(list.get(i), items, path + "[" + i + "]", out);
          }
        }
      }
      case "string" -> {
        if (!(value instanceof String)) {
          out.add(path + ": expected a string");
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          out.add(path + ": expected a boolean");
        }
      }
      case "integer" -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          out.add(path + ": expected an integer");
        }
      }
      case "number" -> {
        if (!(value instanceof Number)) {
          out.add(path + ": expected a number");
        }
      }
      default -> {}
    }
  }
}
