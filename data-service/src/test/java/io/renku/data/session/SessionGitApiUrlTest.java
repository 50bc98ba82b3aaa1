package io.renku.data.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a container session's git credential helper reaches the token endpoint (decision 0040). */
class SessionGitApiUrlTest {
  @Test
  void theSettingWins() {
    assertThat(
            SessionRuntimeConfig.containerApiUrl(
                "http://10.0.0.5:8080/api/data/", "http://localhost:8080"))
        .isEqualTo("http://10.0.0.5:8080/api/data");
  }

  @Test
  void aLoopbackPublicUrlBecomesPodmansNameOfTheHost() {
    assertThat(SessionRuntimeConfig.containerApiUrl("", "http://localhost:8080/"))
        .isEqualTo("http://host.containers.internal:8080/api/data");
    assertThat(SessionRuntimeConfig.containerApiUrl(null, "http://127.0.0.1:9000"))
        .isEqualTo("http://host.containers.internal:9000/api/data");
  }

  @Test
  void aPublicUrlStaysAsItIs() {
    assertThat(SessionRuntimeConfig.containerApiUrl("", "https://renku.example.org"))
        .isEqualTo("https://renku.example.org/api/data");
    assertThat(SessionRuntimeConfig.containerApiUrl("", "")).isNull();
  }
}
