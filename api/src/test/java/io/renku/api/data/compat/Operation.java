package io.renku.api.data.compat;

import tools.jackson.databind.JsonNode;

/**
 * One operation of an OpenAPI document.
 *
 * @param file the document it comes from (an original file's name, or the served spec)
 * @param method the HTTP method, upper case
 * @param path the full path: the document's server prefix and the path ({@code /api/data/...})
 * @param node the operation object
 */
record Operation(String file, String method, String path, JsonNode node) {

  String key() {
    return method + " " + path;
  }

  /**
   * Method and path with the parameters' names blanked: {@code {project_id}} matches {@code {id}}.
   */
  String match() {
    return method + " " + path.replaceAll("\\{[^}]*}", "{}");
  }
}
