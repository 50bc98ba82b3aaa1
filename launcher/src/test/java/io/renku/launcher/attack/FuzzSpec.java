package io.renku.launcher.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The operations of the data service's API as {@code spec.json} lists them. */
record FuzzSpec(JsonNode json, List<Operation> operations) {

  /** {@code path} as in the spec (without {@code /api/data}); {@code body} is a schema or null. */
  record Operation(String method, String path, List<Param> query, JsonNode body) {
    String key() {
      return method + " " + path;
    }
  }

  /** A query parameter: its name, its (resolved) type, and its enum values if it has any. */
  record Param(String name, String type, List<String> enumValues) {}

  static FuzzSpec parse(JsonNode spec) {
    JsonNode schemas = spec.path("components").path("schemas");
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
      List<JsonNode> shared = new ArrayList<>(path.getValue().path("parameters").values());
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String method = op.getKey().toUpperCase(Locale.ROOT);
        if (method.equals("PARAMETERS")) {
          continue;
        }
        List<JsonNode> params = new ArrayList<>(shared);
        params.addAll(op.getValue().path("parameters").values());
        List<Param> query = new ArrayList<>();
        for (JsonNode p : params) {
          p = resolve(spec, p);
          if (p.path("in").asString("").equals("query")) {
            JsonNode schema = resolve(spec, p.path("schema"));
            List<String> enums = new ArrayList<>();
            schema.path("enum").values().forEach(e -> enums.add(e.asString()));
            String type = schema.path("type").asString("string");
            query.add(new Param(p.path("name").asString(), type, enums));
          }
        }
        JsonNode body =
            op.getValue()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        operations.add(
            new Operation(method, path.getKey(), query, body.isMissingNode() ? null : body));
      }
    }
    if (schemas.isEmpty() || operations.isEmpty()) {
      throw new IllegalStateException("spec.json lists no operations or schemas");
    }
    return new FuzzSpec(spec, List.copyOf(operations));
  }

  private static JsonNode resolve(JsonNode spec, JsonNode node) {
    for (int i = 0; i < 10 && node.has("$ref"); i++) {
      String[] parts = node.path("$ref").asString().substring(2).split("/");
      JsonNode at = spec;
      for (String part : parts) {
        at = at.path(part);
      }
      node = at;
    }
    return node;
  }
}
