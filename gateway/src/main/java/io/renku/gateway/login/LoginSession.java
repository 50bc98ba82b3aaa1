package io.renku.gateway.login;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * What a login session holds once the user has logged in: who (for the home page and logs), when
 * (for the maximum lifetime), and the token set, encrypted ({@link TokenCipher}).
 */
public record LoginSession(
    String subject,
    String name,
    String email,
    Instant loggedInAt,
    Instant accessExpiresAt,
    byte[] sealedTokens)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final String ATTRIBUTE = "renku.login";

  public LoginSession withTokens(Instant accessExpiresAt, byte[] sealedTokens) {
    return new LoginSession(subject, name, email, loggedInAt, accessExpiresAt, sealedTokens);
  }

  @Override
  public String toString() {
    return "LoginSession[subject=" + subject + ", loggedInAt=" + loggedInAt + "]";
  }
}
