package io.renku.gateway.login;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * A login in progress, between {@code /api/auth/login} and {@code /api/auth/callback}: the values
 * that bind the provider's answer to this browser (state, nonce, PKCE verifier) and where to go
 * afterwards.
 */
public record LoginAttempt(
    String state, String nonce, String codeVerifier, String redirectUrl, Instant startedAt)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final String ATTRIBUTE = "renku.login-attempt";

  @Override
  public String toString() {
    return "LoginAttempt[startedAt=" + startedAt + "]";
  }
}
