package io.renku.data.build.local;

import io.renku.data.build.BuiltImage;
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
            List.of("/usr/bin/jupyter-notebook"),
            List.of(
                "--ip=$(RENKU_SESSION_IP)",
                "--port=$(RENKU_SESSION_PORT)",
                "--no-browser",
                "--allow-root",
                "--notebook-dir=$(RENKU_WORKING_DIR)",
                "--NotebookApp.base_url=$(RENKU_BASE_URL_PATH)",
                // the gateway is the one in front: it checks who may come in and rewrites nothing
                "--NotebookApp.allow_remote_access=True",
                "--NotebookApp.allow_origin=*")));
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
