package io.renku.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Settings of the gateway ({@code renku.gateway.*}).
 *
 * @param publicUrl the platform's address as browsers see it; the only origin accepted for
 *     redirects and for cookie-authenticated writes
 * @param dataServiceUrl where {@code /api/data/**} goes
 * @param identityUrl where {@code /auth/**} goes (the built-in provider of local mode); blank when
 *     the provider lives elsewhere (Keycloak in a cluster)
 * @param uiDir the built web application ({@code ui/dist}) served at every other path; unset shows
 *     a placeholder page at {@code /}
 * @param dataServiceSecret the secret the gateway sends the data service ({@code
 *     Renku-Gateway-Secret}) to vouch for the anonymous identity it relays; the data service's
 *     {@code renku.gateway-secret}. Blank: anonymous visitors are new on every request (decision
 *     0015)
 * @param metrics where {@code /metrics} is served (never on the public port)
 * @param uiUpstream a server that renders the web application instead of {@code uiDir} (the
 *     original Renku UI's node server in the acceptance test, {@code it/original-ui}): every path
 *     the gateway does not own itself is proxied there; unset serves {@code uiDir}
 */
@ConfigurationProperties("renku.gateway")
public record GatewayProperties(
    URI publicUrl,
    URI dataServiceUrl,
    URI identityUrl,
    Oidc oidc,
    Session session,
    RateLimit rateLimit,
    Sessions sessions,
    java.nio.file.Path uiDir,
    String dataServiceSecret,
    Metrics metrics,
    URI uiUpstream) {

  /**
   * The login session's cookie. A fixed name rather than a setting; it lives here, with the
   * settings, because the login (which sets it) and the web filters (which check it) both read it.
   */
  public static final String SESSION_COOKIE = "_renku_session";

  /**
   * The OIDC client the gateway is.
   *
   * @param refreshBefore how long before expiry an access token is refreshed
   */
  public record Oidc(
      String issuer,
      String clientId,
      String clientSecret,
      List<String> scopes,
      Duration refreshBefore,
      String accountUrl) {
    public Oidc {
      scopes = scopes == null || scopes.isEmpty() ? List.of("openid") : List.copyOf(scopes);
      refreshBefore = refreshBefore == null ? Duration.ofSeconds(60) : refreshBefore;
    }

    /** Where {@code /api/auth/user-profile} sends the user: Keycloak's account console. */
    public String accountUrlOrDefault() {
      return accountUrl == null || accountUrl.isBlank()
          ? issuer + "/account?referrer=renku"
          : accountUrl;
    }
  }

  /**
   * Login sessions.
   *
   * @param tokenEncryptionKey base64 of 32 bytes (AES-256-GCM) protecting stored tokens; required
   * @param secureCookie {@code null}: secure unless the public URL is plain http on localhost
   * @param memoryTtl how long a login read from the store is reused for that browser's next
   *     requests ({@code RecentLogins}); zero (the default) reads the store every time. Only for a
   *     single gateway: local mode sets it.
   */
  public record Session(
      Duration idleTtl,
      Duration maxTtl,
      String tokenEncryptionKey,
      Boolean secureCookie,
      Duration memoryTtl) {
    public Session {
      memoryTtl = memoryTtl == null ? Duration.ZERO : memoryTtl;
      idleTtl = idleTtl == null ? Duration.ofHours(4) : idleTtl;
      maxTtl = maxTtl == null ? Duration.ofHours(24) : maxTtl;
      if (maxTtl.compareTo(idleTtl) < 0) {
        throw new IllegalArgumentException(
            "renku.gateway.session.max-ttl must not be shorter than idle-ttl");
      }
    }
  }

  /**
   * Requests per second and burst per client address; 429 beyond.
   *
   * @param clientAddressHeader behind a reverse proxy (an ingress), the header it puts the client's
   *     address in, e.g. {@code X-Forwarded-For}: its last entry, the one the proxy added, is the
   *     client; blank uses the connection's address
   */
  public record RateLimit(
      boolean enabled, double perSecond, int burst, String clientAddressHeader) {}

  /**
   * Interactive sessions of the local runtime, proxied at {@code /sessions/<name>/}.
   *
   * @param internalToken the secret shared with the data service for asking where a session runs;
   *     blank turns the session proxy off (sessions then have their own ingress)
   * @param routeCacheTtl how long where a session runs, and that the caller owns it, is reused
   */
  public record Sessions(String internalToken, Duration routeCacheTtl) {
    public Sessions {
      routeCacheTtl = routeCacheTtl == null ? Duration.ofSeconds(15) : routeCacheTtl;
    }

    public boolean enabled() {
      return internalToken != null && !internalToken.isBlank();
    }
  }

  /**
   * Prometheus metrics ({@code /metrics}) are served on a port of their own, never on the public
   * one: in local mode on a free loopback port (logged at start), in a cluster on the port the
   * operator's Prometheus scrapes, which no ingress exposes.
   *
   * @param port the metrics port; 0 (the default) picks a free one, negative turns metrics off
   * @param address the address it listens on: {@code 127.0.0.1} by default
   */
  public record Metrics(Integer port, String address) {
    public Metrics {
      port = port == null ? 0 : port;
      address = address == null || address.isBlank() ? "127.0.0.1" : address;
    }

    public boolean enabled() {
      return port >= 0;
    }
  }

  /** Without a UI upstream (the web application, if any, is served from {@code uiDir}). */
  public GatewayProperties(
      URI publicUrl,
      URI dataServiceUrl,
      URI identityUrl,
      Oidc oidc,
      Session session,
      RateLimit rateLimit,
      Sessions sessions,
      java.nio.file.Path uiDir,
      String dataServiceSecret,
      Metrics metrics) {
    this(
        publicUrl,
        dataServiceUrl,
        identityUrl,
        oidc,
        session,
        rateLimit,
        sessions,
        uiDir,
        dataServiceSecret,
        metrics,
        null);
  }

  @ConstructorBinding
  public GatewayProperties {
    if (publicUrl == null || publicUrl.getScheme() == null || publicUrl.getHost() == null) {
      throw new IllegalArgumentException("renku.gateway.public-url must be an absolute URL");
    }
    if (identityUrl != null && identityUrl.toString().isBlank()) {
      identityUrl = null;
    }
    rateLimit = rateLimit == null ? new RateLimit(false, 0, 0, null) : rateLimit;
    session = session == null ? new Session(null, null, null, null, null) : session;
    sessions = sessions == null ? new Sessions(null, null) : sessions;
    dataServiceSecret = dataServiceSecret == null ? "" : dataServiceSecret;
    metrics = metrics == null ? new Metrics(null, null) : metrics;
    if (uiUpstream != null && uiUpstream.toString().isBlank()) {
      uiUpstream = null;
    }
  }

  /** {@code scheme://host[:port]}, the value an {@code Origin} header must have. */
  public String origin() {
    int port = publicUrl.getPort();
    return publicUrl.getScheme() + "://" + publicUrl.getHost() + (port == -1 ? "" : ":" + port);
  }

  /** The public URL without a trailing slash. */
  public String base() {
    String s = publicUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public boolean secureCookie() {
    if (session.secureCookie() != null) {
      return session.secureCookie();
    }
    boolean localhost =
        publicUrl.getHost().equals("localhost") || publicUrl.getHost().equals("127.0.0.1");
    return !(publicUrl.getScheme().equals("http") && localhost);
  }
}
