package io.renku.gateway.login;

import java.time.Instant;

/**
 * The tokens of one login, in clear: only ever held in memory while a request uses them. {@code
 * toString} shows no token.
 */
public record TokenSet(
    String accessToken,
    Instant accessExpiresAt,
    String refreshToken,
    Instant refreshExpiresAt,
    String idToken) {

  /** Keeps what the provider did not send again (a refresh may omit the refresh or ID token). */
  public TokenSet merge(TokenSet newer) {
    return new TokenSet(
        newer.accessToken,
        newer.accessExpiresAt,
        newer.refreshToken != null ? newer.refreshToken : refreshToken,
        newer.refreshToken != null ? newer.refreshExpiresAt : refreshExpiresAt,
        newer.idToken != null ? newer.idToken : idToken);
  }

  @Override
  public String toString() {
    return "TokenSet[accessExpiresAt=" + accessExpiresAt + "]";
  }
}
