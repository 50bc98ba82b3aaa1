package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15, the trust between the gateway and the data service, played through the gateway: forged
 * identity headers (decision 0015), a session's cookies against the platform's (decision 0016),
 * logout from another site, and metrics on the public port.
 */
class GatewayTrustAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * A session that answers every request with the platform's cookie names in {@code Set-Cookie}, a
   * {@code Clear-Site-Data}, and in its body the cookies and credentials it was sent.
   */
  private static final String COOKIE_SETTING_SESSION =
      """
      import sys, http.server as s
      class H(s.BaseHTTPRequestHandler):
       def do_GET(self):
        h = self.headers
        b = ("cookie=%s authorization=%s anon=%s" % (h["Cookie"], h["Authorization"],
             h["Renku-Auth-Anon-Id"])).encode()
        self.send_response(200)
        for c in ["_renku_session=planted; Path=/; HttpOnly",
                  "_renku_anon=anon-planted-by-a-session-000000; Path=/",
                  "JSESSIONID=fixated; Path=/auth", "own_cookie=kept; Path=/"]:
         self.send_header("Set-Cookie", c)
        self.send_header("Clear-Site-Data", '"cookies"')
        self.send_header("Service-Worker-Allowed", "/")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
       def log_message(self, *a):
        pass
      s.HTTPServer((sys.argv[2], int(sys.argv[1])), H).serve_forever()
      """;

  private static AttackPlatform p;

  /** The victim: a user with a running session (an admin, so that a custom command is allowed). */
  private static String victimToken;

  private static String victimId;
  private static String sessionName;

  @BeforeAll
  static void victimWithASession() throws Exception {
    p = AttackPlatform.get();
    String name = "victim" + suffix();
    victimId = name + "-id";
    victimToken = p.token(name, true);
    JsonNode me = ok(p.send("GET", "/api/data/user", victimToken, null), 200);
    String namespace = me.path("username").asString();
    JsonNode project =
        ok(
            p.send(
                "POST",
                "/api/data/projects",
                victimToken,
                JSON.writeValueAsString(
                    Map.of(
                        "name", "Private work",
                        "namespace", namespace,
                        "visibility", "private"))),
            201);
    Map<String, Object> environment =
        Map.of(
            "environment_kind", "CUSTOM",
            "name", "Cookie setter",
            "container_image", "python:3-slim",
            "port", 8000,
            "default_url", "/",
            "command", List.of("/usr/bin/python3", "-c", COOKIE_SETTING_SESSION),
            "args", List.of("$(RENKU_SESSION_PORT)", "$(RENKU_SESSION_IP)"));
    JsonNode launcher =
        ok(
            p.send(
                "POST",
                "/api/data/session_launchers",
                victimToken,
                JSON.writeValueAsString(
                    Map.of(
                        "name",
                        "Session",
                        "project_id",
                        project.path("id").asString(),
                        "environment",
                        environment))),
            201);
    JsonNode session =
        ok(
            p.send(
                "POST",
                "/api/data/sessions",
                victimToken,
                JSON.writeValueAsString(Map.of("launcher_id", launcher.path("id").asString()))),
            201);
    sessionName = session.path("name").asString();
    for (int i = 0; ; i++) {
      JsonNode s = ok(p.send("GET", "/api/data/sessions/" + sessionName, victimToken, null), 200);
      String state = s.path("status").path("state").asString();
      if (state.equals("running")) {
        break;
      }
      assertThat(state).as(s.toString()).isEqualTo("starting");
      assertThat(i).as("the session starts within 30 s").isLessThan(300);
      Thread.sleep(100);
    }
  }

  /**
   * Issue 15, item 2: {@code Authorization: Basic x} plus {@code Renku-Auth-Anon-Id: <victim's id>}
   * listed the victim's sessions and read their logs.
   */
  @Test
  void aForgedIdentityHeaderWithBasicAuthorizationReadsNothing() throws Exception {
    Map<String, String> forged =
        Map.of("Authorization", "Basic eDp4", "Renku-Auth-Anon-Id", victimId);
    for (String path :
        List.of(
            "/api/data/sessions",
            "/api/data/sessions/" + sessionName,
            "/api/data/sessions/" + sessionName + "/logs")) {
      HttpResponse<String> r = p.send("GET", path, null, null, forged);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.body()).as(path).doesNotContain(sessionName);
    }
    HttpResponse<String> delete =
        p.send("DELETE", "/api/data/sessions/" + sessionName, null, null, forged);
    assertThat(delete.statusCode()).isEqualTo(401);
    HttpResponse<String> pause =
        p.send(
            "PATCH",
            "/api/data/sessions/" + sessionName,
            null,
            "{\"state\":\"hibernated\"}",
            forged);
    assertThat(pause.statusCode()).isEqualTo(401);
    assertThat(
            ok(p.send("GET", "/api/data/sessions/" + sessionName, victimToken, null), 200)
                .path("status")
                .path("state")
                .asString())
        .isEqualTo("running");
  }

  /** Without an Authorization header, a client's identity header or cookie names nobody. */
  @Test
  void forgedAnonymousIdentitiesAreNotTaken() throws Exception {
    for (Map<String, String> forged :
        List.of(
            Map.of("Renku-Auth-Anon-Id", victimId),
            Map.of("Renku-Auth-Anon-Id", victimId, "Renku-Gateway-Secret", "guessed"),
            Map.of("Cookie", "_renku_anon=" + victimId),
            Map.of("Cookie", "Renku-Auth-Anon-Id=" + victimId),
            Map.of("Cookie", "_renku_anon=anon-" + victimId))) {
      HttpResponse<String> list = p.send("GET", "/api/data/sessions", null, null, forged);
      assertThat(list.statusCode()).as(forged.toString()).isEqualTo(200);
      assertThat(AttackPlatform.json(list.body()).size()).as(forged.toString()).isZero();
      assertThat(
              p.send("GET", "/api/data/sessions/" + sessionName + "/logs", null, null, forged)
                  .statusCode())
          .as(forged.toString())
          .isEqualTo(404);
      assertThat(p.send("GET", "/sessions/" + sessionName + "/", null, null, forged).statusCode())
          .as(forged.toString())
          .isEqualTo(404);
    }
  }

  /**
   * Issue 15: a session's {@code Set-Cookie} reached the browser and could overwrite the login
   * cookie; the platform's cookies reached the session.
   */
  @Test
  void aSessionNeitherGetsNorSetsThePlatformsCookies() throws Exception {
    HttpResponse<String> r =
        p.send(
            "GET",
            "/sessions/" + sessionName + "/",
            victimToken,
            null,
            Map.of(
                "Cookie",
                "_renku_session=the-login; _renku_anon=anon-the-visitor-00000000000000;"
                    + " own_cookie=1; JSESSIONID=idp"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> setCookies = r.headers().allValues("Set-Cookie");
    assertThat(setCookies)
        .as("the session's own cookie passes")
        .anyMatch(c -> c.startsWith("own_cookie="));
    assertThat(setCookies)
        .noneMatch(c -> c.startsWith("_renku"))
        .noneMatch(c -> c.startsWith("JSESSIONID"));
    assertThat(r.headers().firstValue("Clear-Site-Data")).isEmpty();
    assertThat(r.headers().firstValue("Service-Worker-Allowed")).isEmpty();
    assertThat(r.body())
        .contains("cookie=own_cookie=1")
        .doesNotContain("the-login")
        .doesNotContain("anon-the-visitor")
        .doesNotContain("idp")
        .doesNotContain("Bearer");
  }

  /**
   * Issue 15: {@code GET /api/auth/logout}, a link or an image on any site, logged the user out.
   */
  @Test
  void anotherSiteCannotLogTheUserOut() throws Exception {
    Browser browser = new Browser();
    browser.logIn("admin", AttackPlatform.ADMIN_PASSWORD);
    assertThat(browser.loggedIn()).isTrue();

    HttpResponse<String> link =
        browser.send(
            browser
                .request("/api/auth/logout?redirect_url=/")
                .header("Referer", "https://evil.example/page")
                .header("Sec-Fetch-Site", "cross-site")
                .GET());
    assertThat(link.statusCode()).isEqualTo(200);
    assertThat(link.body()).contains("method=\"post\"");
    assertThat(browser.loggedIn()).as("a GET only asks").isTrue();

    HttpResponse<String> form =
        browser.send(
            browser
                .request("/api/auth/logout")
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("redirect_url=%2F")));
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(browser.loggedIn()).as("a form on another site is refused").isTrue();

    HttpResponse<String> button =
        browser.send(
            browser
                .request("/api/auth/logout")
                .header("Origin", browser.base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("redirect_url=%2F")));
    assertThat(button.statusCode()).isEqualTo(303);
    assertThat(browser.loggedIn()).as("the platform's own button logs out").isFalse();
  }

  /** Issue 15: {@code /metrics} answered anyone on the public port. */
  @Test
  void metricsAreNotOnThePublicPort() throws Exception {
    String user = p.token("metrics" + suffix(), false);
    for (String path : List.of("/metrics", "/auth/metrics", "/metrics/")) {
      for (String token : new String[] {null, user}) {
        HttpResponse<String> r = p.send("GET", path, token, null);
        assertThat(r.statusCode()).as(path).isIn(401, 403, 404);
        assertThat(r.body()).as(path).doesNotContain("jvm_").doesNotContain("http_server_requests");
      }
    }
    for (String path :
        List.of("/x/../metrics", "/auth/x/../metrics", "/api/data/../../metrics", "/%6detrics")) {
      AttackPlatform.RawResponse r = p.raw("GET " + path + " HTTP/1.1", null);
      assertThat(r.status()).as(path).isBetween(400, 499);
      assertThat(r.body()).as(path).doesNotContain("jvm_");
    }
    assertThat(p.send("GET", "/health", null, null).statusCode()).isEqualTo(200);

    // The operator's way: the loopback port the launcher logs at start.
    String url = p.platform.gatewayMetricsUrl();
    assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1");
    assertThat(URI.create(url).getPort()).isNotEqualTo(p.port);
    HttpResponse<String> metrics =
        p.http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests");
  }

  private static JsonNode ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return AttackPlatform.json(r.body());
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A browser's cookie jar on the platform, logging in through the gateway at its public address
   * ({@code localhost}, where the login's redirects go).
   */
  private static final class Browser {
    private final String base = "http://localhost:" + p.port;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** The same cookie jar, answers as they come (a logout's redirect is checked, not followed). */
    private final HttpClient noFollow =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(30))
          // what Chromium sends when it navigates: the provider saves such requests for after login
          .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return noFollow.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void logIn(String username, String password) throws Exception {
      HttpResponse<String> page =
          http.send(
              request("/api/auth/login?redirect_url=/").build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.uri().getPath()).as(page.body()).endsWith("/auth/login");
      Matcher csrf = CSRF.matcher(page.body());
      assertThat(csrf.find()).as(page.body()).isTrue();
      String form =
          "username="
              + URLEncoder.encode(username, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8)
              + "&_csrf="
              + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
      HttpResponse<String> done =
          http.send(
              HttpRequest.newBuilder(page.uri())
                  .timeout(Duration.ofSeconds(30))
                  .header("Origin", base)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(done.uri().getPath()).as(done.body()).isEqualTo("/");
    }

    boolean loggedIn() throws Exception {
      HttpResponse<String> state = send(request("/api/auth/state"));
      return AttackPlatform.json(state.body()).path("logged_in").asBoolean();
    }
  }
}
