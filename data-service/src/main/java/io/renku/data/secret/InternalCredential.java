package io.renku.data.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The credential the data service and the secrets service present to each other (header {@link
 * #HEADER}; decision 0031): {@code renku.secrets.internal-token}, or the file {@code
 * renku.secrets.internal-token-file} (a mounted Secret). Without one, the internal {@code
 * /user/secret_key} answers nobody and the secrets service is not called. Never shown by {@link
 * #toString()}.
 */
@Component
public class InternalCredential {
  public static final String HEADER = "Renku-Internal-Token";

  /** The user the secrets service acts for. */
  public static final String USER_HEADER = "Renku-User-Id";

  private final byte[] token;

  public InternalCredential(
      @Value("${renku.secrets.internal-token:}") String token,
      @Value("${renku.secrets.internal-token-file:}") String tokenFile) {
    String t = token;
    if (t.isBlank() && !tokenFile.isBlank()) {
      try {
        t = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + tokenFile, e);
      }
    }
    this.token = t.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether a credential is configured at all. */
  public boolean isSet() {
    return token.length > 0;
  }

  /** Constant-time check of what a caller presented; always false when none is configured. */
  public boolean matches(String presented) {
    return token.length > 0
        && presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  String value() {
    return new String(token, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "InternalCredential[hidden]";
  }
}
