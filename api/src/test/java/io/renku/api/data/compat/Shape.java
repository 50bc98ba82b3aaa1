package io.renku.api.data.compat;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A schema flattened for comparison: {@code $ref} followed, {@code allOf} merged, and the variants
 * of {@code oneOf}/{@code anyOf} united (their properties together, a field required only when
 * every variant requires it, since a client can rely on nothing more).
 *
 * @param types the JSON types the schema allows; empty when it does not say (anything)
 * @param properties the declared properties, each an unresolved schema node
 * @param required the properties that must be present
 * @param enumValues the allowed values as text, or {@code null} when not restricted
 * @param items the schema of an array's elements, or {@code null}
 * @param additionalProperties {@code additionalProperties} when it is a schema or {@code true} (a
 *     free map), else {@code null}
 */
record Shape(
    Set<String> types,
    Map<String, JsonNode> properties,
    Set<String> required,
    Set<String> enumValues,
    JsonNode items,
    JsonNode additionalProperties) {

  boolean isObjectLike() {
    return !properties.isEmpty() || types.contains("object");
  }
}
