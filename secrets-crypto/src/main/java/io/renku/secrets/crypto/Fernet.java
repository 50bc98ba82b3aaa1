package io.renku.secrets.crypto;

import io.renku.core.RandomBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (github.com/fernet/spec, version 0x80), interoperable with Python's {@code
 * cryptography.fernet.Fernet}: base64url(0x80 ‖ timestamp ‖ IV ‖ AES-128-CBC/PKCS7 ciphertext ‖
 * HMAC-SHA256 of all before it).
 *
 * <p>Like Python's {@code decrypt(token)} without a {@code ttl}, {@link #decrypt(String)} does not
 * look at the timestamp: the original stores secrets for years and never passes a ttl.
 */
public final class Fernet {
  private static final byte VERSION = (byte) 0x80;
  private static final int HEADER = 1 + 8 + 16;
  private static final int HMAC_LENGTH = 32;
  private static final int BLOCK = 16;

  /** The spec's "acceptable clock skew": a token from further in the future is refused. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  private final FernetKey key;
  private final Clock clock;

  public Fernet(FernetKey key) {
    this(key, Clock.systemUTC());
  }

  Fernet(FernetKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /** A new token for {@code message}, with the current time and a random IV. */
  public String encrypt(byte[] message) {
    byte[] iv = new byte[BLOCK];
    RandomBytes.fill(iv);
    return encrypt(message, clock.instant(), iv);
  }

  /**
   * The token for a given time and IV: for the spec's test vectors only (an IV must not repeat).
   */
  String encrypt(byte[] message, Instant now, byte[] iv) {
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key.encryptionKey(), "AES"),
          new IvParameterSpec(iv));
      byte[] ciphertext = aes.doFinal(message);
      ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + HMAC_LENGTH);
      token.put(VERSION).putLong(now.getEpochSecond()).put(iv).put(ciphertext);
      token.put(hmac(token.array(), HEADER + ciphertext.length));
      return Base64.getUrlEncoder().encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot do AES-128-CBC", e);
    }
  }

  /** The message of a token (its age is not checked, like Python's {@code decrypt(token)}). */
  public byte[] decrypt(String token) {
    return open(decode(token));
  }

  /** The message of an ASCII token as bytes (the form the original stores in the database). */
  public byte[] decrypt(byte[] token) {
    return decrypt(new String(token, StandardCharsets.US_ASCII));
  }

  /**
   * The message of a token no older than {@code ttl} and not made more than {@link #MAX_CLOCK_SKEW}
   * in the future (Python's {@code decrypt(token, ttl)}).
   */
  public byte[] decrypt(String token, Duration ttl) {
    byte[] data = decode(token);
    long made = ByteBuffer.wrap(data, 1, 8).getLong();
    long now = clock.instant().getEpochSecond();
    if (made + ttl.toSeconds() < now || now + MAX_CLOCK_SKEW.toSeconds() < made) {
      throw invalid();
    }
    return open(data);
  }

  private static byte[] decode(String token) {
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int cipherLength = data.length - HEADER - HMAC_LENGTH;
    if (cipherLength < BLOCK || cipherLength % BLOCK != 0 || data[0] != VERSION) {
      throw invalid();
    }
    return data;
  }

  private byte[] open(byte[] data) {
    int signed = data.length - HMAC_LENGTH;
    byte[] expected = hmac(data, signed);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, signed, data.length))) {
      throw invalid();
    }
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.encryptionKey(), "AES"),
          new IvParameterSpec(data, 9, BLOCK));
      return aes.doFinal(data, HEADER, signed - HEADER);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot do AES-128-CBC", e);
    }
  }

  private byte[] hmac(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.signingKey(), "HmacSHA256"));
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no usable HmacSHA256", e);
    }
  }

  private static SecretCryptoException invalid() {
    return new SecretCryptoException(SecretCryptoException.Failure.INVALID_TOKEN);
  }
}
