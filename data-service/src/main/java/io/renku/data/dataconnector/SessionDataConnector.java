package io.renku.data.dataconnector;

import java.util.Map;

/**
 * A connector as a session mounts it, for one user.
 *
 * @param configuration the rclone options without credentials (sensitive options are left out)
 * @param secretIds for each credential option the user saved, the id of their user secret holding
 *     it; the secrets service turns them into values for the session, never the data service
 */
public record SessionDataConnector(
    String id,
    String slug,
    String storageType,
    Map<String, String> configuration,
    String sourcePath,
    String targetPath,
    boolean readonly,
    Map<String, String> secretIds) {

  public SessionDataConnector {
    configuration = Map.copyOf(configuration);
    secretIds = Map.copyOf(secretIds);
  }
}
