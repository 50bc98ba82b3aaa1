package io.renku.sidecars.cloner;

import java.io.IOException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit read no git configuration but the clone's own: no {@code ~/.gitconfig}, no {@code
 * /etc/gitconfig}, no JGit settings file. A user or system configuration could rewrite the remote
 * ({@code url.<x>.insteadOf}), add credential helpers or proxies; the clone must depend on the
 * arguments only, in the image and on a developer's machine alike.
 */
final class IsolatedGitConfig {
  private IsolatedGitConfig() {}

  static void install() {
    SystemReader current = SystemReader.getInstance();
    SystemReader.setInstance(
        new SystemReader.Delegate(current) {
          @Override
          public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return empty(parent, fs);
          }

          @Override
          public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return empty(parent, fs);
          }

          @Override
          public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return empty(parent, fs);
          }
        });
  }

  private static FileBasedConfig empty(Config parent, FS fs) {
    return new FileBasedConfig(parent, null, fs) {
      @Override
      public void load() {
        // nothing to read
      }

      @Override
      public void save() throws IOException {
        // nothing is written outside the clone
      }

      @Override
      public boolean isOutdated() {
        return false;
      }
    };
  }
}
