package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.launcher.LocalSecrets;
import io.renku.launcher.LocalTokens;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The local identity provider and its tokens, attacked through the gateway: a device login approved
 * by a link, ID tokens and tokens of another issuer used as API tokens, password guessing, and an
 * e-mail address claimed at sign-up.
 */
class IdentityAttackTest {
  private static AttackPlatform p;

  @BeforeAll
  static void platform() throws Exception {
    p = AttackPlatform.get();
  }

  /** A browser: keeps the identity provider's cookie, follows nothing by itself. */
  static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> get(String pathOrUrl) throws Exception {
      return http.send(
          HttpRequest.newBuilder(url(pathOrUrl)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String basicAuth)
        throws Exception {
      var b =
          HttpRequest.newBuilder(url(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
      if (basicAuth != null) {
        b.header("Authorization", "Basic " + basicAuth);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the login form of the provider; 302 (to {@code login?error} when wrong) or 429. */
    HttpResponse<String> tryLogin(String username, String password) throws Exception {
      String csrf = csrf(get("/auth/login").body());
      return post(
          "/auth/login", Map.of("username", username, "password", password, "_csrf", csrf), null);
    }

    void login(String username, String password) throws Exception {
      HttpResponse<String> r = tryLogin(username, password);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    /** The platform's own links name its public URL (localhost); this browser uses 127.0.0.1. */
    private static URI url(String pathOrUrl) {
      String publicUrl = "http://localhost:" + p.port;
      String u =
          pathOrUrl.startsWith(publicUrl)
              ? p.base + pathOrUrl.substring(publicUrl.length())
              : pathOrUrl.startsWith("http") ? pathOrUrl : p.base + pathOrUrl;
      return URI.create(u);
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

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a field " + name + " in " + html).isTrue();
    return m.group(1);
  }

  static String csrf(String html) {
    return field(html, "_csrf");
  }

  static String fresh(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Signs up on the provider's page (open to anyone); returns the username. */
  static String signUp(String username, String email, String password) throws Exception {
    Browser b = new Browser();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("email", email);
    form.put("firstName", "Eve");
    form.put("lastName", "Signup");
    form.put("password", password);
    form.put("_csrf", csrf(b.get("/auth/signup").body()));
    HttpResponse<String> r = b.post("/auth/signup", form, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return username;
  }

  /**
   * Tokens the provider issues to the gateway's client for {@code username} (authorization code
   * with PKCE, the client secret from the data directory): what the gateway holds after a login, ID
   * token included (which leaves the gateway in logout links as {@code id_token_hint}).
   */
  static JsonNode gatewayLoginTokens(String username, String password) throws Exception {
    Browser b = new Browser();
    b.login(username, password);
    String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String redirect = "http://localhost:" + p.port + "/api/auth/callback";
    HttpResponse<String> authorize =
        b.get(
            "/auth/oauth2/authorize?response_type=code&client_id=renku"
                + "&scope=openid%20profile%20email&state=s&code_challenge_method=S256"
                + "&code_challenge="
                + challenge
                + "&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
    Matcher code =
        Pattern.compile("[?&]code=([^&]+)")
            .matcher(authorize.headers().firstValue("Location").orElseThrow());
    assertThat(code.find()).isTrue();
    String secret = LocalSecrets.loadOrCreate(p.dataDir.resolve("keys")).gatewayClientSecret();
    String basic =
        Base64.getEncoder()
            .encodeToString(
                // form-encoded first, as RFC 6749 2.3.1 says (the secret may hold '+' or '/')
                ("renku:" + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> tokens =
        b.post(
            "/auth/oauth2/token",
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                "redirect_uri",
                redirect,
                "code_verifier",
                verifier),
            basic);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return AttackPlatform.json(tokens.body());
  }

  static JsonNode startDevice(Browser device) throws Exception {
    HttpResponse<String> r =
        device.post(
            "/auth/oauth2/device_authorization",
            Map.of("client_id", "renku-cli", "scope", "profile email"),
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return AttackPlatform.json(r.body());
  }

  static HttpResponse<String> poll(Browser device, JsonNode d) throws Exception {
    return device.post(
        "/auth/oauth2/token",
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
            "device_code", d.path("device_code").asString(),
            "client_id", "renku-cli"),
        null);
  }

  /** Follows the device's link as a browser does: to the page that asks. */
  static HttpResponse<String> follow(Browser user, JsonNode d) throws Exception {
    HttpResponse<String> r = user.get(d.path("verification_uri_complete").asString());
    int hops = 0;
    while (r.statusCode() / 100 == 3 && hops++ < 5) {
      r = user.get(r.headers().firstValue("Location").orElseThrow());
    }
    return r;
  }

  @Test
  void aDeviceVerificationLinkDoesNotApproveTheAttackersDevice() throws Exception {
    String password = "victim-password-" + UUID.randomUUID();
    String victim = signUp(fresh("victim"), fresh("victim") + "@example.org", password);
    Browser browser = new Browser();
    browser.login(victim, password);

    // The victim once signed in their own CLI, approving it on the page.
    Browser ownCli = new Browser();
    JsonNode own = startDevice(ownCli);
    HttpResponse<String> page = follow(browser, own);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(own.path("user_code").asString()).contains("renku-cli");
    HttpResponse<String> approved =
        browser.post(
            "/auth/device",
            Map.of(
                "user_code", field(page.body(), "user_code"),
                "decision", "approve",
                "_csrf", csrf(page.body())),
            null);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(poll(ownCli, own).statusCode()).isEqualTo(200);

    // The attacker starts a device login and gets the victim to open its link.
    Browser attacker = new Browser();
    JsonNode theirs = startDevice(attacker);
    assertThat(follow(browser, theirs).statusCode()).isEqualTo(200);
    HttpResponse<String> r = poll(attacker, theirs);
    assertThat(r.statusCode()).as("the link alone must not approve").isEqualTo(400);
    assertThat(r.body()).contains("authorization_pending");
    // A cross-site form posting the code (no CSRF token of the page) approves nothing either.
    String code = theirs.path("user_code").asString();
    assertThat(
            browser
                .post("/auth/device", Map.of("user_code", code, "decision", "approve"), null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            browser
                .post("/auth/oauth2/device_verification", Map.of("user_code", code), null)
                .statusCode())
        .isEqualTo(303);
    assertThat(poll(attacker, theirs).body()).contains("authorization_pending");
  }

  @Test
  void theProvidersLoginCookieIsSameSiteLax() throws Exception {
    HttpResponse<String> r = new Browser().get("/auth/login");
    assertThat(r.headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("SameSite=Lax"));
  }

  @Test
  void anIdTokenIsNotAnApiToken() throws Exception {
    String password = "id-token-password-" + UUID.randomUUID();
    String user = signUp(fresh("idtok"), fresh("idtok") + "@example.org", password);
    JsonNode tokens = gatewayLoginTokens(user, password);
    var withId = p.send("GET", "/api/data/user", tokens.path("id_token").asString(), null);
    assertThat(withId.statusCode()).as(withId.body()).isEqualTo(401);
    assertThat(withId.body()).contains("\"code\":1401");
    var withAccess = p.send("GET", "/api/data/user", tokens.path("access_token").asString(), null);
    assertThat(withAccess.statusCode()).as(withAccess.body()).isEqualTo(200);
  }

  @Test
  void aTokenOfAnotherIssuerSignedWithTheRightKeyIsRefused() throws Exception {
    String name = fresh("issuer");
    for (String issuer :
        new String[] {"http://localhost/renku-local", "https://evil.example/auth"}) {
      String token =
          LocalTokens.mint(
              p.platform.keys(),
              issuer,
              name + "-id",
              name + "@example.org",
              name,
              "T",
              true,
              Duration.ofMinutes(5));
      var r = p.send("GET", "/api/data/user", token, null);
      assertThat(r.statusCode()).as(issuer).isEqualTo(401);
    }
    assertThat(p.send("GET", "/api/data/user", p.token(name, false), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theTokenCommandMintsForThePlatformOfItsDataDirectory() throws Exception {
    // `./renku token` with only the data directory (default port 8080 in its options): the
    // issuer comes from what the running platform wrote there.
    String name = fresh("cli");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream console = System.out;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      io.renku.launcher.RenkuLauncher.main(
          new String[] {"token", "--data-dir", p.dataDir.toString(), "--user", name});
    } finally {
      System.setOut(console);
    }
    String token = out.toString(StandardCharsets.UTF_8).strip();
    var r = p.send("GET", "/api/data/user", token, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(AttackPlatform.json(r.body()).path("username").asString()).isEqualTo(name);
  }

  @Test
  void repeatedWrongPasswordsAreSlowedDownAndTheRightOneWorksAfterTheDelay() throws Exception {
    String password = "guess-me-not-" + UUID.randomUUID();
    String user = signUp(fresh("guessed"), fresh("guessed") + "@example.org", password);
    Browser attacker = new Browser();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = attacker.tryLogin(user, "wrong-" + i);
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).contains("login?error");
    }
    HttpResponse<String> slowed = new Browser().tryLogin(user, password);
    assertThat(slowed.statusCode()).isEqualTo(429);
    long wait = Long.parseLong(slowed.headers().firstValue("Retry-After").orElseThrow());
    assertThat(wait).isPositive().isLessThanOrEqualTo(60);
    assertThat(slowed.body()).contains("Try again in " + wait + " s");

    Thread.sleep(wait * 1000 + 200);
    new Browser().login(user, password);
  }

  @Test
  void anAddressClaimedAtSignUpFindsNobody() throws Exception {
    // A user whose address the provider vouches for (Keycloak-verified, or ./renku token).
    String victim = fresh("victim");
    String victimEmail = victim + "@example.org";
    String victimToken =
        LocalTokens.mint(
            p.platform.keys(),
            p.platform.issuer(),
            victim + "-id",
            victimEmail,
            "Vic",
            "Tim",
            false,
            Duration.ofMinutes(5));
    assertThat(p.send("GET", "/api/data/user", victimToken, null).statusCode()).isEqualTo(200);

    // The attacker signs up with the victim's address, and logs in once.
    String password = "claimed-address-" + UUID.randomUUID();
    String attacker = signUp(fresh("mallory"), victimEmail, password);
    JsonNode tokens = gatewayLoginTokens(attacker, password);
    var self = p.send("GET", "/api/data/user", tokens.path("access_token").asString(), null);
    assertThat(self.statusCode()).isEqualTo(200);
    String attackerId = AttackPlatform.json(self.body()).path("id").asString();

    // A project owner looking for the victim by address finds the victim only.
    String owner = p.token(fresh("owner"), false);
    var found =
        p.send(
            "GET",
            "/api/data/users?exact_email=" + URLEncoder.encode(victimEmail, StandardCharsets.UTF_8),
            owner,
            null);
    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode list = AttackPlatform.json(found.body());
    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).path("id").asString())
        .isEqualTo(victim + "-id")
        .isNotEqualTo(attackerId);

    // Nor is a self-signed-up user found by their own (unverified) address.
    String loner = fresh("loner");
    String lonerPassword = "loner-password-" + UUID.randomUUID();
    signUp(loner, loner + "@example.org", lonerPassword);
    assertThat(
            p.send(
                    "GET",
                    "/api/data/user",
                    gatewayLoginTokens(loner, lonerPassword).path("access_token").asString(),
                    null)
                .statusCode())
        .isEqualTo(200);
    var none =
        p.send(
            "GET",
            "/api/data/users?exact_email="
                + URLEncoder.encode(loner + "@example.org", StandardCharsets.UTF_8),
            owner,
            null);
    assertThat(AttackPlatform.json(none.body()).size()).isZero();
  }
}
