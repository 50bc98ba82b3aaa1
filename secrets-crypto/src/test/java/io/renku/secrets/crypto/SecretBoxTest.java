package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final byte[] PASSWORD = "pw".getBytes(StandardCharsets.UTF_8);

  @Test
  void encryptStringRoundTripAndFreshTokensEachTime() {
    SecretBox box = new SecretBox();

    byte[] one = box.encryptString(PASSWORD, "user-1", "value");
    byte[] two = box.encryptString(PASSWORD, "user-1", "value");

    assertThat(one).isNotEqualTo(two);
    assertThat(box.decryptString(PASSWORD, "user-1", one)).isEqualTo("value");
    assertThat(box.decryptString(PASSWORD, "user-1", two)).isEqualTo("value");
  }

  @Test
  void theCacheGivesTheSameKeysAsDerivingAfreshAndKeepsSaltsApart() {
    SecretBox cached = new SecretBox(2);

    FernetKey first = cached.key(PASSWORD, "user-1");

    assertThat(cached.isCached(PASSWORD, "user-1")).isTrue();
    assertThat(cached.key(PASSWORD, "user-1"))
        .isEqualTo(first)
        .isEqualTo(SecretBox.uncached().key(PASSWORD, "user-1"));
    assertThat(cached.key(PASSWORD, "user-2")).isNotEqualTo(first);
    // (password, salt) pairs whose concatenations are equal still get different keys
    assertThat(cached.key("pwu".getBytes(StandardCharsets.UTF_8), "ser-1")).isNotEqualTo(first);
  }

  @Test
  void theCacheIsBoundedAndDropsTheLeastRecentlyUsedKey() {
    SecretBox cached = new SecretBox(2);
    cached.key(PASSWORD, "a");
    cached.key(PASSWORD, "b");
    cached.key(PASSWORD, "a"); // a is now the most recently used

    cached.key(PASSWORD, "c");

    assertThat(cached.isCached(PASSWORD, "a")).isTrue();
    assertThat(cached.isCached(PASSWORD, "b")).isFalse();
    assertThat(cached.isCached(PASSWORD, "c")).isTrue();
    assertThat(new SecretBox(0).isCached(PASSWORD, "a")).isFalse();
  }
}
