package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UserKeysTest {
  private static final byte[] ENCRYPTION_KEY =
      "the data service's key".getBytes(StandardCharsets.UTF_8);

  private final UserKeys userKeys = new UserKeys(new SecretBox());

  @Test
  void aNewKeyIsTokenUrlsafe32() {
    UserSecretKey one = UserKeys.newKey();
    UserSecretKey two = UserKeys.newKey();

    assertThat(one.text()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(one).isNotEqualTo(two);
    assertThat(one.toString()).doesNotContain(one.text());
  }

  @Test
  void theStoredFormOpensOnlyWithTheEncryptionKeyAndTheSameUserId() {
    UserSecretKey key = UserKeys.newKey();

    byte[] stored = userKeys.encryptForStorage(ENCRYPTION_KEY, "user-1", key);

    assertThat(new String(stored, StandardCharsets.US_ASCII)).doesNotContain(key.text());
    assertThat(userKeys.decryptFromStorage(ENCRYPTION_KEY, "user-1", stored)).isEqualTo(key);
    assertThatThrownBy(() -> userKeys.decryptFromStorage(ENCRYPTION_KEY, "user-2", stored))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> assertThat(e.getMessage()).doesNotContain(key.text()));
    assertThatThrownBy(
            () ->
                userKeys.decryptFromStorage(
                    "another".getBytes(StandardCharsets.UTF_8), "user-1", stored))
        .isInstanceOf(SecretCryptoException.class);
  }
}
