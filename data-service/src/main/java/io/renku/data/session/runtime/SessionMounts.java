package io.renku.data.session.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data and credentials a session gets besides its image and repositories (decision 0033): the
 * project's session secrets (each slot's file, filled with one of the owner's secrets) and its data
 * connectors. Only ids of secrets travel here; the secrets service turns them into files or a
 * Kubernetes Secret.
 *
 * @param secretsMountDirectory where the secret files appear in the session: absolute, or relative
 *     to the session's mount directory; null for {@link #DEFAULT_SECRETS_MOUNT_DIRECTORY}
 * @param secretFiles file name → the owner's user secret id
 * @param dataSources the connectors to mount, in order
 */
public record SessionMounts(
    String secretsMountDirectory,
    Map<String, String> secretFiles,
    List<DataSourceMount> dataSources) {

  /** The original's default for a project's {@code secrets_mount_directory}. */
  public static final String DEFAULT_SECRETS_MOUNT_DIRECTORY = "/secrets";

  /** Nothing to mount. */
  public static final SessionMounts NONE = new SessionMounts(null, Map.of(), List.of());

  /** Where the secrets directory delivered files go: {@code secrets/<file>}. */
  public static final String SECRETS_DIR = "secrets";

  /** Where the connectors' sensitive options go: {@code storage/<mount name>/<option>}. */
  public static final String STORAGE_DIR = "storage";

  public SessionMounts {
    secretFiles =
        secretFiles == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(secretFiles));
    dataSources = dataSources == null ? List.of() : List.copyOf(dataSources);
  }

  public boolean isEmpty() {
    return secretFiles.isEmpty() && dataSources.isEmpty();
  }

  /** The secrets directory in the session, relative ones below {@code mountDirectory}. */
  public String secretsMountDirectoryIn(String mountDirectory) {
    String dir =
        secretsMountDirectory == null || secretsMountDirectory.isBlank()
            ? DEFAULT_SECRETS_MOUNT_DIRECTORY
            : secretsMountDirectory;
    return new DataSourceMount("secrets", "", null, null, "", dir, true)
        .targetPathIn(mountDirectory);
  }

  /**
   * What a local session asks the secrets service to write ({@code SecretDelivery.writeFiles}):
   * relative path → user secret id, the slots' files under {@link #SECRETS_DIR} and each
   * connector's sensitive options under {@link #STORAGE_DIR}{@code /<name>/<option>}.
   */
  public Map<String, String> deliveryFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    secretFiles.forEach((file, id) -> files.put(SECRETS_DIR + "/" + file, id));
    for (DataSourceMount m : dataSources) {
      m.secretOptions()
          .forEach((option, id) -> files.put(STORAGE_DIR + "/" + m.name() + "/" + option, id));
    }
    return files;
  }
}
