package io.renku.data.builders.local;

import io.renku.data.build.BuiltImage;
import io.renku.data.environment.DefaultEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a session runs a built image, per frontend variant: the original's presets for built
 * environments (port 8888, uid and gid 1000, {@code /home/renku/work}) and the command that starts
 * the frontend behind the platform's proxy, as the default Jupyter environment starts it ({@code
 * $(VAR)} are filled in by the session runtime).
 *
 * <p>{@code jupyterlab}: Debian 12 has no JupyterLab package, and this machine reaches no other
 * package index, so the image is the default environment's (Debian's classic Jupyter notebook
 * server, {@code jupyter-notebook}); its start page is {@code /tree}, not JupyterLab's {@code
 * /lab}, which that server does not serve. {@code vscodium}: Debian has no package for it (nor for
 * code-server), so this builder does not offer it.
 *
 * @param image the image the frontend's builds start from
 */
record FrontendPreset(String image, String defaultUrl, List<String> command, List<String> args) {
  static final String WORK_DIR = "/home/renku/work";
  static final int PORT = 8888;
  static final int UID = 1000;

  /** The frontends this builder offers, by variant, built on {@code jupyterImage}. */
  static Map<String, FrontendPreset> all(String jupyterImage) {
    return Map.of(
        "jupyterlab",
        new FrontendPreset(
            jupyterImage,
            "/tree",
            DefaultEnvironment.JUPYTER_COMMAND,
            DefaultEnvironment.JUPYTER_ARGS));
  }

  static Optional<FrontendPreset> of(String variant, String jupyterImage) {
    return Optional.ofNullable(all(jupyterImage).get(variant));
  }

  BuiltImage result(String reference, String repository, String commitSha, Instant completedAt) {
    return new BuiltImage(
        reference,
        repository,
        commitSha,
        completedAt,
        PORT,
        UID,
        UID,
        WORK_DIR,
        WORK_DIR,
        defaultUrl,
        false,
        command,
        args);
  }
}
