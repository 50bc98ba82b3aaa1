package io.renku.data.dataconnector;

import java.util.List;
import java.util.Map;

/** What a PATCH asks to change; null fields stay as they are. */
public record DataConnectorChanges(
    String name,
    String namespace,
    String slug,
    String visibility,
    String description,
    List<String> keywords,
    Map<String, Object> configuration,
    String sourcePath,
    String targetPath,
    Boolean readonly) {
  /** Without the configuration: it may hold credentials, which are never logged. */
  @Override
  public String toString() {
    return "DataConnectorChanges[name="
        + name
        + ", namespace="
        + namespace
        + ", slug="
        + slug
        + "]";
  }
}
