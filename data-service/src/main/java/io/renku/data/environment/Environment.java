package io.renku.data.environment;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A session environment: what a session runs (image, command) and how it is reached (port, default
 * URL). {@code command} and {@code args} are null when the image's own are used.
 */
public record Environment(
    String id,
    String name,
    String description,
    String containerImage,
    String defaultUrl,
    int uid,
    int gid,
    String workingDirectory,
    String mountDirectory,
    int port,
    List<String> command,
    List<String> args,
    boolean archived,
    boolean stripPathPrefix,
    String kind,
    String imageSource,
    OffsetDateTime creationDate) {

  public static final String GLOBAL = "GLOBAL";
  public static final String DEFAULT_URL = "/lab";
  public static final int DEFAULT_UID = 1000;
  public static final int DEFAULT_PORT = 8080;
}
