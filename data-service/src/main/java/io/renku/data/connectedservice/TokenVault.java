package io.renku.data.connectedservice;

import io.renku.data.secret.SecretKeys;
import io.renku.secrets.crypto.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest of what connected services keep secret, with the platform's existing key for
 * user secrets ({@code ENCRYPTION_KEY}, {@link SecretKeys}) and the original's {@code
 * encrypt_string} (Fernet with a key derived by PBKDF2 from it and a salt): a token set is salted
 * with its user's id, as the original salts it, a client secret with its provider's id (decision
 * 0040). The derivations are cached, so only the first use per user costs the 480 000 iterations.
 */
@Component
class TokenVault {
  private final SecretKeys keys;
  private final SecretBox box = new SecretBox();

  TokenVault(SecretKeys keys) {
    this.keys = keys;
  }

  byte[] sealTokens(String userId, TokenSet tokens) {
    return box.encryptString(keys.encryptionKey(), userId, tokens.toJson());
  }

  TokenSet openTokens(String userId, byte[] sealed) {
    return TokenSet.fromJson(box.decryptString(keys.encryptionKey(), userId, sealed));
  }

  byte[] sealClientSecret(String providerId, String secret) {
    return box.encryptString(keys.encryptionKey(), clientSalt(providerId), secret);
  }

  String openClientSecret(String providerId, byte[] sealed) {
    return box.decryptString(keys.encryptionKey(), clientSalt(providerId), sealed);
  }

  /** The PKCE verifier of a pending connection, salted with its user's id. */
  byte[] sealVerifier(String userId, String verifier) {
    return box.encryptString(keys.encryptionKey(), userId, verifier);
  }

  String openVerifier(String userId, byte[] sealed) {
    return box.decryptString(keys.encryptionKey(), userId, sealed);
  }

  private static String clientSalt(String providerId) {
    return "oauth2_client:" + providerId;
  }
}
