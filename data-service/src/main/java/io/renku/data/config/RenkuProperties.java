package io.renku.data.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the data service, bound from {@code renku.*}.
 *
 * @param version the version reported by {@code GET /api/data/version}
 * @param auth how bearer tokens are verified
 * @param spicedb where the SpiceDB endpoint is
 * @param authzEngine {@code spicedb} (checks in SpiceDB, relationships mirrored there) or {@code
 *     postgres} (the schema evaluated over the relationship table, no SpiceDB; decision 0006)
 * @param authzSyncInterval how often relationships not yet in SpiceDB are retried
 * @param admission how many API requests run at once
 */
@ConfigurationProperties("renku")
public record RenkuProperties(
    @DefaultValue("0.1.0") String version,
    @DefaultValue Auth auth,
    @DefaultValue SpiceDb spicedb,
    @DefaultValue("spicedb") String authzEngine,
    @DefaultValue("2s") Duration authzSyncInterval,
    @DefaultValue Admission admission) {

  /**
   * At most {@code maxConcurrent} API requests run at once, the others wait their turn in arrival
   * order for up to {@code maxWait} and are then refused with 503 ({@code
   * io.renku.data.web.AdmissionFilter}). {@code 0}: no limit (the default; local mode sets twice
   * the number of cores).
   */
  public record Admission(
      @DefaultValue("0") int maxConcurrent, @DefaultValue("10s") Duration maxWait) {}

  /**
   * Token verification. Either {@code issuerUri} (OIDC discovery and JWKS, as with Keycloak) or
   * {@code publicKeyFile} (a PEM RSA public key, local mode) with {@code issuer}. Either way the
   * token's {@code iss} must be the issuer, its {@code aud} one of {@code audiences}, and it must
   * be an access token ({@code typ} claim {@code Bearer}), never an ID token.
   *
   * @param issuer the {@code iss} tokens verified with {@code publicKeyFile} must carry (local
   *     mode: the identity provider's issuer, {@code <public URL>/auth}); required with {@code
   *     publicKeyFile}
   * @param audiences accepted {@code aud} values; empty accepts any audience
   * @param adminRole the realm role that makes a user a platform admin
   */
  public record Auth(
      String issuerUri,
      String publicKeyFile,
      String issuer,
      @DefaultValue({"renku", "renku-ui", "renku-cli", "swagger"}) List<String> audiences,
      @DefaultValue("renku-admin") String adminRole) {}

  /**
   * The SpiceDB gRPC endpoint: {@code host} and {@code port}, or {@code inProcessName} for the
   * embedded engine running in the same JVM.
   */
  public record SpiceDb(
      @DefaultValue("127.0.0.1") String host,
      @DefaultValue("50051") int port,
      String inProcessName,
      String presharedKey,
      @DefaultValue("5s") Duration deadline) {}
}
