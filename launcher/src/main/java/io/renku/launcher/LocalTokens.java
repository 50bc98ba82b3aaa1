package io.renku.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints access tokens for local mode ({@code ./renku token}, tests) with the data directory's key:
 * the claims the identity provider's access tokens carry ({@code iss} its issuer, {@code typ:
 * Bearer}, {@code sub}, {@code email}, names, {@code realm_access.roles}), so the data service
 * takes them as it takes the provider's. Whoever can read the key can mint any token anyway, so the
 * address is marked verified.
 */
public final class LocalTokens {
  public static final String AUDIENCE = "renku";

  /** The identity provider's issuer when nothing else is known: {@code ./renku up}'s default. */
  public static final String DEFAULT_ISSUER = "http://localhost:8080/auth";

  /** Where a running (or the last) platform of a data directory wrote its issuer. */
  static final String ISSUER_FILE = "issuer";

  private LocalTokens() {}

  public static String mint(
      LocalKeys keys,
      String issuer,
      String userId,
      String email,
      String firstName,
      String lastName,
      boolean admin,
      Duration lifetime) {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(userId)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("typ", "Bearer")
            .claim("email", email)
            .claim("email_verified", true)
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

  /**
   * Records the issuer of the platform using {@code dataDir}, so that {@code ./renku token} mints
   * tokens that platform accepts whatever its public URL.
   */
  public static void writeIssuer(Path dataDir, String issuer) {
    try {
      Path tmp = Files.createTempFile(dataDir, ISSUER_FILE, ".tmp");
      Files.writeString(tmp, issuer + "\n", StandardCharsets.UTF_8);
      Files.move(
          tmp,
          dataDir.resolve(ISSUER_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the issuer into " + dataDir, e);
    }
  }

  /** The issuer a platform wrote into {@code dataDir}, else {@code fallback}. */
  public static String issuerOf(Path dataDir, String fallback) {
    Path file = dataDir.resolve(ISSUER_FILE);
    try {
      if (Files.isRegularFile(file)) {
        String issuer = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!issuer.isEmpty()) {
          return issuer;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return fallback;
  }
}
