package io.renku.gateway.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  private static final Instant EXPIRY = Instant.parse("2026-12-01T00:00:00Z");

  private final TokenCipher cipher = new TokenCipher(randomKey());

  @Test
  void opensWhatItSealedWithANewNonceEachTime() {
    TokenSet tokens = new TokenSet("access", EXPIRY, "refresh", null, "id");
    byte[] first = cipher.encrypt(tokens);
    byte[] second = cipher.encrypt(tokens);
    assertThat(first).isNotEqualTo(second);
    assertThat(cipher.decrypt(first)).isEqualTo(tokens);
    assertThat(cipher.decrypt(first)).isEqualTo(tokens);
    assertThat(cipher.decrypt(second)).isEqualTo(tokens);
  }

  @Test
  void alteredBytesAreRefusedEvenAfterTheOriginalWasOpened() {
    byte[] sealed = cipher.encrypt(new TokenSet("access", EXPIRY, null, null, null));
    cipher.decrypt(sealed);
    for (int i : new int[] {0, 11, 12, sealed.length - 1}) {
      byte[] altered = sealed.clone();
      altered[i] ^= 1;
      assertThatThrownBy(() -> cipher.decrypt(altered))
          .as("byte %d altered", i)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anotherKeyCannotOpenIt() {
    byte[] sealed = cipher.encrypt(new TokenSet("access", EXPIRY, null, null, null));
    cipher.decrypt(sealed);
    assertThatThrownBy(() -> new TokenCipher(randomKey()).decrypt(sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCallerChangingItsArrayAfterwardsChangesNothingRemembered() {
    TokenSet tokens = new TokenSet("access", EXPIRY, null, null, null);
    byte[] sealed = cipher.encrypt(tokens);
    byte[] kept = sealed.clone();
    cipher.decrypt(sealed);
    sealed[sealed.length - 1] ^= 1;
    assertThat(cipher.decrypt(kept)).isEqualTo(tokens);
    assertThatThrownBy(() -> cipher.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepsOpeningCorrectlyBeyondWhatItRemembers() {
    for (int i = 0; i < TokenCipher.REMEMBERED * 2 + 3; i++) {
      TokenSet tokens = new TokenSet("access-" + i, EXPIRY, null, null, null);
      assertThat(cipher.decrypt(cipher.encrypt(tokens))).isEqualTo(tokens);
    }
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
