package io.renku.launcher;

import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.LocalImages;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where local mode's sessions run and gets that ready: with {@code container} (or {@code
 * auto} where podman is installed) the engine's settings for this machine and the default Jupyter
 * image, built from Debian's packages at the first start (a minute or two, with progress lines) and
 * reused afterwards; otherwise processes on this machine (decision 0021).
 */
final class SessionEngine {
  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);

  private SessionEngine() {}

  /** The data service's {@code renku.sessions.*} settings for the runtime chosen. */
  static Map<String, Object> prepare(LauncherOptions o) {
    String wanted = o.sessionRuntime();
    if (wanted.equals("process")) {
      log.info("Sessions run as processes on this machine (--session-runtime process)");
      return Map.of("renku.sessions.runtime", "process");
    }
    Optional<EngineSetup> engine;
    try {
      engine = EngineSetup.detect(o.dataDir().resolve("sessions").resolve("engine"));
    } catch (RuntimeException e) {
      return fallBack(wanted, "podman does not work here: " + e.getMessage());
    }
    if (engine.isEmpty()) {
      return fallBack(
          wanted,
          "podman is not installed (Debian packages podman and runc; ./renku up installs them)");
    }
    String image;
    try {
      image =
          new LocalImages(
                  engine.get().podman(),
                  LocalImages.defaultCacheDir(),
                  line -> log.info("{}", line))
              .ensureJupyter();
    } catch (RuntimeException e) {
      return fallBack(wanted, "the session image could not be built: " + e.getMessage());
    }
    log.info(
        "Sessions run as containers ({}); default image {}",
        engine.get().facts().describe(),
        image);
    return Map.of(
        "renku.sessions.runtime",
        "container",
        "renku.sessions.container.default-image",
        image,
        // Repositories on this machine's own addresses may be cloned only while the platform is
        // reachable from this machine alone (then its users are this machine's users).
        "renku.sessions.container.allow-private-repository-hosts",
        o.listensOnLoopbackOnly());
  }

  private static Map<String, Object> fallBack(String wanted, String why) {
    if (wanted.equals("container")) {
      throw new IllegalStateException("Sessions cannot run as containers: " + why);
    }
    log.warn(
        "Sessions run as processes on this machine, not in containers: {}. Only administrators"
            + " may then choose what a session runs.",
        why);
    return Map.of("renku.sessions.runtime", "process");
  }
}
