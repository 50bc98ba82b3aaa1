package io.renku.api.data.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** An OpenAPI document: its operations with their full paths, and a resolver for its schemas. */
record ApiDocument(String name, String prefix, List<Operation> operations, SchemaResolver schemas) {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  static ApiDocument of(String name, JsonNode root) {
    String prefix = serverPrefix(root.path("servers"), "");
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
      // A path (or an operation) may name its own server; none of the files do today.
      String pathPrefix = serverPrefix(path.getValue().path("servers"), prefix);
      for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
        if (METHODS.contains(m.getKey())) {
          String opPrefix = serverPrefix(m.getValue().path("servers"), pathPrefix);
          operations.add(
              new Operation(
                  name, m.getKey().toUpperCase(), opPrefix + path.getKey(), m.getValue()));
        }
      }
    }
    return new ApiDocument(name, prefix, List.copyOf(operations), new SchemaResolver(root));
  }

  private static String serverPrefix(JsonNode servers, String fallback) {
    if (!servers.isArray() || servers.isEmpty()) {
      return fallback;
    }
    String url = servers.path(0).path("url").asString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
