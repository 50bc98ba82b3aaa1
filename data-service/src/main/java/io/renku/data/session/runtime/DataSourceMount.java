package io.renku.data.session.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * One data connector as a session mounts it (rclone; decision 0033). Plain values: the runtime
 * never sees a secret value here, only the ids of the owner's secrets that hold the sensitive
 * options.
 *
 * @param name the connector's name in this session (its slug): a path component, unique among the
 *     session's mounts
 * @param storageType rclone's backend ({@code s3}, {@code webdav}, ...)
 * @param options the connector's non-sensitive rclone options (option name → value)
 * @param secretOptions the sensitive rclone options: option name → the owner's user secret id whose
 *     value the option takes (as rclone's configuration holds it: password options obscured)
 * @param sourcePath the path on the remote ({@code bucket/folder}), may be empty
 * @param targetPath where the data appears in the session: absolute, or relative to the session's
 *     working directory as the original
 * @param readOnly whether the session may only read
 */
public record DataSourceMount(
    String name,
    String storageType,
    Map<String, String> options,
    Map<String, String> secretOptions,
    String sourcePath,
    String targetPath,
    boolean readOnly) {

  public DataSourceMount {
    options =
        options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    secretOptions =
        secretOptions == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(secretOptions));
    sourcePath = sourcePath == null ? "" : sourcePath;
  }

  /** The target path inside the session, relative ones below {@code workingDirectory}. */
  public String targetPathIn(String workingDirectory) {
    String target = targetPath == null || targetPath.isBlank() ? name : targetPath;
    if (target.startsWith("/")) {
      return normalized(target);
    }
    String base = workingDirectory.endsWith("/") ? workingDirectory : workingDirectory + "/";
    return normalized(base + target);
  }

  private static String normalized(String path) {
    String p = java.nio.file.Path.of(path).normalize().toString();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
