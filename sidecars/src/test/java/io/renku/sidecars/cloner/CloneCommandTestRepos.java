package io.renku.sidecars.cloner;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/** Test repositories, made with JGit. */
public final class CloneCommandTestRepos {
  private CloneCommandTestRepos() {}

  /** A bare repository with main (README) and feature (FEATURE) branches, made with JGit. */
  public static void makeRepo(Path bare) throws Exception {
    Path src = Files.createTempDirectory("src");
    try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
      Files.writeString(src.resolve("README.md"), "hello\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("first")
          .setSign(false)
          .setAuthor("t", "t@example.org")
          .setCommitter("t", "t@example.org")
          .call();
      git.branchCreate().setName("feature").call();
      git.checkout().setName("feature").call();
      Files.writeString(src.resolve("FEATURE"), "feature\n");
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("feature")
          .setSign(false)
          .setAuthor("t", "t@example.org")
          .setCommitter("t", "t@example.org")
          .call();
      git.checkout().setName("main").call();
    }
    Git.cloneRepository()
        .setURI(src.toUri().toString())
        .setDirectory(bare.toFile())
        .setBare(true)
        .setCloneAllBranches(true)
        .call()
        .close();
  }
}
