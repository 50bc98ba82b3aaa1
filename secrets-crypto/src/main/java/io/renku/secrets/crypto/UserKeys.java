package io.renku.secrets.crypto;

import io.renku.core.RandomBytes;
import java.util.Base64;

/**
 * Users' personal keys (data service side): made on first need and stored as {@code
 * encrypt_string(ENCRYPTION_KEY, salt=user_id, key)} in the user's row; only the data service holds
 * {@code ENCRYPTION_KEY}, so the secrets service can never open that column.
 */
public final class UserKeys {
  private static final int KEY_BYTES = 32;

  private final SecretBox box;

  /**
   * {@code box} caches derivations: opening a user's key happens on every request that needs it.
   */
  public UserKeys(SecretBox box) {
    this.box = box;
  }

  /** A new key: {@code secrets.token_urlsafe(32)}, 32 random bytes as base64url without padding. */
  public static UserSecretKey newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RandomBytes.fill(bytes);
    return new UserSecretKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The stored form of {@code key}: a Fernet token (ASCII bytes). */
  public byte[] encryptForStorage(byte[] encryptionKey, String userId, UserSecretKey key) {
    return box.encryptString(encryptionKey, userId, key.text());
  }

  /** The key of its stored form; {@link SecretCryptoException} if it was made for someone else. */
  public UserSecretKey decryptFromStorage(byte[] encryptionKey, String userId, byte[] stored) {
    return new UserSecretKey(box.decryptString(encryptionKey, userId, stored));
  }
}
