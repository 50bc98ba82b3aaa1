package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connected services attacked through the gateway (issue 22): only admins write providers and no
 * answer ever carries a client secret; the authorization flow redirects only to the platform's own
 * origin (no open redirect through {@code next_url}); a callback with a forged state, another
 * user's state or no login connects nothing; another user's connection is 404 whatever is asked of
 * it; {@code /repository} never probes loopback, link-local or other internal addresses (SSRF); the
 * sessions' token endpoint refuses refresh tokens it did not issue. No answer is a 5xx.
 */
@Timeout(300)
class ConnectedServicesAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "attack-client-secret-" + UUID.randomUUID();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private final AnswerLog answers = new AnswerLog();

  @AfterEach
  void noServerErrorsNorSecrets() {
    answers.assertNoServerErrors();
    for (var r : answers.all()) {
      assertThat(r.body() + r.headers().map()).doesNotContain(SECRET);
    }
  }

  private static String token(String name, boolean admin) throws Exception {
    String t = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), admin);
    var me = platform.send("GET", "/api/data/user", t, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return t;
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    var r = platform.send(method, path, token, body == null ? null : JSON.writeValueAsString(body));
    return answers.record(r);
  }

  /** A GitLab provider on a host that does not exist: the flow never reaches it. */
  private String provider(String admin) throws Exception {
    String id = "atk-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("kind", "gitlab");
    body.put("client_id", "atk-client");
    body.put("client_secret", SECRET);
    body.put("display_name", "Attack GitLab");
    body.put("scope", "read_repository");
    body.put("url", "https://gitlab.invalid");
    var r = send("POST", "/api/data/oauth2/providers", admin, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return id;
  }

  private static Map<String, String> query(URI u) {
    Map<String, String> m = new HashMap<>();
    for (String pair : u.getRawQuery().split("&")) {
      int i = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void onlyAdminsWriteProvidersAndSecretsNeverComeBack() throws Exception {
    String admin = token("csa-admin", true);
    String user = token("csa-user", false);
    String id = provider(admin);
    Map<String, Object> body =
        Map.of(
            "id", "atk-u-" + UUID.randomUUID().toString().substring(0, 6),
            "kind", "github",
            "client_id", "x",
            "display_name", "x",
            "scope", "repo",
            "url", "https://github.com");
    assertThat(send("POST", "/api/data/oauth2/providers", user, body).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/data/oauth2/providers", null, body).statusCode()).isEqualTo(401);
    assertThat(
            send("PATCH", "/api/data/oauth2/providers/" + id, user, Map.of("url", "https://evil"))
                .statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "/api/data/oauth2/providers/" + id, user, null).statusCode())
        .isEqualTo(403);
    for (String who : new String[] {null, user, admin}) {
      var list = send("GET", "/api/data/oauth2/providers", who, null);
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains(id).doesNotContain("client_secret");
      assertThat(send("GET", "/api/data/oauth2/providers/" + id, who, null).body())
          .doesNotContain("client_secret");
    }
    assertThat(send("DELETE", "/api/data/oauth2/providers/" + id, admin, null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void theFlowRedirectsOnlyHomeAndStatesBelongToTheirUser() throws Exception {
    String admin = token("csa-fadmin", true);
    String victim = token("csa-victim", false);
    String attacker = token("csa-attacker", false);
    String id = provider(admin);

    var start =
        send(
            "GET",
            "/api/data/oauth2/providers/" + id + "/authorize?next_url=%2Fhome",
            victim,
            null);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    URI toProvider = URI.create(start.headers().firstValue("location").orElseThrow());
    assertThat(toProvider.getHost()).isEqualTo("gitlab.invalid");
    Map<String, String> q = query(toProvider);
    assertThat(q.get("code_challenge_method")).isEqualTo("S256");
    String callback = q.get("redirect_uri");
    assertThat(callback).endsWith("/api/data/oauth2/callback");
    String origin = callback.substring(0, callback.indexOf("/api/data/"));

    // Same origin only: every way out is 422.
    for (String next :
        List.of(
            "https://evil.example/",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "javascript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            origin + ".evil.example/",
            origin + "@evil.example/",
            origin.replace("://", "://user@") + "/",
            "http:evil.example",
            " //evil.example")) {
      var r =
          send(
              "GET",
              "/api/data/oauth2/providers/" + id + "/authorize?next_url=" + enc(next),
              victim,
              null);
      assertThat(r.statusCode()).as(next + " -> " + r.headers().map()).isEqualTo(422);
      assertThat(r.headers().firstValue("location")).isEmpty();
    }
    assertThat(
            send(
                    "GET",
                    "/api/data/oauth2/providers/"
                        + id
                        + "/authorize?next_url="
                        + enc(origin + "/x"),
                    victim,
                    null)
                .statusCode())
        .isEqualTo(302);

    // The victim's state in the attacker's hands, a forged state, or no login: nothing connects.
    var again =
        send(
            "GET",
            "/api/data/oauth2/providers/" + id + "/authorize?next_url=%2Fhome",
            victim,
            null);
    String state =
        query(URI.create(again.headers().firstValue("location").orElseThrow())).get("state");
    String cb = "/api/data/oauth2/callback?code=attacker-code&state=" + enc(state);
    assertThat(send("GET", cb, attacker, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", cb, null, null).statusCode()).isEqualTo(403);
    assertThat(
            send("GET", "/api/data/oauth2/callback?code=c&state=" + enc("forged"), victim, null)
                .statusCode())
        .isEqualTo(403);
    // A provider error is passed to the victim's own page only, never to the attacker's.
    var err =
        send(
            "GET",
            "/api/data/oauth2/callback?error=access_denied&state=" + enc(state),
            attacker,
            null);
    assertThat(err.statusCode()).isEqualTo(403);

    // The victim's (pending) connection: invisible to the attacker whatever is asked.
    var mine = send("GET", "/api/data/oauth2/connections", victim, null);
    JsonNode list = AttackPlatform.json(mine.body());
    assertThat(list.size()).isEqualTo(1);
    String conn = list.get(0).path("id").asString();
    assertThat(list.get(0).path("status").asString()).isEqualTo("pending");
    for (String path : List.of("", "/token", "/account", "/installations")) {
      var r = send("GET", "/api/data/oauth2/connections/" + conn + path, attacker, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(
              send("GET", "/api/data/oauth2/connections/" + conn + path, null, null).statusCode())
          .as(path)
          .isEqualTo(404);
    }
    assertThat(send("DELETE", "/api/data/oauth2/connections/" + conn, attacker, null).statusCode())
        .isEqualTo(404);
    assertThat(
            AttackPlatform.json(send("GET", "/api/data/oauth2/connections", attacker, null).body()))
        .isEmpty();
    // The sessions' token endpoint takes only refresh tokens the platform issued.
    var te =
        send(
            "POST",
            "/api/data/oauth2/connections/" + conn + "/token_endpoint",
            null,
            Map.of("grant_type", "refresh_token", "refresh_token", "guess-" + UUID.randomUUID()));
    assertThat(te.statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/data/oauth2/connections/" + conn, victim, null).statusCode())
        .isEqualTo(204);
    send("DELETE", "/api/data/oauth2/providers/" + id, admin, null);
  }

  @Test
  void repositoryProbesNeverReachInternalAddresses() throws Exception {
    String user = token("csa-ssrf", false);
    for (String url :
        List.of(
            platform.base + "/api/data/version",
            "http://localhost:" + platform.port + "/x.git",
            "http://127.0.0.2/x.git",
            "http://0.0.0.0:" + platform.port + "/x.git",
            "http://[::1]:" + platform.port + "/x.git",
            "http://[::ffff:127.0.0.1]:" + platform.port + "/x.git",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/x.git",
            "http://192.168.0.1/x.git",
            "http://2130706433/x.git")) {
      for (String who : new String[] {null, user}) {
        var r = send("GET", "/api/data/repository?url=" + enc(url), who, null);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        JsonNode b = AttackPlatform.json(r.body());
        assertThat(b.path("status").asString()).as(url).isEqualTo("invalid");
        assertThat(b.path("error_code").asString()).as(url).isEqualTo("invalid_git_url");
      }
    }
    Map<String, String> codes =
        Map.of(
            "file:///etc/passwd", "invalid_url_scheme",
            "gopher://127.0.0.1:5432/", "invalid_url_scheme",
            "/etc/passwd", "no_url_scheme",
            "http://user:pw@example.org/x.git", "invalid_git_url");
    for (var e : codes.entrySet()) {
      var r = send("GET", "/api/data/repository?url=" + enc(e.getKey()), user, null);
      assertThat(AttackPlatform.json(r.body()).path("error_code").asString())
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(send("GET", "/api/data/repository", user, null).statusCode()).isEqualTo(422);
  }
}
