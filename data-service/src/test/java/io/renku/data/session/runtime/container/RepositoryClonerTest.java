package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a repository is cloned to, and which URLs are refused before git runs. */
class RepositoryClonerTest {
  private static final Path GIT = Path.of("/usr/bin/git");
  private final RepositoryCloner publicOnly = new RepositoryCloner(GIT, false);
  private final RepositoryCloner onOneMachine = new RepositoryCloner(GIT, true);

  @Test
  void theDirectoryIsTheLastPathSegmentWithoutGit() {
    assertThat(RepositoryCloner.directoryName("https://example.org/group/repo.git"))
        .isEqualTo("repo");
    assertThat(RepositoryCloner.directoryName("https://example.org/group/repo/")).isEqualTo("repo");
    assertThat(RepositoryCloner.directoryName("https://example.org/group/repo.git///"))
        .isEqualTo("repo");
    assertThat(RepositoryCloner.directoryName("https://example.org/a/my%20data"))
        .as("only letters, digits, '.', '_', '-'")
        .isEqualTo("my_data");
    assertThat(RepositoryCloner.directoryName("https://example.org/a/..hidden"))
        .as("never a dot directory, never '..'")
        .isEqualTo("hidden");
    assertThat(RepositoryCloner.directoryName("https://example.org/a/..")).isEqualTo("repository");
    assertThat(RepositoryCloner.directoryName("https://example.org/")).isEqualTo("repository");
    assertThat(RepositoryCloner.directoryName("https://example.org")).isEqualTo("repository");
    assertThat(RepositoryCloner.directoryName("not a url/x.git")).isEqualTo("x");
  }

  @Test
  void onlyHttpUrlsWithAHostAndNoCredentials() {
    assertThat(onOneMachine.refusal("file:///etc")).contains("not an HTTPS address");
    assertThat(onOneMachine.refusal("ext::sh")).contains("not an HTTPS address");
    assertThat(onOneMachine.refusal("ext::sh -c touch% /tmp/x")).isNotNull();
    assertThat(onOneMachine.refusal("ssh://git@example.org/repo.git"))
        .contains("not an HTTPS address");
    assertThat(onOneMachine.refusal("git://example.org/repo.git")).contains("not an HTTPS address");
    assertThat(onOneMachine.refusal("git@example.org:group/repo.git")).isNotNull();
    assertThat(onOneMachine.refusal("https:///repo.git")).isNotNull();
    assertThat(onOneMachine.refusal("https://user:secret@example.org/repo.git"))
        .contains("credentials");
    assertThat(onOneMachine.refusal("-https://example.org/repo.git")).isNotNull();
  }

  @Test
  void internalAddressesAreRefusedUnlessAllowed() {
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/repo.git",
          "http://localhost/repo.git",
          "http://[::1]/repo.git",
          "https://10.1.2.3/repo.git",
          "https://192.168.1.1/repo.git",
          "https://172.16.0.1/repo.git",
          "https://169.254.169.254/latest/meta-data",
          "https://100.64.0.1/repo.git",
          "https://[fd00::1]/repo.git",
          "https://0.0.0.0/repo.git"
        }) {
      assertThat(publicOnly.refusal(url))
          .as(url)
          .isEqualTo("points into the platform's own network");
      assertThat(onOneMachine.refusal(url)).as(url).isNull();
    }
  }

  @Test
  void aPublicAddressIsCloned() {
    assertThat(publicOnly.refusal("https://93.184.215.14/group/repo.git")).isNull();
    assertThat(publicOnly.refusal("http://93.184.215.14/group/repo.git")).isNull();
  }

  @Test
  void aHostThatDoesNotResolveIsNamed() {
    assertThat(publicOnly.refusal("https://no-such-host.invalid/repo.git"))
        .isEqualTo("names a host that does not exist (no-such-host.invalid)");
  }
}
