package io.renku.data.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which repository URLs builds may clone: the server-side request forgery guard. */
class RepositoryAddressTest {

  @Test
  void loopbackPrivateLinkLocalAndMetadataAddressesAreRefused() {
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/repo.git",
          "http://localhost/repo.git",
          "http://[::1]/repo.git",
          "http://10.0.0.5/repo.git",
          "http://172.16.3.4/repo.git",
          "http://192.168.1.1/repo.git",
          "http://169.254.169.254/latest/meta-data/",
          "http://100.64.0.1/repo.git",
          "http://0.0.0.0/repo.git",
          "http://[fd00::1]/repo.git"
        }) {
      assertThat(RepositoryAddress.problem(url, false)).as(url).contains("private or local");
    }
  }

  @Test
  void onlyHttpUrlsWithAHostAndNoCredentials() {
    assertThat(RepositoryAddress.problem("file:///etc/passwd", true)).contains("http");
    assertThat(RepositoryAddress.problem("ssh://git@example.org/r.git", true)).contains("http");
    assertThat(RepositoryAddress.problem("ext::sh -c touch% /tmp/x", true)).isNotNull();
    assertThat(RepositoryAddress.problem("http:///nohost", true)).isNotNull();
    assertThat(RepositoryAddress.problem("https://user:secret@example.org/r.git", true))
        .contains("credentials");
    assertThat(RepositoryAddress.problem("", true)).isEqualTo("is required");
    assertThat(RepositoryAddress.problem(null, true)).isEqualTo("is required");
  }

  @Test
  void privateAddressesAreAcceptedWhenThePlatformAllowsThemButNeverMetadataEndpoints() {
    assertThat(RepositoryAddress.problem("http://127.0.0.1:8080/repo.git", true)).isNull();
    assertThat(RepositoryAddress.problem("http://10.1.2.3/repo.git", true)).isNull();
    assertThat(RepositoryAddress.problem("http://169.254.169.254/latest/meta-data/", true))
        .contains("private or local");
    assertThat(RepositoryAddress.problem("http://[fe80::1]/", true)).contains("private or local");
    assertThat(RepositoryAddress.problem("http://metadata.google.internal/", true))
        .contains("private or local");
  }

  @Test
  void namesAreNotResolvedWhenALauncherIsSavedButAreBeforeACloneHappens() {
    assertThat(RepositoryAddress.problem("https://no-such-host.invalid/r.git", false)).isNull();
    assertThat(RepositoryAddress.problem("http://metadata.google.internal/", false))
        .contains("private or local");
    assertThat(RepositoryAddress.problem("http://gitserver/r.git", false))
        .contains("private or local");
    assertThatThrownBy(() -> RepositoryAddress.publicAddress("localhost"))
        .hasMessageContaining("private or local");
    assertThatThrownBy(() -> RepositoryAddress.publicAddress("no-such-host.invalid"))
        .hasMessageContaining("does not resolve");
  }

  @Test
  void publicAddressesAreAccepted() throws Exception {
    assertThat(RepositoryAddress.isPublic(InetAddress.getByName("140.82.121.4"))).isTrue();
    assertThat(RepositoryAddress.isPublic(InetAddress.getByName("2a00:1450:4001::1"))).isTrue();
    assertThat(RepositoryAddress.isPublic(InetAddress.getByName("192.168.0.1"))).isFalse();
  }
}
