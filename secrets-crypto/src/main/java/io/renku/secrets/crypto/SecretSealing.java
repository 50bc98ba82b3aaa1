package io.renku.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;

/**
 * How a user secret is stored and opened (the original's scheme, reference §5), in three steps held
 * by three different components:
 *
 * <ol>
 *   <li>{@link #seal} (data service, which holds the user's key and the service's public key):
 *       {@code inner = encrypt_string(user_key, user_id, value)}; a random Fernet key {@code k};
 *       {@code encrypted_value = encrypt_string(k, user_id, inner)}; {@code encrypted_key =
 *       RSA-OAEP(public_key, k)}.
 *   <li>{@link #unsealOuter} (secrets service, which holds the private key(s) but never a user's
 *       key): removes the outer layer; the result is still encrypted with the user's key.
 *   <li>{@link #openInner} (the session's init container, which fetched the user's key with the
 *       user's own token): the plaintext.
 * </ol>
 *
 * <p>{@code k} travels as its base64url text: that text is both what RSA encrypts and the PBKDF2
 * password of the outer layer, as in the original.
 */
public final class SecretSealing {
  private final SecretBox userKeyBox;
  private final SecretBox outerBox;

  /**
   * @param userKeyBox derives keys from users' keys; should cache (one user, many secrets)
   * @param outerBox derives keys from the random {@code k}s; a cache only helps when the same
   *     sealed value is opened again (each session start of the same secrets)
   */
  public SecretSealing(SecretBox userKeyBox, SecretBox outerBox) {
    this.userKeyBox = userKeyBox;
    this.outerBox = outerBox;
  }

  /** A cached box for users' keys, none for the outer layer. */
  public SecretSealing() {
    this(new SecretBox(), SecretBox.uncached());
  }

  /** Steps 1-3: the stored form of {@code value} for user {@code userId}. */
  public SealedSecret seal(
      String userId, UserSecretKey userKey, byte[] value, RSAPublicKey servicePublicKey) {
    byte[] inner = userKeyBox.encrypt(userKey.password(), userId, value);
    FernetKey k = FernetKey.generate();
    byte[] encryptedValue = outerBox.encrypt(k.textBytes(), userId, inner);
    byte[] encryptedKey = ServiceKeys.encrypt(servicePublicKey, k.textBytes());
    return new SealedSecret(encryptedValue, encryptedKey);
  }

  /** {@link #seal} of a text value (UTF-8, as the original's {@code str} values). */
  public SealedSecret seal(
      String userId, UserSecretKey userKey, String value, RSAPublicKey servicePublicKey) {
    return seal(userId, userKey, value.getBytes(StandardCharsets.UTF_8), servicePublicKey);
  }

  /**
   * The secrets service's part: the inner token (ASCII bytes), still encrypted with the user's key.
   *
   * @throws SecretCryptoException {@code KEY_UNWRAP} if neither the current nor the previous
   *     private key opens {@code encryptedKey}; {@code INVALID_TOKEN} if the outer layer was not
   *     made with that key for {@code userId} (another user's row, a tampered value)
   */
  public byte[] unsealOuter(
      String userId, byte[] encryptedValue, byte[] encryptedKey, ServiceKeys keys) {
    byte[] k = keys.decrypt(encryptedKey);
    return outerBox.decrypt(k, userId, encryptedValue);
  }

  /** {@link #unsealOuter} of a stored {@link SealedSecret}. */
  public byte[] unsealOuter(String userId, SealedSecret sealed, ServiceKeys keys) {
    return unsealOuter(userId, sealed.encryptedValue(), sealed.encryptedKey(), keys);
  }

  /**
   * The session's part: the plaintext of an inner token.
   *
   * @throws SecretCryptoException {@code INVALID_TOKEN} with another user's key or id
   */
  public byte[] openInner(String userId, UserSecretKey userKey, byte[] inner) {
    return userKeyBox.decrypt(userKey.password(), userId, inner);
  }

  /** {@link #openInner} of a text value. */
  public String openInnerString(String userId, UserSecretKey userKey, byte[] inner) {
    return new String(openInner(userId, userKey, inner), StandardCharsets.UTF_8);
  }

  /**
   * Rotation: {@code encryptedKey} opened with {@code oldKeys} (current or previous private key)
   * and encrypted again for {@code newPublicKey}. The stored value does not change: its outer layer
   * depends on {@code k} only, which stays the same. (The original also draws a new {@code k} and
   * re-encrypts the value; the result opens the same way, so both forms can coexist.)
   *
   * @throws SecretCryptoException {@code KEY_UNWRAP} if {@code oldKeys} cannot open it
   */
  public byte[] reseal(byte[] encryptedKey, ServiceKeys oldKeys, RSAPublicKey newPublicKey) {
    return ServiceKeys.encrypt(newPublicKey, oldKeys.decrypt(encryptedKey));
  }
}
