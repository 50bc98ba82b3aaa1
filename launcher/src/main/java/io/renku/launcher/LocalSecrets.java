package io.renku.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets local mode makes up once and keeps in the data directory (owner-only files): the secret
 * the gateway authenticates to the identity provider with, and the key that encrypts tokens in
 * login sessions. Kept, so that logins survive a restart.
 */
public record LocalSecrets(String gatewayClientSecret, String tokenEncryptionKey) {

  public static LocalSecrets loadOrCreate(Path dir) {
    return new LocalSecrets(
        secret(dir.resolve("gateway-client-secret"), 32),
        secret(dir.resolve("token-encryption-key"), 32));
  }

  /** A fresh random secret, not stored: for what only lives as long as one run. */
  public static String randomKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String secret(Path file, int bytes) {
    try {
      if (!Files.exists(file)) {
        OwnerOnly.directory(file.getParent());
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        OwnerOnly.replaceFile(file, Base64.getEncoder().encodeToString(b));
      }
      OwnerOnly.narrow(file);
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
