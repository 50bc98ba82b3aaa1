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
    long start = System.nanoTime();
    FernetKey again = cached.key(PASSWORD, "user-1");
    long hitNanos = System.nanoTime() - start;

    assertThat(again).isEqualTo(first).isEqualTo(SecretBox.uncached().key(PASSWORD, "user-1"));
    assertThat(cached.key(PASSWORD, "user-2")).isNotEqualTo(first);
    // (password, salt) pairs whose concatenations are equal still get different keys
    assertThat(cached.key("pwu".getBytes(StandardCharsets.UTF_8), "ser-1")).isNotEqualTo(first);
    // a hit does not derive again (480 000 HMACs take far longer than 20 ms)
    assertThat(hitNanos).isLessThan(20_000_000L);
  }
}
