package io.renku.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints access tokens for local mode until the built-in login provider lands: the same claims a
 * Keycloak access token carries ({@code sub}, {@code email}, names, {@code realm_access.roles}).
 */
public final class LocalTokens {
  public static final String ISSUER = "http://localhost/renku-local";
  public static final String AUDIENCE = "renku";

  private LocalTokens() {}

  public static String mint(
      LocalKeys keys,
      String userId,
      String email,
      String firstName,
      String lastName,
      boolean admin,
      Duration lifetime) {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(userId)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("email", email)
            .claim("given_name", firstName)
            .claim("family_name", lastName)
            .claim("name", (firstName + " " + lastName).strip())
            .claim(
                "realm_access", Map.of("roles", admin ? List.of("renku-admin") : List.<String>of()))
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(keys.privateKey()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }
}
