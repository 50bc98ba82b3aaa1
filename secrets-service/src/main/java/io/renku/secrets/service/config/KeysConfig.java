package io.renku.secrets.service.config;

import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.ServiceKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's key material: the RSA private key(s) and the internal credential. Both must be
 * there at the start; a service that cannot open secrets or cannot tell its callers apart should
 * not come up at all.
 */
@Configuration
public class KeysConfig {
  private static final Logger log = LoggerFactory.getLogger(KeysConfig.class);

  /** The key files' names in {@code renku.secrets.key-dir} (the data service reads the public). */
  public static final String PRIVATE_KEY_FILE = "secrets-service-private.pem";

  public static final String PUBLIC_KEY_FILE = "secrets-service-public.pem";

  @Bean
  ServiceKeys serviceKeys(SecretsServiceProperties p) {
    ServiceKeys keys;
    if (!p.privateKeyFile().isBlank()) {
      Optional<Path> previous =
          p.previousPrivateKeyFile().isBlank()
              ? Optional.empty()
              : Optional.of(Path.of(p.previousPrivateKeyFile()));
      keys = ServiceKeys.load(Path.of(p.privateKeyFile()), previous);
    } else if (!p.keyDir().isBlank()) {
      Path dir = ownerOnlyDirectory(Path.of(p.keyDir()));
      keys =
          ServiceKeys.loadOrGenerate(dir.resolve(PRIVATE_KEY_FILE), dir.resolve(PUBLIC_KEY_FILE));
    } else {
      throw new IllegalStateException(
          "renku.secrets.private-key-file or renku.secrets.key-dir must be set");
    }
    log.info("Secrets service keys loaded: {}", keys);
    return keys;
  }

  @Bean
  SecretSealing secretSealing() {
    return new SecretSealing();
  }

  @Bean
  InternalToken internalToken(SecretsServiceProperties p) {
    String token = p.internalToken();
    if (token.isBlank() && !p.internalTokenFile().isBlank()) {
      try {
        token = Files.readString(Path.of(p.internalTokenFile()), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p.internalTokenFile(), e);
      }
    }
    if (token.length() < 16) {
      throw new IllegalStateException(
          "renku.secrets.internal-token (or -file) must hold at least 16 characters");
    }
    return new InternalToken(token);
  }

  private static Path ownerOnlyDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the key directory " + dir, e);
    }
  }
}
