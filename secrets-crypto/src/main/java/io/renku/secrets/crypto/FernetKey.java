package io.renku.secrets.crypto;

import io.renku.core.RandomBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Fernet key: 32 bytes, the first 16 the HMAC signing key, the last 16 the AES-128 key (Fernet
 * spec, "Key Format"). Its text form is base64url with padding, 44 characters, as Python's {@code
 * Fernet.generate_key()} writes it; that text (as ASCII bytes) is also what the original feeds to
 * PBKDF2 as a password, see {@link #text()}.
 */
public final class FernetKey {
  static final int LENGTH = 32;

  private final byte[] bytes;

  private FernetKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A new random key (Python's {@code Fernet.generate_key()}). */
  public static FernetKey generate() {
    byte[] bytes = new byte[LENGTH];
    RandomBytes.fill(bytes);
    return new FernetKey(bytes);
  }

  /** The key of its base64url text (padding optional); anything else than 32 bytes is refused. */
  public static FernetKey fromText(String text) {
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY);
    }
    if (decoded.length != LENGTH) {
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY);
    }
    return new FernetKey(decoded);
  }

  /** The key of its 32 raw bytes (copied). */
  public static FernetKey fromBytes(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new SecretCryptoException(SecretCryptoException.Failure.INVALID_KEY);
    }
    return new FernetKey(raw.clone());
  }

  /** The base64url text with padding, as the original stores and passes keys. */
  public String text() {
    return Base64.getUrlEncoder().encodeToString(bytes);
  }

  /** {@link #text()} as ASCII bytes: the form the original RSA-encrypts and uses as a password. */
  public byte[] textBytes() {
    return text().getBytes(StandardCharsets.US_ASCII);
  }

  byte[] signingKey() {
    return Arrays.copyOfRange(bytes, 0, 16);
  }

  byte[] encryptionKey() {
    return Arrays.copyOfRange(bytes, 16, 32);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FernetKey that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Never the key itself. */
  @Override
  public String toString() {
    return "FernetKey[redacted]";
  }
}
