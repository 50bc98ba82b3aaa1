package io.renku.data.dataconnector;

import java.util.List;
import java.util.Map;

/**
 * What a creation asks for, unchecked. The storage is either {@code configuration} with {@code
 * sourcePath}, or {@code storageUrl}.
 */
public record DataConnectorDraft(
    String name,
    String namespace,
    String slug,
    String visibility,
    String description,
    List<String> keywords,
    Map<String, Object> configuration,
    String sourcePath,
    String targetPath,
    Boolean readonly,
    String storageUrl) {
  /** Without the configuration: it may hold credentials, which are never logged. */
  @Override
  public String toString() {
    return "DataConnectorDraft[name=" + name + ", namespace=" + namespace + ", slug=" + slug + "]";
  }
}
