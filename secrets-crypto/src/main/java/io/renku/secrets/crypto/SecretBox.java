package io.renku.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original's {@code encrypt_string(password, salt, data)} and {@code decrypt_string}: Fernet
 * with the key PBKDF2-HMAC-SHA256(password, salt as UTF-8, 480 000 iterations, 32 bytes).
 *
 * <p>Derived keys are cached (bounded, least recently used first out) because one derivation is 480
 * 000 HMACs, a few hundred milliseconds; the same (password, salt) comes back on every request of a
 * user (the data service's {@code ENCRYPTION_KEY} with the user id to open the user's key, the
 * user's key with the user id for each of their secrets). The cache is keyed by a SHA-256 of the
 * password and the salt, so it holds no password; it holds derived keys, which are as sensitive as
 * what they open but live only in this process's memory. Keys derived from a one-off password (the
 * random key of each sealed secret) should go through {@link #uncached()}: they never come back,
 * and would only push the useful entries out.
 */
public final class SecretBox {
  /** The original's iteration count; changing it makes every stored value unreadable. */
  public static final int ITERATIONS = 480_000;

  private static final int DEFAULT_CACHE_SIZE = 1024;
  private static final SecretBox UNCACHED = new SecretBox(0);

  private final int cacheSize;
  private final Map<CacheKey, FernetKey> cache;

  /** A box with a cache of {@code cacheSize} derived keys (0: no cache). */
  public SecretBox(int cacheSize) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative");
    }
    this.cacheSize = cacheSize;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<CacheKey, FernetKey> eldest) {
            return size() > SecretBox.this.cacheSize;
          }
        };
  }

  /** A box with the default cache of 1024 derived keys. */
  public SecretBox() {
    this(DEFAULT_CACHE_SIZE);
  }

  /** A box that derives every key afresh, for one-off passwords. */
  public static SecretBox uncached() {
    return UNCACHED;
  }

  /** {@code encrypt_string}: a Fernet token (ASCII) of {@code data}. */
  public byte[] encrypt(byte[] password, String salt, byte[] data) {
    return new Fernet(key(password, salt)).encrypt(data).getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code encrypt_string} of a string (UTF-8, as Python's {@code data.encode()}). */
  public byte[] encryptString(byte[] password, String salt, String data) {
    return encrypt(password, salt, data.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code decrypt_string}'s bytes; {@link SecretCryptoException} if the token does not open. */
  public byte[] decrypt(byte[] password, String salt, byte[] token) {
    return new Fernet(key(password, salt)).decrypt(token);
  }

  /** {@code decrypt_string}: the UTF-8 text of a token. */
  public String decryptString(byte[] password, String salt, byte[] token) {
    return new String(decrypt(password, salt, token), StandardCharsets.UTF_8);
  }

  /** The Fernet key for (password, salt): {@code get_encryption_key}. */
  public FernetKey key(byte[] password, String salt) {
    byte[] saltBytes = salt.getBytes(StandardCharsets.UTF_8);
    if (cacheSize == 0) {
      return derive(password, saltBytes);
    }
    CacheKey cacheKey = CacheKey.of(password, saltBytes);
    synchronized (cache) {
      FernetKey cached = cache.get(cacheKey);
      if (cached != null) {
        return cached;
      }
    }
    // Derived outside the lock: two threads may both derive the same key once, which is cheaper
    // than making every other user wait for one derivation.
    FernetKey derived = derive(password, saltBytes);
    synchronized (cache) {
      cache.put(cacheKey, derived);
    }
    return derived;
  }

  /** Whether the key of (password, salt) is in the cache (tests). */
  boolean isCached(byte[] password, String salt) {
    CacheKey cacheKey = CacheKey.of(password, salt.getBytes(StandardCharsets.UTF_8));
    synchronized (cache) {
      return cache.containsKey(cacheKey);
    }
  }

  private static FernetKey derive(byte[] password, byte[] salt) {
    return FernetKey.fromBytes(Pbkdf2.hmacSha256(password, salt, ITERATIONS, FernetKey.LENGTH));
  }

  /** SHA-256(len(password) ‖ password ‖ salt), as text so that equals and hashCode just work. */
  private record CacheKey(String digest) {
    static CacheKey of(byte[] password, byte[] salt) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(
            new byte[] {
              (byte) (password.length >>> 24),
              (byte) (password.length >>> 16),
              (byte) (password.length >>> 8),
              (byte) password.length
            });
        sha.update(password);
        sha.update(salt);
        return new CacheKey(Base64.getEncoder().encodeToString(sha.digest()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JDK has no SHA-256", e);
      }
    }
  }
}
