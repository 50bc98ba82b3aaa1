package io.renku.it.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.DataServiceApplication;
import io.renku.data.account.sync.UserSync;
import io.renku.data.account.sync.UserSyncLock;
import io.renku.data.tasks.jobs.Jobs;
import io.renku.gateway.GatewayApplication;
import io.renku.gateway.support.EchoUpstream;
import io.renku.gateway.support.RedisServer;
import io.renku.gateway.support.RefreshChecks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The gateway against a real Keycloak with the shipped realm ({@code deploy/keycloak}), driven by a
 * real Chromium: login on Keycloak's page, the token the data service would get, transparent
 * refresh with short-lived tokens, logout at Keycloak too. An {@link EchoUpstream} stands where the
 * data service would be.
 */
class KeycloakEndToEndTest {
  private static final String CLIENT_SECRET =
      "kc+client/secret=" + Long.toHexString(System.nanoTime());

  /** Access tokens live this long in the test realm; the gateway refreshes 15 s before expiry. */
  private static final int TOKEN_LIFESPAN_SECONDS = 20;

  static EmbeddedPostgres postgres;
  static EchoUpstream upstream;
  static RedisServer redis;
  static KeycloakServer keycloak;
  static ConfigurableApplicationContext gateway;
  static ConfigurableApplicationContext dataService;
  static String adaId;
  static String bobId;
  static String carolId;
  static WebDriver browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://localhost:" + port;
    keycloak =
        KeycloakServer.start(
            Map.of(
                "RENKU_PUBLIC_URL",
                base,
                "RENKU_OIDC_CLIENT_SECRET",
                CLIENT_SECRET,
                "RENKU_SESSIONS_CLIENT_SECRET",
                "sessions-" + CLIENT_SECRET,
                "RENKU_ACCESS_TOKEN_LIFESPAN",
                String.valueOf(TOKEN_LIFESPAN_SECONDS)));
    adaId =
        keycloak.createUser("ada", "ada@example.org", "Ada", "Lovelace", "ada-password-1", true);
    bobId =
        keycloak.createUser("bob", "bob@example.org", "Bob", "Builder", "bob-password-1", false);
    carolId =
        keycloak.createUser(
            "carol", "carol@example.org", "Carol", "Gone", "carol-password-1", false, false);

