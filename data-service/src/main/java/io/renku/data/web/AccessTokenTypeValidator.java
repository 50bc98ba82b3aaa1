package io.renku.data.web;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts access tokens only. An ID token is signed by the same key, names the same issuer and (its
 * audience being the client) often an accepted audience, so it would pass every other check; but it
 * is meant for the client that logged in, which may hand it to others (a {@code id_token_hint} in a
 * logout link, a log line), not as a credential for the API. Keycloak marks its tokens with the
 * claim {@code typ}: {@code Bearer} for access tokens, {@code ID} for ID tokens, {@code
 * Refresh}/{@code Offline} for refresh tokens; the local identity provider and {@code ./renku
 * token} do the same. Anything but {@code Bearer}, or no {@code typ}, is refused.
 */
final class AccessTokenTypeValidator implements OAuth2TokenValidator<Jwt> {
  static final String ACCESS_TOKEN_TYPE = "Bearer";

  private static final OAuth2Error NOT_AN_ACCESS_TOKEN =
      new OAuth2Error(
          OAuth2ErrorCodes.INVALID_TOKEN, "The token is not an access token (typ).", null);

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    Object typ = token.getClaims().get("typ");
    if (typ instanceof String s && s.equalsIgnoreCase(ACCESS_TOKEN_TYPE)) {
      return OAuth2TokenValidatorResult.success();
    }
    return OAuth2TokenValidatorResult.failure(NOT_AN_ACCESS_TOKEN);
  }
}
