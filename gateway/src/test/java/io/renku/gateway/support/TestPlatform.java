package io.renku.gateway.support;

import io.renku.gateway.GatewayApplication;
import io.renku.identity.IdentityApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the gateway tests run against, started once per JVM and shared by every test class: a real
 * Postgres, the real identity provider (Spring Authorization Server, short-lived access tokens so
 * that refreshing can be watched), the gateway, and an {@link EchoUpstream} standing where the data
 * service would be.
 */
public final class TestPlatform {
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  /** With characters that form encoding changes, as generated secrets have. */
  public static final String CLIENT_SECRET = "gateway+client/secret=for-tests==";

  /** Access tokens live this long; the gateway refreshes them this long before they expire. */
  public static final int ACCESS_TTL_SECONDS = 6;

  /** How long the gateway reuses a login it read from the session store. */
  public static final int MEMORY_TTL_SECONDS = 2;

  public static final int REFRESH_BEFORE_SECONDS = 3;

  /** What the gateway vouches for anonymous ids with (decision 0015). */
  public static final String GATEWAY_SECRET = "gateway-secret-for-tests";

  private static TestPlatform instance;

  public final EmbeddedPostgres postgres;
  public final EchoUpstream upstream;
  public final ConfigurableApplicationContext identity;
  public final ConfigurableApplicationContext gateway;
  public final String baseUrl;

  /** A second gateway (RedisGatewayTest) may run here; the identity provider knows its URL. */
  public final int redisGatewayPort;

  private TestPlatform() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    upstream = new EchoUpstream();
    int gatewayPort = freePort();
    baseUrl = "http://localhost:" + gatewayPort;
    redisGatewayPort = freePort();
    String redisBase = "http://127.0.0.1:" + redisGatewayPort;
    String jdbc = postgres.getJdbcUrl("postgres", "postgres");

    Map<String, Object> id = new LinkedHashMap<>();
    id.put("server.port", 0);
    id.put("server.address", "127.0.0.1");
    id.put("spring.datasource.url", jdbc);
    id.put("spring.datasource.username", "postgres");
    id.put("spring.datasource.password", "postgres");
    id.put("renku.identity.issuer", baseUrl + "/auth");
    id.put("renku.identity.client-secret", CLIENT_SECRET);
    id.put("renku.identity.redirect-uris[0]", baseUrl + "/api/auth/callback");
    id.put("renku.identity.post-logout-redirect-uris[0]", baseUrl + "/api/auth/logout/done");
    id.put("renku.identity.redirect-uris[1]", redisBase + "/api/auth/callback");
    id.put("renku.identity.post-logout-redirect-uris[1]", redisBase + "/api/auth/logout/done");
    id.put("renku.identity.admin-password", ADMIN_PASSWORD);
    id.put("renku.identity.access-token-ttl", ACCESS_TTL_SECONDS + "s");
    id.put("logging.structured.format.console", "");
    identity = IdentityApplication.application().run(args(id));

    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, Object> gw = new LinkedHashMap<>();
    gw.put("server.port", gatewayPort);
    gw.put("spring.datasource.url", jdbc);
    gw.put("spring.datasource.username", "postgres");
    gw.put("spring.datasource.password", "postgres");
    gw.put("renku.gateway.public-url", baseUrl);
    gw.put("renku.gateway.data-service-url", upstream.url());
    gw.put("renku.gateway.identity-url", identityUrl());
    gw.put("renku.gateway.oidc.issuer", baseUrl + "/auth");
    gw.put("renku.gateway.oidc.client-secret", CLIENT_SECRET);
    gw.put("renku.gateway.oidc.refresh-before", REFRESH_BEFORE_SECONDS + "s");
    gw.put("renku.gateway.session.token-encryption-key", Base64.getEncoder().encodeToString(key));
    gw.put("renku.gateway.rate-limit.enabled", false);
    gw.put("renku.gateway.data-service-secret", GATEWAY_SECRET);
    // As in local mode (10 s there): logins read a moment ago are reused (RecentLogins), so every
    // login, refresh and logout test here also checks that a remembered login never outlives a
    // change made through the gateway.
    gw.put("renku.gateway.session.memory-ttl", MEMORY_TTL_SECONDS + "s");
    gw.put("renku.gateway.ui-server.poll-interval", "300ms"); // UiServerSocketGatewayTest
    gw.put("logging.structured.format.console", "");
    gateway = GatewayApplication.application().run(args(gw));
  }

  public static synchronized TestPlatform get() {
    if (instance == null) {
      try {
        instance = new TestPlatform();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /** The identity provider's address (behind the gateway at {@code /auth}). */
  public String identityUrl() {
    return "http://127.0.0.1:"
        + ((org.springframework.boot.web.server.context.WebServerApplicationContext) identity)
            .getWebServer()
            .getPort();
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  private static String[] args(Map<String, Object> props) {
    return props.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
