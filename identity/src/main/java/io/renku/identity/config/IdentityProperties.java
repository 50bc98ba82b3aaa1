package io.renku.identity.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the identity provider ({@code renku.identity.*}).
 *
 * @param issuer the public issuer URL (what tokens carry in {@code iss})
 * @param clientSecret the secret of the confidential client {@code renku} (the gateway); required
 * @param redirectUris where the {@code renku} client may be sent back after login
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser afterwards
 * @param signingKeyFile PKCS#8 PEM private key tokens are signed with (RSA)
 * @param signingPublicKeyFile the matching X.509 PEM public key
 * @param adminPassword the first administrator's password; random (printed once) when blank
 * @param loginThrottle how failed sign-ins slow down further attempts
 */
@ConfigurationProperties("renku.identity")
public record IdentityProperties(
    String issuer,
    String clientSecret,
    List<String> redirectUris,
    List<String> postLogoutRedirectUris,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    boolean selfSignup,
    String adminUsername,
    String adminPassword,
    String adminEmail,
    String signingKeyFile,
    String signingPublicKeyFile,
    LoginThrottle loginThrottle) {

  /**
   * After {@code freeAttempts} failed sign-ins of an account, or {@code addressFreeAttempts} from a
   * client address (higher: many people may share one address, and trying many accounts from one is
   * what it catches), each further attempt waits 1 s, then 2 s, 4 s ... at most {@code maxDelay};
   * the failures are forgotten after {@code forgetAfter} without one.
   */
  public record LoginThrottle(
      int freeAttempts, int addressFreeAttempts, Duration maxDelay, Duration forgetAfter) {
    public LoginThrottle {
      freeAttempts = freeAttempts <= 0 ? 5 : freeAttempts;
      addressFreeAttempts = addressFreeAttempts <= 0 ? 20 : addressFreeAttempts;
      maxDelay = maxDelay == null ? Duration.ofMinutes(1) : maxDelay;
      forgetAfter = forgetAfter == null ? Duration.ofMinutes(15) : forgetAfter;
    }
  }

  public IdentityProperties {
    redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    postLogoutRedirectUris =
        postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
    accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(5) : accessTokenTtl;
    refreshTokenTtl = refreshTokenTtl == null ? Duration.ofHours(24) : refreshTokenTtl;
    adminUsername = adminUsername == null || adminUsername.isBlank() ? "admin" : adminUsername;
    adminEmail = adminEmail == null || adminEmail.isBlank() ? "admin@renku.local" : adminEmail;
    loginThrottle = loginThrottle == null ? new LoginThrottle(0, 0, null, null) : loginThrottle;
  }
}
