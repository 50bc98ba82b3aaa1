package io.renku.data.secret;

import io.renku.core.RandomBytes;
import io.renku.secrets.crypto.Pem;
import io.renku.secrets.crypto.ServiceKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key material the data service holds for user secrets: the server's {@code ENCRYPTION_KEY} (it
 * encrypts each user's key) and the secrets service's <em>public</em> key (it encrypts each value's
 * random key). The private key is the secrets service's alone.
 *
 * <p>Where they come from: {@code renku.secrets.encryption-key-file} and {@code
 * renku.secrets.public-key-file} (a cluster mounts them from Secrets); when those are not set, the
 * directory {@code renku.secrets.key-dir}, where missing keys are made at the first start (local
 * mode keeps them in its data directory; files 0600, the directory 0700).
 */
@Component
public class SecretKeys {
  private final byte[] encryptionKey;
  private final RSAPublicKey servicePublicKey;

  public SecretKeys(
      @Value("${renku.secrets.key-dir:${java.io.tmpdir}/renku-secret-keys}") String keyDir,
      @Value("${renku.secrets.encryption-key-file:}") String encryptionKeyFile,
      @Value("${renku.secrets.public-key-file:}") String publicKeyFile) {
    Path dir = Path.of(keyDir);
    this.encryptionKey =
        encryptionKeyFile.isBlank()
            ? readOrCreateEncryptionKey(ensureDir(dir).resolve("encryption-key"))
            : read(Path.of(encryptionKeyFile));
    this.servicePublicKey =
        publicKeyFile.isBlank()
            ? ServiceKeys.loadOrGenerate(
                    ensureDir(dir).resolve("secrets-service-private.pem"),
                    dir.resolve("secrets-service-public.pem"))
                .publicKey()
            : Pem.readPublicKey(Path.of(publicKeyFile));
  }

  /** The server's ENCRYPTION_KEY (a copy). */
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  RSAPublicKey servicePublicKey() {
    return servicePublicKey;
  }

  private static Path ensureDir(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the secrets key directory " + dir, e);
    }
  }

  private static byte[] readOrCreateEncryptionKey(Path file) {
    if (Files.exists(file)) {
      return read(file);
    }
    byte[] raw = new byte[32];
    RandomBytes.fill(raw);
    byte[] text =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raw)
            .getBytes(StandardCharsets.UTF_8);
    try {
      Files.write(file, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return text;
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      return read(file); // another replica or process made it first
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public String toString() {
    return "SecretKeys[encryption key and service public key, hidden]";
  }
}
