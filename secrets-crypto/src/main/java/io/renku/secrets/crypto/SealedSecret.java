package io.renku.secrets.crypto;

import java.util.Arrays;

/**
 * What the database stores for one secret: {@code encrypted_value} (an outer Fernet token, ASCII,
 * around the inner token) and {@code encrypted_key} (the outer layer's random Fernet key,
 * RSA-OAEP-encrypted with the secrets service's public key). Neither reveals the value, but they
 * are still kept out of {@link #toString()}.
 */
public record SealedSecret(byte[] encryptedValue, byte[] encryptedKey) {
  public SealedSecret {
    encryptedValue = encryptedValue.clone();
    encryptedKey = encryptedKey.clone();
  }

  @Override
  public byte[] encryptedValue() {
    return encryptedValue.clone();
  }

  @Override
  public byte[] encryptedKey() {
    return encryptedKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedSecret that
        && Arrays.equals(encryptedValue, that.encryptedValue)
        && Arrays.equals(encryptedKey, that.encryptedKey);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(encryptedValue) + Arrays.hashCode(encryptedKey);
  }

  @Override
  public String toString() {
    return "SealedSecret[" + encryptedValue.length + " + " + encryptedKey.length + " bytes]";
  }
}
