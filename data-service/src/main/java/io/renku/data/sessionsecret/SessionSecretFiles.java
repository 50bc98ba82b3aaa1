package io.renku.data.sessionsecret;

import java.util.Map;

/**
 * What a session of a project gets from its slots for one user: the directory the files go to (the
 * project's {@code secrets_mount_directory}; a relative one is meant relative to the environment's
 * mount directory) and, for every slot the user has filled, its file name → the user secret's id.
 */
public record SessionSecretFiles(String mountDirectory, Map<String, String> files) {

  /** The original's default when a project names no directory. */
  public static final String DEFAULT_MOUNT_DIRECTORY = "/secrets";

  public SessionSecretFiles {
    mountDirectory =
        mountDirectory == null || mountDirectory.isBlank()
            ? DEFAULT_MOUNT_DIRECTORY
            : mountDirectory;
    files = Map.copyOf(files);
  }
}
