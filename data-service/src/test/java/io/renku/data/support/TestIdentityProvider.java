package io.renku.data.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A minimal OIDC issuer for tests: serves discovery and JWKS over real HTTP and signs real RS256
 * tokens, so the data service verifies them exactly as it would Keycloak's. A second key that the
 * issuer does not publish signs forged tokens.
 */
public final class TestIdentityProvider implements AutoCloseable {
  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey foreignKey;
  private final String issuer;

  public TestIdentityProvider() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
      foreignKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/Renku";
      String discovery =
          """
          {"issuer":"%s","jwks_uri":"%s/protocol/openid-connect/certs",
           "authorization_endpoint":"%s/protocol/openid-connect/auth",
           "token_endpoint":"%s/protocol/openid-connect/token",
           "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}"""
              .formatted(issuer, issuer, issuer, issuer);
      String jwks = new JWKSet(key.toPublicJWK()).toString();
      server.createContext(
          "/realms/Renku/.well-known/openid-configuration", ex -> respond(ex, discovery));
      server.createContext("/realms/Renku/protocol/openid-connect/certs", ex -> respond(ex, jwks));
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test identity provider", e);
    }
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  public String issuer() {
    return issuer;
  }

  /** A valid access token for a user; {@code admin} adds the realm role renku-admin. */
  public String token(TestUser user) {
    return sign(key, claims(user, Instant.now().plusSeconds(600), "renku"));
  }

  public String expiredToken(TestUser user) {
    return sign(key, claims(user, Instant.now().minusSeconds(120), "renku"));
  }

  public String tokenForAudience(TestUser user, String audience) {
    return sign(key, claims(user, Instant.now().plusSeconds(600), audience));
  }

  /** Signed by a key the issuer never published. */
  public String forgedToken(TestUser user) {
    return sign(foreignKey, claims(user, Instant.now().plusSeconds(600), "renku"));
  }

  /**
   * A valid access token with some claims changed: a {@code null} value removes the claim (e.g.
   * {@code email_verified: false}, {@code typ: "ID"}, {@code iss: "https://elsewhere"}).
   */
  public String tokenWith(TestUser user, Map<String, Object> changes) {
    var b = new JWTClaimsSet.Builder(claims(user, Instant.now().plusSeconds(600), "renku"));
    changes.forEach(b::claim);
    return sign(key, b.build());
  }

  /** An ID token as Keycloak issues it to the client {@code renku}: {@code typ: ID}. */
  public String idToken(TestUser user) {
    return tokenWith(
        user, Map.of("typ", "ID", "nonce", UUID.randomUUID().toString(), "at_hash", "x"));
  }

  private JWTClaimsSet claims(TestUser user, Instant expiry, String audience) {
    var b =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.id())
            .audience(audience)
            .issueTime(Date.from(Instant.now().minusSeconds(5)))
            .expirationTime(Date.from(expiry))
            .jwtID(UUID.randomUUID().toString())
            .claim("typ", "Bearer") // as Keycloak marks its access tokens
            .claim("email", user.email())
            .claim("email_verified", true)
            .claim("given_name", user.firstName())
            .claim("family_name", user.lastName())
            .claim("name", user.firstName() + " " + user.lastName())
            .claim("azp", "renku");
    if (user.admin()) {
      b.claim("realm_access", Map.of("roles", List.of("renku-admin", "offline_access")));
    } else {
      b.claim("realm_access", Map.of("roles", List.of("offline_access")));
    }
    return b.build();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
