package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.support.Browser;
import io.renku.gateway.support.EchoUpstream;
import io.renku.gateway.support.RefreshChecks;
import io.renku.gateway.support.TestPlatform;
import io.renku.gateway.web.MetricsConnector;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the gateway passes on (or refuses) for logged-in, anonymous and token-bearing callers. */
class GatewayProxyTest {
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

  private String bearerOfLastRequest() {
    return platform.upstream.last().header("Authorization");
  }

  @Test
  void anExpiringAccessTokenIsRefreshedTransparently() throws Exception {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    browser.get("/api/data/user");
    String first = bearerOfLastRequest();
    browser.get("/api/data/user");
    assertThat(bearerOfLastRequest()).as("still fresh: the same token").isEqualTo(first);

    RefreshChecks.waitUntilRefreshIsDue(first, TestPlatform.REFRESH_BEFORE_SECONDS);

    HttpResponse<String> r = browser.get("/api/data/user");
    assertThat(r.statusCode()).isEqualTo(200);
    String second = bearerOfLastRequest();
    assertThat(second).startsWith("Bearer ").isNotEqualTo(first);
  }

  @Test
  void concurrentRequestsRefreshOnce() throws Exception {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    RefreshChecks.concurrentRequestsRefreshOnce(browser, platform.upstream, 12);
  }

  @Test
  void anExpiredLoginSessionIsAnonymousNotAnError() throws InterruptedException {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    JdbcClient.create(platform.dataSource())
        .sql("UPDATE gateway.spring_session SET last_access_time = 0, expiry_time = 0")
        .update();
    // Expired behind the gateway's back: it sees that once its copy of the login has lapsed.
    Thread.sleep(TestPlatform.MEMORY_TTL_SECONDS * 1000L + 200);
    HttpResponse<String> api = browser.get("/api/data/projects");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(bearerOfLastRequest()).isNull();
    assertThat(platform.upstream.last().header("Renku-Auth-Anon-Id")).startsWith("anon-");
    HttpResponse<String> home = browser.get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Not logged in");
  }

  @Test
  void visitorsGetAStableAnonymousId() {
    browser.get("/api/data/projects");
    String id = platform.upstream.last().header("Renku-Auth-Anon-Id");
    assertThat(id).matches("anon-[A-Za-z0-9_-]{32}");
    browser.get("/api/data/projects");
    assertThat(platform.upstream.last().header("Renku-Auth-Anon-Id")).isEqualTo(id);
    assertThat(new Browser(platform.baseUrl).get("/api/data/version").statusCode()).isEqualTo(200);
    assertThat(platform.upstream.last().header("Renku-Auth-Anon-Id")).isNotEqualTo(id);

    // A forged header from the client is replaced, and a forged cookie value must look right.
    browser.send(
        browser
            .request("/api/data/projects")
            .header("Renku-Auth-Anon-Id", "anon-forged")
            .header("Renku-Gateway-Secret", "guessed")
            .GET()
            .build());
    assertThat(platform.upstream.last().header("Renku-Auth-Anon-Id")).isEqualTo(id);
    assertThat(platform.upstream.last().header("Renku-Gateway-Secret"))
        .as("the gateway vouches for the id it chose, with the shared secret")
        .isEqualTo(TestPlatform.GATEWAY_SECRET);
  }

  /**
   * The attack of issue 15: {@code Authorization: Basic x} made the gateway pass the client's
   * headers on as they came, so a forged anonymous id reached the data service.
   */
  @Test
  void identityHeadersOfTheClientNeverReachTheDataService() {
    for (String authorization : List.of("Basic eDp4", "Bearer script-token")) {
      browser.send(
          browser
              .request("/api/data/sessions")
              .header("Authorization", authorization)
              .header("Renku-Auth-Anon-Id", "victim-user-id")
              .header("Renku-Gateway-Secret", "guessed")
              .header("Renku-Internal-Token", "guessed")
              .header("Renku-Auth-Refresh-Token", "forged")
              .GET()
              .build());
      EchoUpstream.Seen seen = platform.upstream.last();
      assertThat(seen.header("Authorization")).isEqualTo(authorization);
      assertThat(seen.header("Renku-Auth-Anon-Id")).as(authorization).isNull();
      assertThat(seen.header("Renku-Gateway-Secret")).as(authorization).isNull();
      assertThat(seen.header("Renku-Internal-Token")).as(authorization).isNull();
      assertThat(seen.header("Renku-Auth-Refresh-Token")).as(authorization).isNull();
    }
  }

