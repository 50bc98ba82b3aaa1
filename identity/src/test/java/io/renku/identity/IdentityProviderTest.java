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
  private static final int ADDRESS_FREE_ATTEMPTS = 8;

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
    app = startApp(port, base);
  }

  static ConfigurableApplicationContext startApp(int port, String issuer) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", port);
    p.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    p.put("spring.datasource.username", "postgres");
    p.put("spring.datasource.password", "postgres");
    p.put("renku.identity.issuer", issuer);
    p.put("renku.identity.client-secret", SECRET);
    p.put("renku.identity.redirect-uris[0]", "http://localhost:" + port + "/callback");
    p.put("renku.identity.admin-password", ADMIN_PASSWORD);
    p.put("renku.identity.login-throttle.address-free-attempts", ADDRESS_FREE_ATTEMPTS);
    p.put("logging.structured.format.console", "");
    return IdentityApplication.application()
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

  /**
   * A cookie-keeping client that does not follow redirects. Each client comes from an address of
   * its own (X-Forwarded-For, as the gateway sends it), so that failed logins in one test do not
   * slow down another.
   */
  static final class Client {
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES =
        new java.util.concurrent.atomic.AtomicInteger();

    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String address = "192.0.2." + (ADDRESSES.incrementAndGet() % 250 + 1);

    HttpResponse<String> get(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url))
              .header("Accept", ACCEPT)
              .header("X-Forwarded-For", address)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, Map<String, String> form, String basicAuth)
        throws Exception {
      return post(url, encode(form), basicAuth);
    }

    HttpResponse<String> post(String url, String form, String basicAuth) throws Exception {
      var b =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", ACCEPT)
              .header("X-Forwarded-For", address)
              .POST(HttpRequest.BodyPublishers.ofString(form));
      if (basicAuth != null) {
        b.header("Authorization", "Basic " + basicAuth);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the provider's login form; the answer (302 on success and on failure, or 429). */
    HttpResponse<String> tryLogin(String username, String password) throws Exception {
      HttpResponse<String> page = get(base + "/login");
      return post(
          base + "/login",
          Map.of("username", username, "password", password, "_csrf", csrf(page.body())),
          null);
    }

    /** Logs in on the provider's own page. */
    void login(String username, String password) throws Exception {
      HttpResponse<String> r = tryLogin(username, password);
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

  static final Map<String, String> DEVICE_SCOPES =
      Map.of("client_id", "renku-cli", "scope", "profile email");

  /** A device authorization request of renku-cli: {@code device_code}, {@code user_code} ... */
  static JsonNode startDevice(Client cli) throws Exception {
    HttpResponse<String> start =
        cli.post(base + "/oauth2/device_authorization", DEVICE_SCOPES, null);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
    JsonNode device = JSON.readTree(start.body());
    assertThat(device.path("verification_uri").asString())
        .startsWith(base + "/oauth2/device_verification");
    return device;
  }

  /** The device's poll of the token endpoint. */
  static HttpResponse<String> poll(Client cli, JsonNode device) throws Exception {
    return cli.post(
        base + "/oauth2/token",
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
            "device_code", device.path("device_code").asString(),
            "client_id", "renku-cli"),
        null);
  }

  static void assertPending(Client cli, JsonNode device) throws Exception {
    HttpResponse<String> pending = poll(cli, device);
    assertThat(pending.statusCode()).isEqualTo(400);
    assertThat(pending.body()).contains("authorization_pending");
  }

  /**
   * What a user's browser does with the device's link: follows it to the page that asks; returns
   * that page (which shows the code and the client and approves nothing by itself).
   */
  static HttpResponse<String> openVerificationLink(Client user, JsonNode device) throws Exception {
    HttpResponse<String> link = user.get(device.path("verification_uri_complete").asString());
    assertThat(link.statusCode()).isEqualTo(303);
    String location = link.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/auth/device?user_code=");
    return user.get("http://localhost:" + port + location);
  }

  /** Posts the decision of the page, with its CSRF token. */
  static HttpResponse<String> decide(Client user, String page, String decision) throws Exception {
    return user.post(
        base + "/device",
        Map.of(
            "user_code", hidden(page, "user_code"),
            "decision", decision,
            "_csrf", csrf(page)),
        null);
  }

  /** The device grant for renku-cli, approved by the admin in a browser; the token response. */
  static JsonNode deviceGrantTokens() throws Exception {
    Client cli = new Client();
    JsonNode device = startDevice(cli);
    String userCode = device.path("user_code").asString();
    assertPending(cli, device);

    // The user approves in a browser: the link shows the request, a POST of the page approves.
    Client user = new Client();
    user.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> page = openVerificationLink(user, device);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("renku-cli").contains(userCode).contains("admin");
    assertPending(cli, device);
    HttpResponse<String> approved = decide(user, page.body(), "approve");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(approved.body()).contains("device-approved");

    HttpResponse<String> tokens = poll(cli, device);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return JSON.readTree(tokens.body());
  }

  @Test
  void aVerificationLinkNeverApprovesEvenAfterAnEarlierApproval() throws Exception {
    deviceGrantTokens(); // the admin approved renku-cli once (Spring would remember the consent)

    // An attacker starts a device login and sends the admin the link with its code.
    Client attacker = new Client();
    JsonNode device = startDevice(attacker);
    Client admin = new Client();
    admin.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> page = openVerificationLink(admin, device);
    assertThat(page.statusCode()).isEqualTo(200);
    assertPending(attacker, device);

    // Nor does Spring's own endpoint approve by POST without the page (no CSRF token, no choice).
    String code = device.path("user_code").asString();
    HttpResponse<String> post =
        admin.post(base + "/oauth2/device_verification", Map.of("user_code", code), null);
    assertThat(post.statusCode()).isEqualTo(303);
    HttpResponse<String> consent =
        admin.post(
            base + "/oauth2/device_verification",
            encode(Map.of("client_id", "renku-cli", "user_code", code, "state", "x"))
                + "&scope=profile&scope=email",
            null);
    assertThat(consent.statusCode()).isEqualTo(303);
    // And the page's POST needs its CSRF token.
    HttpResponse<String> forged =
        admin.post(base + "/device", Map.of("user_code", code, "decision", "approve"), null);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertPending(attacker, device);

    // Denied on the page: the device is told so.
    HttpResponse<String> denied = decide(admin, page.body(), "deny");
    assertThat(denied.statusCode()).isEqualTo(200);
    HttpResponse<String> refused = poll(attacker, device);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("access_denied");
    // A used code cannot be approved afterwards.
    assertThat(decide(admin, page.body(), "approve").statusCode()).isEqualTo(404);
  }

  @Test
  void theVerificationPageNeedsALoginAndAValidCode() throws Exception {
    Client anonymous = new Client();
    HttpResponse<String> r = anonymous.get(base + "/device?user_code=BCDF-GHJK");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/auth/login");

    Client user = new Client();
    user.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> unknown = user.get(base + "/device?user_code=BCDF-GHJK");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown");
    assertThat(user.get(base + "/device").body()).contains("name=\"user_code\"");
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

  /** Signs up a fresh user; returns their username. */
  static String signUp(String name, String password) throws Exception {
    Client c = new Client();
    String username = name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("email", username + "@example.org");
    form.put("firstName", "Test");
    form.put("lastName", "User");
    form.put("password", password);
    form.put("_csrf", csrf(c.get(base + "/signup").body()));
    HttpResponse<String> r = c.post(base + "/signup", form, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return username;
  }

  /** The gateway's login: authorization code with PKCE for the client renku; the token response. */
  static JsonNode codeFlowTokens(String username, String password) throws Exception {
    Client user = new Client();
    user.login(username, password);
    String verifier = "v-" + java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
    String challenge =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String redirect = "http://localhost:" + port + "/callback";
    HttpResponse<String> authorize =
        user.get(
            base
                + "/oauth2/authorize?response_type=code&client_id=renku"
                + "&scope=openid%20profile%20email&state=s1&code_challenge_method=S256"
                + "&code_challenge="
                + challenge
                + "&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
    String location = authorize.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(redirect);
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertThat(code.find()).isTrue();
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(("renku:" + SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> tokens =
        user.post(
            base + "/oauth2/token",
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                "redirect_uri",
                redirect,
                "code_verifier",
                verifier),
            basic);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return JSON.readTree(tokens.body());
  }

  @Test
  void accessAndIdTokensSayWhichTheyAreAndWhetherTheAddressIsVerified() throws Exception {
    JsonNode admin = codeFlowTokens("admin", ADMIN_PASSWORD);
    var access = SignedJWT.parse(admin.path("access_token").asString()).getJWTClaimsSet();
    var id = SignedJWT.parse(admin.path("id_token").asString()).getJWTClaimsSet();
    assertThat(access.getStringClaim("typ")).isEqualTo("Bearer");
    assertThat(id.getStringClaim("typ")).isEqualTo("ID");
    assertThat(access.getBooleanClaim("email_verified")).isTrue();

    // Self sign-up checks nothing about the address: it is not verified.
    String username = signUp("selfmade", "a-good-long-password");
    JsonNode user = codeFlowTokens(username, "a-good-long-password");
    for (String token : List.of("access_token", "id_token")) {
      var claims = SignedJWT.parse(user.path(token).asString()).getJWTClaimsSet();
      assertThat(claims.getStringClaim("email")).isEqualTo(username + "@example.org");
      assertThat(claims.getBooleanClaim("email_verified")).as(token).isFalse();
    }
  }

  @Test
  void wrongPasswordsSlowDownTheAccountFromAnyAddressThenTheRightOneWorks() throws Exception {
    String username = signUp("guessed", "the-right-password");
    // Five wrong guesses, each from another address: refused as usual.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = new Client().tryLogin(username, "wrong-guess-" + i);
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).contains("login?error");
    }
    // Then the account must wait, whatever the address and the password.
    HttpResponse<String> slowed = new Client().tryLogin(username, "the-right-password");
    assertThat(slowed.statusCode()).isEqualTo(429);
    long wait = Long.parseLong(slowed.headers().firstValue("Retry-After").orElseThrow());
    assertThat(wait).isBetween(1L, 2L);
    assertThat(slowed.body()).contains("Try again in " + wait + " s");
    // Another account is not affected.
    Client other = new Client();
    other.login("admin", ADMIN_PASSWORD);

    Thread.sleep(wait * 1000 + 100);
    new Client().login(username, "the-right-password");
    // The success cleared the account: one more mistake is not delayed.
    HttpResponse<String> again = new Client().tryLogin(username, "wrong-again");
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(new Client().tryLogin(username, "the-right-password").statusCode()).isEqualTo(302);
  }

  @Test
  void oneAddressTryingManyAccountsIsSlowedDown() throws Exception {
    Client sprayer = new Client();
    for (int i = 0; i < ADDRESS_FREE_ATTEMPTS; i++) {
      HttpResponse<String> r = sprayer.tryLogin("nobody-" + i + "-" + sprayer.address, "guess");
      assertThat(r.statusCode()).isEqualTo(302);
    }
    HttpResponse<String> slowed = sprayer.tryLogin("admin", ADMIN_PASSWORD);
    assertThat(slowed.statusCode()).isEqualTo(429);
    // Sign-up from that address waits too (it is how one probes for taken names).
    HttpResponse<String> signup =
        sprayer.post(
            base + "/signup", Map.of("_csrf", csrf(sprayer.get(base + "/signup").body())), null);
    assertThat(signup.statusCode()).isEqualTo(429);
    // Another address is not affected.
    new Client().login("admin", ADMIN_PASSWORD);
  }

  @Test
  void theLoginCookieIsLaxHttpOnlyAndSecureBehindHttps() throws Exception {
    String cookie = sessionCookie(base);
    assertThat(cookie).contains("SameSite=Lax").contains("HttpOnly").doesNotContain("Secure");

    int httpsPort;
    try (ServerSocket s = new ServerSocket(0)) {
      httpsPort = s.getLocalPort();
    }
    // The same provider behind a TLS-terminating gateway: its issuer is https.
    try (ConfigurableApplicationContext behindTls =
        startApp(httpsPort, "https://renku.example.org/auth")) {
      assertThat(sessionCookie("http://localhost:" + httpsPort + "/auth"))
          .contains("SameSite=Lax")
          .contains("Secure");
    }
  }

  private static String sessionCookie(String providerBase) throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(providerBase + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
    return page.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow();
  }
}
