package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.renku.gateway.support.Browser;
import io.renku.gateway.support.EchoUpstream;
import io.renku.gateway.support.TestPlatform;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login through the gateway against the real identity provider, and what the upstream sees. */
class GatewayLoginTest {
  static TestPlatform platform;
  Browser browser;

  @BeforeAll
  static void start() {
    platform = TestPlatform.get();
  }

  @BeforeEach
  void newBrowser() {
    browser = new Browser(platform.baseUrl);
    platform.upstream.clear();
  }

  @Test
  void loginRelaysTheAccessTokenToTheDataService() throws Exception {
    HttpResponse<String> before = browser.get("/api/auth/state");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.body()).isEqualTo("{\"logged_in\":false}");
    HttpResponse<String> home = browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    assertThat(browser.get("/api/auth/state").body()).isEqualTo("{\"logged_in\":true}");
    assertThat(home.statusCode()).as(home.uri() + ": " + home.body()).isEqualTo(200);
    assertThat(home.uri().getPath()).isEqualTo("/");
    assertThat(home.body()).contains("Logged in as").contains("admin@renku.local");

    HttpResponse<String> user = browser.get("/api/data/user");
    assertThat(user.statusCode()).isEqualTo(200);
    EchoUpstream.Seen seen = platform.upstream.last();
    assertThat(seen.path()).isEqualTo("/api/data/user");
    String auth = seen.header("Authorization");
    assertThat(auth).startsWith("Bearer ");
    SignedJWT jwt = SignedJWT.parse(auth.substring(7));
    assertThat(jwt.getJWTClaimsSet().getAudience()).contains("renku");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("email")).isEqualTo("admin@renku.local");
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("realm_access").get("roles"))
        .isEqualTo(List.of("renku-admin"));
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(platform.baseUrl + "/auth");
    assertThat(seen.header("Renku-Auth-Refresh-Token")).isNotBlank();
    assertThat(seen.header("Renku-Auth-Anon-Id")).isNull();
    assertThat(seen.header("Cookie")).as("browser cookies stay at the gateway").isNull();
    assertThat(seen.header("X-Request-ID")).isNotBlank();
  }

  @Test
  void theSessionIdChangesAtLoginAndTheCookieIsHttpOnlyAndLax() {
    HttpResponse<String> start = browser.get("/api/auth/login?redirect_url=/");
    assertThat(start.statusCode()).isEqualTo(302);
    String setCookie =
        start.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("_renku_session="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    assertThat(setCookie).doesNotContain("Max-Age").doesNotContain("Secure");
    String before = browser.cookie("_renku_session").orElseThrow();

    HttpResponse<String> page = browser.follow(start);
    browser.follow(
        browser.postForm(
            page.uri().toString(),
            Map.of(
                "username",
                "admin",
                "password",
                TestPlatform.ADMIN_PASSWORD,
                "_csrf",
                Browser.csrf(page.body()))));
    String after = browser.cookie("_renku_session").orElseThrow();
    assertThat(after).isNotEqualTo(before);

    // The id from before login is worth nothing now.
    Browser attacker = new Browser(platform.baseUrl);
    attacker.setCookie("_renku_session", before);
    attacker.get("/api/data/user");
    assertThat(platform.upstream.last().header("Authorization")).isNull();
  }

  @Test
  void wrongPasswordStaysOnTheLoginPage() {
    HttpResponse<String> result = browser.login("admin", "not-the-password", "/");
    assertThat(result.uri().getPath()).isEqualTo("/auth/login");
    assertThat(result.body()).contains("Wrong username or password");
  }

  @Test
  void redirectTargetsOutsideThePlatformAreRefused() {
    for (String bad :
        List.of(
            "https://evil.example/",
            "//evil.example/x",
            "http://localhost.evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "https://user@evil.example/")) {
      HttpResponse<String> r =
          browser.get(
              "/api/auth/login?redirect_url="
                  + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":1400").contains("redirect_url");
      HttpResponse<String> out =
          browser.get(
              "/api/auth/logout?redirect_url="
                  + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(out.statusCode()).as(bad).isEqualTo(400);
      assertThat(browser.postForm("/api/auth/logout", Map.of("redirect_url", bad)).statusCode())
          .as(bad)
          .isEqualTo(400);
    }
    HttpResponse<String> done = browser.get("/api/auth/logout/done?state=https://evil.example/");
    assertThat(done.headers().firstValue("Location")).contains(platform.baseUrl + "/");

    HttpResponse<String> ok =
        browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/projects/x?tab=1");
    assertThat(ok.uri().toString()).isEqualTo(platform.baseUrl + "/projects/x?tab=1");
  }

  @Test
  void anotherSiteCannotLogTheUserOut() {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    // A link or an image: the confirmation page, nothing ended.
    assertThat(browser.get("/api/auth/logout").statusCode()).isEqualTo(200);
    // A form on another site: refused by the origin check.
    HttpResponse<String> forged =
        browser.send(
            browser
                .request("/api/auth/logout")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("redirect_url=/"))
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    browser.get("/api/data/user");
    assertThat(platform.upstream.last().header("Authorization"))
        .as("still logged in")
        .startsWith("Bearer ");
  }

  @Test
  void logoutEndsTheSessionHereAndAtTheProvider() {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    String cookie = browser.cookie("_renku_session").orElseThrow();

    // A link only asks; the page's button POSTs from the platform's origin.
    HttpResponse<String> confirm = browser.get("/api/auth/logout?redirect_url=/");
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body())
        .contains("<form method=\"post\" action=\"/api/auth/logout\">")
        .contains("name=\"redirect_url\" value=\"" + platform.baseUrl + "/\"");
    assertThat(confirm.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(browser.get("/api/data/user").statusCode()).isNotEqualTo(302);
    assertThat(platform.upstream.last().header("Authorization"))
        .as("still logged in after the GET")
        .startsWith("Bearer ");

    HttpResponse<String> out = browser.postForm("/api/auth/logout", Map.of("redirect_url", "/"));
    assertThat(out.statusCode()).isEqualTo(303);
    String location = out.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith(platform.baseUrl + "/auth/connect/logout")
        .contains("id_token_hint=");
    HttpResponse<String> end = browser.follow(out);
    assertThat(end.uri().toString()).isEqualTo(platform.baseUrl + "/");
    assertThat(end.body()).contains("Not logged in");

    // The old cookie, replayed, is anonymous now.
    Browser replay = new Browser(platform.baseUrl);
    replay.setCookie("_renku_session", cookie);
    replay.get("/api/data/projects");
    EchoUpstream.Seen seen = platform.upstream.last();
    assertThat(seen.header("Authorization")).isNull();
    assertThat(seen.header("Renku-Auth-Anon-Id")).startsWith("anon-");

    // And the provider's session ended too: logging in again asks for the password.
    HttpResponse<String> again = browser.follow(browser.get("/api/auth/login?redirect_url=/"));
    assertThat(again.uri().getPath()).isEqualTo("/auth/login");
  }

  @Test
  void userProfileGoesToTheProvidersAccountPage() {
    HttpResponse<String> r = browser.get("/api/auth/user-profile");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .contains(platform.baseUrl + "/auth/account?referrer=renku");
  }

  @Test
  void aCallbackThatDoesNotMatchTheLoginIsRefused() {
    HttpResponse<String> noLogin = browser.get("/api/auth/callback?code=x&state=y");
    assertThat(noLogin.statusCode()).isEqualTo(400);
    assertThat(noLogin.body()).contains("Login expired");

    browser.get("/api/auth/login?redirect_url=/");
    HttpResponse<String> wrongState = browser.get("/api/auth/callback?code=x&state=forged");
    assertThat(wrongState.statusCode()).isEqualTo(400);
    assertThat(wrongState.body()).contains("does not match");
    assertThat(wrongState.body()).doesNotContain("Exception");
  }
}
