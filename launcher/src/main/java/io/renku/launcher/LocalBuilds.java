package io.renku.launcher;

import io.renku.data.builders.local.LocalRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on local mode's image builds ("build from code"): where sessions run as containers and the
 * registry ({@code docker-registry}) is installed, the data service builds images with podman and
 * keeps them in a registry on loopback, with the registry's images and the builds' working copies
 * in the data directory ({@code builds/registry}, {@code builds/work}).
 */
final class LocalBuilds {
  private static final Logger log = LoggerFactory.getLogger(LocalBuilds.class);

  private LocalBuilds() {}

  /**
   * The data service's {@code renku.builds.*} settings, given the session settings {@link
   * SessionEngine#prepare} chose; empty (builds off) where they cannot run.
   */
  static Map<String, Object> prepare(LauncherOptions o, Map<String, Object> sessions) {
    if (!"container".equals(sessions.get("renku.sessions.runtime"))) {
      log.info("Image builds from code are off: sessions do not run as containers here");
      return Map.of();
    }
    if (!LocalRegistry.available()) {
      log.warn(
          "Image builds from code are off: the image registry {} is not installed (Debian package"
              + " docker-registry; ./renku up installs it)",
          LocalRegistry.EXECUTABLE);
      return Map.of();
    }
    return Map.of(
        "renku.builds.enabled",
        true,
        "renku.builds.builder",
        "local",
        "renku.builds.local.registry-dir",
        o.dataDir().resolve("builds").resolve("registry").toString(),
        "renku.builds.local.work-dir",
        o.dataDir().resolve("builds").resolve("work").toString(),
        // as for the sessions' clones: this machine's own addresses only while the platform is
        // reachable from this machine alone
        "renku.builds.allow-private-repositories",
        o.listensOnLoopbackOnly());
  }
}
