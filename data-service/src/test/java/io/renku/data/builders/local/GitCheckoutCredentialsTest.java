package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.support.TestGitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local builder's clone of a private repository with the build owner's credentials (decision
 * 0040), against {@code git http-backend} on loopback that checks the token: the clone works with
 * them, fails without, and leaves the token nowhere in the clone (the build context) or the logs.
 */
class GitCheckoutCredentialsTest {
  private static final String TOKEN = "access-" + java.util.UUID.randomUUID();
  private static TestGitServer git;

  @BeforeAll
  static void server() {
    git = new TestGitServer(Set.of("private.git"), Set.of(), TOKEN::equals);
  }

  @AfterAll
  static void stop() {
    git.close();
  }

  private static LocalBuildSettings settings(Path work) {
    return new LocalBuildSettings(
        work, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), true, 1);
  }

  @Test
  void clonesAPrivateRepositoryWithTheOwnersTokenAndKeepsItOutOfTheClone() throws Exception {
    Path work = Files.createTempDirectory("renku-test-checkout");
    StepLogs logs = new StepLogs();
    String authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("oauth2:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    String sha =
        new GitCheckout(
                Path.of("/usr/bin/git"), settings(work), new StepProcesses(), logs, authorization)
            .checkout(git.base() + "/private.git", "main", work.resolve("project"));
    assertThat(sha).matches("[0-9a-f]{40}");
    assertThat(work.resolve("project/README.md")).exists();
    try (var files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readAllBytes(f))
            .as(f.toString())
            .asString(StandardCharsets.ISO_8859_1)
            .doesNotContain(TOKEN)
            .doesNotContain(authorization.substring(6));
      }
    }
    assertThat(String.join("\n", logs.last(1000).values())).doesNotContain(TOKEN);
  }

  @Test
  void withoutTheTokenThePrivateRepositoryIsNotCloned() throws Exception {
    Path work = Files.createTempDirectory("renku-test-checkout");
    assertThatThrownBy(
            () ->
                new GitCheckout(
                        Path.of("/usr/bin/git"),
                        settings(work),
                        new StepProcesses(),
                        new StepLogs())
                    .checkout(git.base() + "/private.git", "main", work.resolve("project")))
        .isInstanceOf(BuildFailure.class)
        .hasMessageContaining("could not be cloned");
  }
}
