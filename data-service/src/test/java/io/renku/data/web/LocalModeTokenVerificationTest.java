package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.renku.data.config.RenkuProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Local mode verifies tokens with the data directory's public key; the issuer, the audience and the
 * token type are checked as with discovery, and before {@link CachingJwtDecoder} keeps a token.
 */
class LocalModeTokenVerificationTest {
  private static final String ISSUER = "http://localhost:8080/auth";

  @TempDir Path dir;

  private final RSAKey key = generate();

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private RenkuProperties properties(String issuer) throws Exception {
    Path pub = dir.resolve("key.pub.pem");
    Files.writeString(
        pub,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    return new RenkuProperties(
        "0.1.0",
        new RenkuProperties.Auth(
            null, pub.toString(), issuer, List.of("renku", "renku-cli"), "renku-admin"),
        new RenkuProperties.SpiceDb("127.0.0.1", 50051, null, null, Duration.ofSeconds(5)),
        "spicedb",
        Duration.ofSeconds(2),
        new RenkuProperties.Admission(0, Duration.ofSeconds(10)));
  }

  private String token(Map<String, Object> changes) throws Exception {
    var b =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("u-1")
            .audience("renku")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .claim("typ", "Bearer");
    changes.forEach(b::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), b.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void acceptsAnAccessTokenOfTheIssuer() throws Exception {
    JwtDecoder decoder = new CachingJwtDecoder(SecurityConfig.verifyingDecoder(properties(ISSUER)));
    assertThat(decoder.decode(token(Map.of())).getSubject()).isEqualTo("u-1");
  }

  @Test
  void refusesAnotherIssuerSignedWithTheSameKey() throws Exception {
    JwtDecoder decoder = new CachingJwtDecoder(SecurityConfig.verifyingDecoder(properties(ISSUER)));
    // What ./renku token minted before: the right key, an issuer nobody configured.
    for (String issuer : List.of("http://localhost/renku-local", "https://evil.example/auth")) {
      String t = token(Map.of("iss", issuer));
      assertThatThrownBy(() -> decoder.decode(t)).isInstanceOf(JwtValidationException.class);
    }
  }

  @Test
  void refusesIdTokensAndTokensWithoutType() throws Exception {
    JwtDecoder decoder = new CachingJwtDecoder(SecurityConfig.verifyingDecoder(properties(ISSUER)));
    String id = token(Map.of("typ", "ID", "aud", "renku-cli"));
    assertThatThrownBy(() -> decoder.decode(id)).isInstanceOf(JwtValidationException.class);
    // Refused again: a refusal is never cached as a success.
    assertThatThrownBy(() -> decoder.decode(id)).isInstanceOf(JwtValidationException.class);
    var noTyp = new java.util.HashMap<String, Object>();
    noTyp.put("typ", null);
    String untyped = token(noTyp);
    assertThatThrownBy(() -> decoder.decode(untyped)).isInstanceOf(JwtValidationException.class);
  }

  @Test
  void aPublicKeyWithoutAnIssuerDoesNotStart() throws Exception {
    RenkuProperties p = properties(" ");
    assertThatThrownBy(() -> SecurityConfig.verifyingDecoder(p))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("renku.auth.issuer");
  }
}
