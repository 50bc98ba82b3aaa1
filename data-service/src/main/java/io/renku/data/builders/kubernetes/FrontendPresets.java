package io.renku.data.builders.kubernetes;

import io.renku.data.build.BuiltImage;
import java.time.Instant;
import java.util.List;

/**
 * How a session runs an image the buildpacks made, per frontend: the original's {@code
 * BUILD_ENVIRONMENT_CONFIGS} ({@code session/models.py}). Every frontend listens on 8888 as uid and
 * gid 1000 in {@code /home/renku/work}, with the image's own entry point (no command or args);
 * JupyterLab opens at {@code /lab}, RStudio needs the path prefix stripped. A frontend the original
 * has no preset for gets the common one (the original then leaves the environment as it was and
 * logs an error; a session that starts beats one that does not).
 */
final class FrontendPresets {

  static final int PORT = 8888;
  static final int UID = 1000;
  static final int GID = 1000;
  static final String WORK_DIRECTORY = "/home/renku/work";

  private FrontendPresets() {}

  static BuiltImage builtImage(
      String frontend, String image, String repositoryUrl, String commitSha, Instant completedAt) {
    return new BuiltImage(
        image,
        repositoryUrl,
        commitSha,
        completedAt,
        PORT,
        UID,
        GID,
        WORK_DIRECTORY,
        WORK_DIRECTORY,
        "jupyterlab".equals(frontend) ? "/lab" : "/",
        "rstudio".equals(frontend),
        List.of(),
        List.of());
  }
}
