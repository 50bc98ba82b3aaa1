package io.renku.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity provider on its own, over HTTP: discovery, self sign-up rules, the device grant a
 * CLI uses, the claims tokens carry, client authentication.
 */
class IdentityProviderTest {
  private static final String ADMIN_PASSWORD = "identity-test-admin";
  private static final String SECRET = "identity-test-client-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final String ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

  static EmbeddedPostgres postgres;
  static ConfigurableApplicationContext app;
  static String base;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://localhost:" + port + "/auth";
    startApp();
  }

  static void startApp() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", port);
    p.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    p.put("spring.datasource.username", "postgres");
    p.put("spring.datasource.password", "postgres");
    p.put("renku.identity.issuer", base);
    p.put("renku.identity.client-secret", SECRET);
    p.put("renku.identity.redirect-uris[0]", "http://localhost:" + port + "/callback");
    p.put("renku.identity.admin-password", ADMIN_PASSWORD);
    p.put("logging.structured.format.console", "");
    app =
        IdentityApplication.application()
            .run(
                p.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    postgres.close();
  }

  /** A cookie-keeping client that does not follow redirects. */
  static final class Client {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, Map<String, String> form, String basicAuth)
        throws Exception {
      var b =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", ACCEPT)
              .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
      if (basicAuth != null) {
        b.header("Authorization", "Basic " + basicAuth);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in on the provider's own page. */
    void login(String username, String password) throws Exception {
      HttpResponse<String> page = get(base + "/login");
      HttpResponse<String> r =
          post(
              base + "/login",
              Map.of("username", username, "password", password, "_csrf", csrf(page.body())),
              null);
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a hidden field " + name).isTrue();
    return m.group(1);
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  @Test
  void discoveryNamesTheIssuerAndTheEndpointsClientsNeed() throws Exception {
    HttpResponse<String> r = new Client().get(base + "/.well-known/openid-configuration");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.path("issuer").asString()).isEqualTo(base);
    assertThat(doc.path("authorization_endpoint").asString()).isEqualTo(base + "/oauth2/authorize");
    assertThat(doc.path("token_endpoint").asString()).isEqualTo(base + "/oauth2/token");
    assertThat(doc.path("end_session_endpoint").asString()).isEqualTo(base + "/connect/logout");
    assertThat(doc.path("device_authorization_endpoint").asString())
        .isEqualTo(base + "/oauth2/device_authorization");
  }

  @Test
  void signUpRefusesBadFormsAndTakenNamesAndKeepsWhatWasTyped() throws Exception {
    Client c = new Client();
    String token = csrf(c.get(base + "/signup").body());
    HttpResponse<String> bad =
        c.post(
            base + "/signup",
            Map.of(
                "username", "-x",
                "email", "not-an-email",
                "firstName", "<script>",
                "password", "short",
                "_csrf", token),
            null);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body())
        .contains("username:")
        .contains("email:")
        .contains("password: at least 10")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");

    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", "grace");
    form.put("email", "grace@example.org");
    form.put("firstName", "Grace");
    form.put("lastName", "Hopper");
    form.put("password", "a-good-long-password");
    form.put("_csrf", token);
    HttpResponse<String> ok = c.post(base + "/signup", form, null);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).contains("login?registered");

    form.put("email", "other@example.org");
    form.put("username", "GRACE");
    HttpResponse<String> taken = c.post(base + "/signup", form, null);
    assertThat(taken.statusCode()).isEqualTo(422);
    assertThat(taken.body()).contains("already registered");

    Map<String, String> noCsrf = new LinkedHashMap<>(form);
    noCsrf.remove("_csrf");
    noCsrf.put("username", "mallory");
    noCsrf.put("email", "mallory@example.org");
    assertThat(c.post(base + "/signup", noCsrf, null).statusCode()).isEqualTo(403);
  }

  /** The device grant for renku-cli, approved by the admin in a browser; the token response. */
  static JsonNode deviceGrantTokens() throws Exception {
    Client cli = new Client();
    HttpResponse<String> start =
        cli.post(
            base + "/oauth2/device_authorization",
            Map.of("client_id", "renku-cli", "scope", "profile email"),
            null);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
    JsonNode device = JSON.readTree(start.body());
    String deviceCode = device.path("device_code").asString();
    String userCode = device.path("user_code").asString();
    assertThat(device.path("verification_uri").asString())
        .startsWith(base + "/oauth2/device_verification");

    Map<String, String> poll =
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
            "device_code", deviceCode,
            "client_id", "renku-cli");
    HttpResponse<String> pending = cli.post(base + "/oauth2/token", poll, null);
    assertThat(pending.statusCode()).isEqualTo(400);
    assertThat(pending.body()).contains("authorization_pending");

    // The user approves in a browser.
    Client user = new Client();
    user.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> consent =
        user.get(base + "/oauth2/device_verification?user_code=" + userCode);
    if (consent.statusCode() == 302) {
      // Consent given before (it is stored): approved at once.
      assertThat(consent.headers().firstValue("Location").orElse("")).contains("success");
    } else {
      assertThat(consent.statusCode()).isEqualTo(200);
      assertThat(consent.body()).contains("renku-cli").contains(userCode);
      String state = hidden(consent.body(), "state");
      HttpResponse<String> approved =
          user.http.send(
              HttpRequest.newBuilder(URI.create(base + "/oauth2/device_verification"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          encode(
                                  Map.of(
                                      "client_id",
                                      "renku-cli",
                                      "user_code",
                                      userCode,
                                      "state",
                                      state))
                              + "&scope=profile&scope=email"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
      assertThat(approved.headers().firstValue("Location").orElse("")).contains("success");
    }

    HttpResponse<String> tokens = cli.post(base + "/oauth2/token", poll, null);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return JSON.readTree(tokens.body());
  }

  @Test
  void theDeviceGrantGivesACliTokensWithKeycloakLikeClaims() throws Exception {
    JsonNode body = deviceGrantTokens();
    assertThat(body.path("refresh_token").asString()).isNotBlank();
    var claims = SignedJWT.parse(body.path("access_token").asString()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(base);
    assertThat(claims.getAudience()).contains("renku", "renku-cli");
    assertThat(claims.getSubject()).matches("[0-9a-f-]{36}");
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("admin");
    assertThat(claims.getStringClaim("email")).isEqualTo("admin@renku.local");
    assertThat(claims.getJSONObjectClaim("realm_access").get("roles"))
        .isEqualTo(List.of("renku-admin"));
  }

  @Test
  void loginsOutliveARestartAndPublicClientsRefresh() throws Exception {
    JsonNode first = deviceGrantTokens();
    app.close();
    startApp(); // same database: the authorization was stored there

    HttpResponse<String> refreshed =
        new Client()
            .post(
                base + "/oauth2/token",
                Map.of(
                    "grant_type", "refresh_token",
                    "refresh_token", first.path("refresh_token").asString(),
                    "client_id", "renku-cli"),
                null);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String access = JSON.readTree(refreshed.body()).path("access_token").asString();
    assertThat(access).isNotEqualTo(first.path("access_token").asString());
    assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("preferred_username"))
        .isEqualTo("admin");

    HttpResponse<String> wrongClient =
        new Client()
            .post(
                base + "/oauth2/token",
                Map.of(
                    "grant_type", "refresh_token",
                    "refresh_token", first.path("refresh_token").asString(),
                    "client_id", "renku"),
                null);
    assertThat(wrongClient.statusCode())
        .as("a confidential client cannot refresh without its secret")
        .isEqualTo(401);
  }

  @Test
  void aWrongClientSecretIsRefused() throws Exception {
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString("renku:wrong-secret".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        new Client()
            .post(
                base + "/oauth2/token",
                Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", "x"),
                basic);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("invalid_client");
  }

  @Test
  void wrongPasswordsDoNotLogIn() throws Exception {
    Client c = new Client();
    HttpResponse<String> page = c.get(base + "/login");
    HttpResponse<String> r =
        c.post(
            base + "/login",
            Map.of("username", "admin", "password", "nope", "_csrf", csrf(page.body())),
            null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("login?error"));
  }
}
