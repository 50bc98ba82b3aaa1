package io.renku.sidecars.cloner;

import io.renku.sidecars.GoLog;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.SubmoduleUpdateCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Clones the submodules of a fresh clone (Go: recursive submodules), one level deep, and only those
 * whose URL is http(s): a submodule URL is chosen by whoever wrote the repository, and a {@code
 * file://} or ssh URL would reach into the sidecar's own filesystem or network.
 */
final class Submodules {
  private Submodules() {}

  static void update(Git git, CredentialsProvider credentials, GoLog log) throws GitAPIException {
    try (SubmoduleWalk walk = SubmoduleWalk.forIndex(git.getRepository())) {
      if (!walk.next()) {
        return;
      }
      git.submoduleInit().call();
      SubmoduleUpdateCommand update = git.submoduleUpdate().setCredentialsProvider(credentials);
      int allowed = 0;
      try (SubmoduleWalk again = SubmoduleWalk.forIndex(git.getRepository())) {
        while (again.next()) {
          String url = again.getConfigUrl();
          String scheme = url == null ? "" : schemeOf(url);
          if (scheme.equals("http") || scheme.equals("https")) {
            update.addPath(again.getPath());
            allowed++;
          } else {
            log.print("skipping submodule " + again.getPath() + ": not an http(s) URL");
          }
        }
      }
      if (allowed > 0) {
        update.call();
      }
    } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      throw new IllegalStateException("failed to inialize submodules: " + e.getMessage(), e);
    }
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf("://");
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
