package io.renku.data.dataconnector;

import java.util.Map;

/**
 * Where a connector's data is and where sessions mount it.
 *
 * @param storageType the rclone type (the configuration's {@code type})
 * @param configuration the rclone options, with {@value DataConnectorStorage#SENSITIVE} in place of
 *     every credential (users save their own credentials as secrets)
 */
public record DataConnectorStorage(
    String storageType,
    Map<String, Object> configuration,
    String sourcePath,
    String targetPath,
    boolean readonly) {

  /** What a credential's value is replaced with in a stored configuration (as the original). */
  public static final String SENSITIVE = "<sensitive>";

  public DataConnectorStorage {
    configuration =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(configuration));
  }
}
