package io.renku.data.build;

import java.time.Instant;
import java.util.List;

/**
 * A built session image and how a session runs it: on success the build service writes these into
 * the environment (the original's per-frontend presets: port 8888, uid and gid 1000, work directory
 * {@code /home/renku/work}, {@code /lab} for JupyterLab).
 *
 * @param image the pullable reference, e.g. {@code 127.0.0.1:5000/renku-build:renku-01j...}
 * @param repositoryUrl the repository it was built from
 * @param commitSha the commit that was built
 * @param completedAt when the build finished
 * @param command the session's command; empty for the image's own entry point
 * @param args the session's arguments; empty for the image's own
 */
public record BuiltImage(
    String image,
    String repositoryUrl,
    String commitSha,
    Instant completedAt,
    int port,
    int uid,
    int gid,
    String workingDirectory,
    String mountDirectory,
    String defaultUrl,
    boolean stripPathPrefix,
    List<String> command,
    List<String> args) {

  public BuiltImage {
    command = List.copyOf(command);
    args = List.copyOf(args);
  }
}
