package io.renku.secrets.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) over raw password bytes.
 *
 * <p>Why not the JDK's {@code PBKDF2WithHmacSHA256}: it takes the password as {@code char[]} and
 * encodes it as UTF-8, so a password that is not valid UTF-8 (the data service's {@code
 * ENCRYPTION_KEY} file holds arbitrary bytes) would derive another key than Python's {@code
 * PBKDF2HMAC}, which takes bytes.
 */
final class Pbkdf2 {
  private static final int HASH_LENGTH = 32;

  private Pbkdf2() {}

  static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
    if (iterations < 1 || length < 1) {
      throw new IllegalArgumentException("iterations and length must be positive");
    }
    Mac mac = newMac(password);
    byte[] out = new byte[length];
    int blocks = (length + HASH_LENGTH - 1) / HASH_LENGTH;
    byte[] u = new byte[HASH_LENGTH];
    byte[] t = new byte[HASH_LENGTH];
    for (int block = 1; block <= blocks; block++) {
      mac.update(salt);
      mac.update(
          new byte[] {
            (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block
          });
      doFinal(mac, u);
      System.arraycopy(u, 0, t, 0, HASH_LENGTH);
      for (int i = 1; i < iterations; i++) {
        mac.update(u);
        doFinal(mac, u);
        for (int j = 0; j < HASH_LENGTH; j++) {
          t[j] ^= u[j];
        }
      }
      int offset = (block - 1) * HASH_LENGTH;
      System.arraycopy(t, 0, out, offset, Math.min(HASH_LENGTH, length - offset));
    }
    Arrays.fill(u, (byte) 0);
    Arrays.fill(t, (byte) 0);
    return out;
  }

  private static Mac newMac(byte[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // SecretKeySpec refuses an empty key, HMAC does not: an empty password is padded with zeros
      // like any short key, so one zero byte gives the same HMAC key.
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("this JDK has no usable HmacSHA256", e);
    }
  }

  private static void doFinal(Mac mac, byte[] into) {
    try {
      mac.doFinal(into, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
