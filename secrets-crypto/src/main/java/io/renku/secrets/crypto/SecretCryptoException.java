package io.renku.secrets.crypto;

/**
 * A failure to encrypt, decrypt or load a key. Its message is one fixed sentence per {@link
 * Failure} (plus a file path for key files): never a value, a key or a token, and decryption
 * failures carry no cause, since a provider's exception could describe the bytes it refused.
 */
public final class SecretCryptoException extends RuntimeException {

  /** What went wrong, for callers that answer differently per case. */
  public enum Failure {
    /** A Fernet token that is malformed, tampered with, expired or made under another key. */
    INVALID_TOKEN("the token is invalid or was made with another key"),
    /** An RSA-wrapped key that none of the service's private keys opens. */
    KEY_UNWRAP("the encrypted key does not open with the service's private key(s)"),
    /** A key that has the wrong form (not 32 bytes of base64url, not an RSA key, ...). */
    INVALID_KEY("the key is malformed"),
    /** A key file that cannot be read or written. */
    KEY_FILE("the key file cannot be read or written");

    private final String message;

    Failure(String message) {
      this.message = message;
    }
  }

  private final Failure failure;

  SecretCryptoException(Failure failure) {
    super(failure.message, null, false, true);
    this.failure = failure;
  }

  /** For key files: the path is no secret, and an I/O cause says why (missing, permissions). */
  SecretCryptoException(Failure failure, String path, Exception cause) {
    super(failure.message + ": " + path, cause, false, true);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
