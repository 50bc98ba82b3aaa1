package io.renku.data.environment;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A session environment: what a session runs (image, command) and how it is reached (port, default
 * URL). {@code command} and {@code args} are null when the image's own are used. An environment
 * built from a repository ({@code imageSource} {@value #BUILD}) has {@code build}, and no image
 * until its first build succeeds.
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
    OffsetDateTime creationDate,
    BuildParameters build) {

  public static final String GLOBAL = "GLOBAL";
  public static final String CUSTOM = "CUSTOM";
  public static final String IMAGE = "image";
  public static final String BUILD = "build";
  public static final String DEFAULT_URL = "/lab";
  public static final int DEFAULT_UID = 1000;
  public static final int DEFAULT_PORT = 8080;

  /** Whether its image comes from a build. */
  public boolean built() {
    return BUILD.equals(imageSource);
  }

  /**
   * An image and what a session needs to run it, as a build leaves them (the build's preset).
   *
   * @param command empty for the image's own entry point
   * @param args empty for the image's own arguments
   */
  public record RunSettings(
      String image,
      int port,
      int uid,
      int gid,
      String workingDirectory,
      String mountDirectory,
      String defaultUrl,
      boolean stripPathPrefix,
      List<String> command,
      List<String> args) {}

  /** The same environment with a built image and what a session needs to run it. */
  public Environment withImage(RunSettings run) {
    return new Environment(
        id,
        name,
        description,
        run.image(),
        run.defaultUrl(),
        run.uid(),
        run.gid(),
        run.workingDirectory(),
        run.mountDirectory(),
        run.port(),
        run.command() == null || run.command().isEmpty() ? null : List.copyOf(run.command()),
        run.args() == null || run.args().isEmpty() ? null : List.copyOf(run.args()),
        archived,
        run.stripPathPrefix(),
        kind,
        imageSource,
        creationDate,
        build);
  }
}