  @Test
  void callersWithTheirOwnTokenPassThroughUnchanged() {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    HttpResponse<String> r =
        browser.send(
            browser
                .request("/api/data/projects")
                .header("Authorization", "Bearer script-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ünïcode\"}"))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    EchoUpstream.Seen seen = platform.upstream.last();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.body()).isEqualTo("{\"name\":\"ünïcode\"}");
    assertThat(seen.header("Content-Type")).isEqualTo("application/json");
    assertThat(seen.header("Authorization")).isEqualTo("Bearer script-token");
    assertThat(seen.header("Renku-Auth-Refresh-Token")).isNull();
  }

  @Test
  void cookieAuthenticatedWritesMustComeFromThePlatform() {
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    platform.upstream.clear();
    for (String origin : List.of("https://evil.example", "http://localhost:1", "null")) {
      HttpResponse<String> r =
          browser.send(
              browser
                  .request("/api/data/projects")
                  .header("Origin", origin)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
                  .build());
      assertThat(r.statusCode()).as(origin).isEqualTo(403);
      assertThat(r.body()).contains("\"code\":1403");
    }
    HttpResponse<String> noOrigin =
        browser.send(
            browser
                .request("/api/data/projects")
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(noOrigin.statusCode()).isEqualTo(403);
    HttpResponse<String> foreignReferer =
        browser.send(
            browser
                .request("/api/data/projects")
                .header("Referer", "https://evil.example/page")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(foreignReferer.statusCode()).isEqualTo(403);
    assertThat(platform.upstream.seen()).as("nothing refused reached the service").isEmpty();

    HttpResponse<String> same =
        browser.send(
            browser
                .request("/api/data/projects")
                .header("Origin", platform.baseUrl)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(same.statusCode()).isEqualTo(200);
    HttpResponse<String> referer =
        browser.send(
            browser
                .request("/api/data/projects")
                .header("Referer", platform.baseUrl + "/projects")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(referer.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownApiPathsAndTheSecretKeyAre404WithTheEnvelope() {
    for (String path :
        List.of(
            "/api/unknown",
            "/api/kg/entities",
            "/api/data/user/secret_key",
            "/api/data/user/secret_key/",
            "/api/data/user/secret%5Fkey",
            "/api/data/user//secret_key",
            "/api/data/user/%73ecret_key")) {
      HttpResponse<String> r = browser.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).contains("\"code\":1404").contains("trace_id");
    }
    assertThat(platform.upstream.seen()).isEmpty();
  }

  @Test
  void theSecretsServiceAndTheSecretKeyAreNeverReachedWhateverTheCaller() {
    // the secrets service is internal (decision 0031): no route leads there, and the credential
    // headers it and the data service use open nothing here
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    platform.upstream.clear();
    for (String[] call :
        new String[][] {
          {"GET", "/api/data/user/secret_key"},
          {"POST", "/api/data/user/secret_key"},
          {"GET", "/api/data/user/secret_key?user_id=x"},
          {"GET", "/api/secrets/version"},
          {"POST", "/api/secrets/kubernetes"},
          {"PUT", "/api/secrets/sessions/s/files"},
          {"DELETE", "/api/secrets/sessions/s/files"},
        }) {
      HttpResponse<String> r =
          browser.send(
              browser
                  .request(call[1])
                  .header("Renku-Internal-Token", "guessed")
                  .header("Renku-User-Id", "someone")
                  .header("Origin", platform.baseUrl)
                  .method(call[0], HttpRequest.BodyPublishers.ofString("{}"))
                  .build());
      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(r.body()).contains("\"code\":1404");
    }
    assertThat(platform.upstream.seen()).isEmpty();
  }

  @Test
  void pathsAndQueriesArePassedAsSent() {
    browser.get("/api/data/projects?namespace=a%20b&per_page=5&x=%2F");
    assertThat(platform.upstream.last().path())
        .isEqualTo("/api/data/projects?namespace=a%20b&per_page=5&x=%2F");
  }

  @Test
  void healthAnswersEverywhereMetricsOnlyOnTheirOwnPort() {
    assertThat(browser.get("/health").body()).contains("UP");
    assertThat(browser.get("/health/readiness").statusCode()).isEqualTo(200);
    for (String path :
        List.of("/metrics", "/metrics/", "/x/../metrics", "/%6Detrics", "/metrics;a=b")) {
      assertThat(browser.get(path).statusCode()).as(path).isIn(400, 404);
      assertThat(browser.get(path).body()).as(path).doesNotContain("http_server_requests");
    }
    String url = platform.gateway.getBean(MetricsConnector.class).url();
    assertThat(url).startsWith("http://127.0.0.1:").endsWith("/metrics");
    Browser operator = new Browser(url.replace("/metrics", ""));
    assertThat(operator.get("/metrics").body()).contains("http_server_requests");
    assertThat(operator.get("/health").body()).contains("UP");
    assertThat(operator.get("/api/auth/state").statusCode())
        .as("nothing else on the metrics port")
        .isEqualTo(404);
  }

  @Test
  void theRequestIdReachesTheService() {
    HttpResponse<String> r =
        browser.send(
            browser.request("/api/data/version").header("X-Request-ID", "req-12345").GET().build());
    assertThat(r.headers().firstValue("X-Request-ID")).contains("req-12345");
    assertThat(platform.upstream.last().header("X-Request-ID")).isEqualTo("req-12345");
  }
}