    postgres = EmbeddedPostgres.builder().start();
    upstream = new EchoUpstream();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    redis = RedisServer.start();
    Map<String, Object> gw = new LinkedHashMap<>();
    gw.put("server.port", port);
    // As in a cluster: login sessions and refresh locks in Redis, no database for the gateway.
    gw.put("spring.profiles.active", "redis");
    gw.put("spring.data.redis.host", "127.0.0.1");
    gw.put("spring.data.redis.port", redis.port);
    gw.put("renku.gateway.public-url", base);
    gw.put("renku.gateway.data-service-url", upstream.url());
    gw.put("renku.gateway.oidc.issuer", keycloak.issuer());
    gw.put("renku.gateway.oidc.client-secret", CLIENT_SECRET);
    gw.put("renku.gateway.oidc.refresh-before", "15s");
    gw.put("renku.gateway.session.token-encryption-key", Base64.getEncoder().encodeToString(key));
    gw.put("logging.structured.format.console", "");
    gateway =
        GatewayApplication.application()
            .run(
                gw.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));

    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("server.port", 0);
    ds.put("server.address", "127.0.0.1");
    ds.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    ds.put("spring.datasource.username", "postgres");
    ds.put("spring.datasource.password", "postgres");
    ds.put("renku.authz-engine", "postgres");
    ds.put("renku.auth.issuer-uri", keycloak.issuer());
    ds.put("renku.user-sync.enabled", true);
    ds.put("renku.user-sync.keycloak-url", keycloak.base());
    ds.put("renku.user-sync.client-secret", CLIENT_SECRET);
    ds.put("renku.user-sync.page-size", 1); // every user on a page of its own: paging is used
    ds.put("renku.user-sync.initial-delay", "1h");
    ds.put("logging.structured.format.console", "");
    dataService =
        new SpringApplication(DataServiceApplication.class)
            .run(
                ds.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));

    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build(),
            options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (dataService != null) {
      dataService.close();
    }
    if (keycloak != null) {
      keycloak.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void forgetCookies() {
    // A page of the realm without scripts: the account console's JavaScript could still
    // redirect the browser after the next navigation (seen on a loaded machine).
    browser.get(
        keycloak.base() + "/realms/" + KeycloakServer.REALM + "/.well-known/openid-configuration");
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    browser.manage().deleteAllCookies();
    upstream.clear();
  }

  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.withMessage(() -> "at " + browser.getCurrentUrl() + ": " + browser.getPageSource());
    return wait;
  }

  private static void logIn(String username, String password) {
    browser.get(base + "/");
    browser.findElement(By.id("login")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
    assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer());
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("kc-login")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-state"), "Logged in as"));
  }

  private static JWTClaimsSet lastBearerClaims() throws Exception {
    String auth = upstream.last().header("Authorization");
    assertThat(auth).startsWith("Bearer ");
    return SignedJWT.parse(auth.substring(7)).getJWTClaimsSet();
  }

  @Test
  void loginOnKeycloakRelaysItsTokenWithTheRealmRole() throws Exception {
    logIn("ada", "ada-password-1");
    assertThat(redis.command("KEYS renku:gateway:sessions:*")).isEqualTo("*1");
    assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");

    browser.get(base + "/api/data/user");
    JWTClaimsSet claims = lastBearerClaims();
    assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(claims.getAudience()).contains("renku");
    assertThat(claims.getStringClaim("email")).isEqualTo("ada@example.org");
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("ada");
    @SuppressWarnings("unchecked")
    List<String> roles = (List<String>) claims.getJSONObjectClaim("realm_access").get("roles");
    assertThat(roles).contains("renku-admin");
    assertThat(upstream.last().header("Renku-Auth-Refresh-Token")).isNotBlank();
  }

  @Test
  void aUserWithoutTheRoleIsNoAdmin() throws Exception {
    logIn("bob", "bob-password-1");
    browser.get(base + "/api/data/projects");
    JWTClaimsSet claims = lastBearerClaims();
    Object realmAccess = claims.getClaim("realm_access");
    assertThat(String.valueOf(realmAccess)).doesNotContain("renku-admin");
  }

  @Test
  void shortLivedTokensAreRefreshedTransparently() throws Exception {
    logIn("bob", "bob-password-1");
    browser.get(base + "/api/data/user");
    JWTClaimsSet first = lastBearerClaims();
    // Until the refresh margin (lifespan 20 s, refresh 15 s before expiry).
    RefreshChecks.waitUntilRefreshIsDue(upstream.last().header("Authorization"), 15);
    browser.get(base + "/api/data/user");
    JWTClaimsSet second = lastBearerClaims();
    assertThat(second.getJWTID()).isNotEqualTo(first.getJWTID());
    assertThat(second.getExpirationTime()).isAfter(first.getExpirationTime());
    assertThat(second.getSubject()).isEqualTo(first.getSubject());
  }

  @Test
  void logoutEndsTheKeycloakSessionToo() {
    logIn("ada", "ada-password-1");
    browser.findElement(By.id("logout")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-state"), "Not logged in"));
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");

    // Keycloak asks for the password again: its single sign-on session is gone as well.
    browser.findElement(By.id("login")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
  }

  @Test
  void theUserSyncRunsOnceAcrossReplicas() throws Exception {
    UserSync sync = dataService.getBean(UserSync.class);
    ApiUser admin = new ApiUser("test-admin", true, true, null, null, null, null);
    // Another replica holds the lock (its own Postgres session, as a second data service would).
    try (Connection other = postgres.getPostgresDatabase().getConnection()) {
      advisory(other, "SELECT pg_advisory_lock(?)");
      assertThatThrownBy(() -> sync.runNow(admin))
          .isInstanceOf(RenkuException.class)
          .hasMessageContaining("already running");
      // The other replica's run ends.
      advisory(other, "SELECT pg_advisory_unlock(?)");
    }
    assertThat(sync.runNow(admin).users()).isGreaterThanOrEqualTo(2);
  }

  private static void advisory(Connection c, String sql) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, UserSyncLock.KEY);
      s.executeQuery().close();
    }
  }

  @Test
  void theUserSyncRegistersKeycloakUsersAndTheirAdminRole() {
    JdbcClient db = JdbcClient.create(postgres.getPostgresDatabase());
    // Bob was an administrator before; the directory says he is not.
    db.sql(
            "INSERT INTO users.users (id, first_name, last_name, email) VALUES (:id, 'B', 'B', 'x')"
                + " ON CONFLICT DO NOTHING")
        .param("id", bobId)
        .update();
    db.sql(
            "INSERT INTO authz.relationships VALUES ('platform', 'renku', 'admin', 'user', :id, '')"
                + " ON CONFLICT DO NOTHING")
        .param("id", bobId)
        .update();

    UserSync.Result result =
        dataService
            .getBean(UserSync.class)
            .runNow(new ApiUser("test-admin", true, true, null, null, null, null));
    assertThat(result.users()).isGreaterThanOrEqualTo(2);
    assertThat(result.admins()).isEqualTo(1);
    assertThat(result.skippedDisabled()).isEqualTo(1);

    assertThat(
            db.sql("SELECT email FROM users.users WHERE id = :id")
                .param("id", adaId)
                .query(String.class)
                .single())
        .isEqualTo("ada@example.org");
    assertThat(
            db.sql("SELECT email FROM users.users WHERE id = :id")
                .param("id", bobId)
                .query(String.class)
                .single())
        .as("updated from the directory")
        .isEqualTo("bob@example.org");
    assertThat(
            db.sql("SELECT count(*) FROM users.users WHERE id = :id")
                .param("id", carolId)
                .query(Long.class)
                .single())
        .as("disabled users are not registered")
        .isZero();
    assertThat(
            db.sql(
                    "SELECT subject_id FROM authz.relationships"
                        + " WHERE resource_type = 'platform' AND relation = 'admin'")
                .query(String.class)
                .list())
        .contains(adaId)
        .doesNotContain(bobId);
    assertThat(
            db.sql("SELECT slug FROM common.namespaces WHERE user_id = :id")
                .param("id", adaId)
                .query(String.class)
                .single())
        .isEqualTo("ada");
  }

  /**
   * The chart's realm init job ({@code data-tasks realm-init}, {@code RealmInit}) against this real
   * Keycloak, on realms of its own (the Renku realm above stays as imported at start).
   */
  @Nested
  class RealmInitJob {
    private Map<String, String> env(String realm, String publicUrl, String clientSecret) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("KEYCLOAK_URL", keycloak.base());
      env.put("KEYCLOAK_REALM", realm);
      env.put("KEYCLOAK_ADMIN_USERNAME", "admin");
      env.put("KEYCLOAK_ADMIN_PASSWORD", keycloak.bootstrapPassword());
      env.put("REALM_FILE", System.getProperty("keycloak.realm"));
      env.put("RENKU_PUBLIC_URL", publicUrl);
      env.put("RENKU_OIDC_CLIENT_SECRET", clientSecret);
      env.put("RENKU_SESSIONS_CLIENT_SECRET", "sessions-" + clientSecret);
      env.put("RENKU_INITIAL_ADMIN_USERNAME", "first-admin");
      env.put("RENKU_INITIAL_ADMIN_EMAIL", "first-admin@example.org");
      env.put("RENKU_INITIAL_ADMIN_PASSWORD", "change-me-" + Long.toHexString(System.nanoTime()));
      env.put("KEYCLOAK_WAIT", "30");
      return env;
    }

    private JsonNode client(String realm, String clientId) throws Exception {
      JsonNode found = keycloak.adminGet("/realms/" + realm + "/clients?clientId=" + clientId);
      assertThat(found).hasSize(1);
      return found.get(0);
    }

    private String secretOf(String realm, JsonNode client) throws Exception {
      return keycloak
          .adminGet(
              "/realms/" + realm + "/clients/" + client.path("id").asString() + "/client-secret")
          .path("value")
          .asString();
    }

    @Test
    void makesTheRealmOnceThenKeepsItsClientsInStepWithTheRelease() throws Exception {
      String realm = "RenkuJob" + Long.toHexString(System.nanoTime());
      assertThat(
              Jobs.run(
                  new String[] {"realm-init"},
                  env(realm, "https://one.example.org", "first-secret")))
          .isZero();

      JsonNode created = keycloak.adminGet("/realms/" + realm);
      assertThat(created).isNotNull();
      assertThat(created.path("accessTokenLifespan").asInt()).isEqualTo(300); // the default
      JsonNode renku = client(realm, "renku");
      assertThat(renku.path("redirectUris"))
          .extracting(JsonNode::asString)
          .containsExactly("https://one.example.org/api/auth/callback");
      // the sessions' login proxies have their own client, with its own secret
      JsonNode sessionsOne = client(realm, "renku-sessions");
      assertThat(sessionsOne.path("redirectUris"))
          .extracting(JsonNode::asString)
          .containsExactly("https://one.example.org/sessions/*");
      assertThat(secretOf(realm, sessionsOne)).isEqualTo("sessions-first-secret");
      assertThat(secretOf(realm, renku)).isEqualTo("first-secret");
      client(realm, "renku-cli");
      JsonNode admins = keycloak.adminGet("/realms/" + realm + "/roles/renku-admin/users");
      assertThat(admins).hasSize(1);
      assertThat(admins.get(0).path("username").asString()).isEqualTo("first-admin");
      assertThat(admins.get(0).path("requiredActions").toString()).contains("UPDATE_PASSWORD");

      // the next upgrade: a new domain and a rotated client secret reach Keycloak; the
      // administrator is not made twice
      assertThat(
              Jobs.run(
                  new String[] {"realm-init"},
                  env(realm, "https://two.example.org", "second-secret")))
          .isZero();
      renku = client(realm, "renku");
      assertThat(renku.path("redirectUris"))
          .extracting(JsonNode::asString)
          .containsExactly("https://two.example.org/api/auth/callback");
      // the sessions' login proxies have their own client, with its own secret
      JsonNode sessionsTwo = client(realm, "renku-sessions");
      assertThat(sessionsTwo.path("redirectUris"))
          .extracting(JsonNode::asString)
          .containsExactly("https://two.example.org/sessions/*");
      assertThat(secretOf(realm, sessionsTwo)).isEqualTo("sessions-second-secret");
      assertThat(renku.path("webOrigins").toString()).isEqualTo("[\"https://two.example.org\"]");
      assertThat(secretOf(realm, renku)).isEqualTo("second-secret");
      assertThat(keycloak.adminGet("/realms/" + realm + "/users?exact=true&username=first-admin"))
          .hasSize(1);
    }

    @Test
    void aRefusedAdministratorLoginFailsAtOnceAndMakesNothing() throws Exception {
      String realm = "RenkuJob" + Long.toHexString(System.nanoTime());
      Map<String, String> env = env(realm, "https://one.example.org", "s");
      env.put("KEYCLOAK_ADMIN_PASSWORD", "not-the-password");
      env.put("KEYCLOAK_WAIT", "600"); // a refusal is not waited out
      assertThat(Jobs.run(new String[] {"realm-init"}, env)).isEqualTo(1);
      assertThat(keycloak.adminGet("/realms/" + realm)).isNull();
    }
  }
}
