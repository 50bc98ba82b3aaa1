package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redirect plans attacked through the gateway (issue 22, decision 0043). Their path parameter is a
 * whole URL with {@code %2F} inside, which the gateway and the data service let through on that one
 * path: a non-admin writes nothing, {@code ..%2F} and {@code %2e%2e} spellings reach no other
 * endpoint (not the platform settings, not the internal secret key), encoded slashes elsewhere are
 * still refused, targets that would run script or leave for plain http are refused, and anyone,
 * also a visitor without a login, reads a plan as in the original. No answer is a 5xx.
 */
@Timeout(300)
class PlatformRedirectsAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REDIRECTS = "/api/data/platform/redirects";
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private final AnswerLog answers = new AnswerLog();

  @AfterEach
  void noServerErrors() {
    answers.assertNoServerErrors();
  }

  private static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String source() {
    return "/projects/" + name("ns") + "/old";
  }

  private static String at(String sourceUrl) {
    return REDIRECTS + "/" + URLEncoder.encode(sourceUrl, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(
      String method, String path, String token, Object body, Map<String, String> headers)
      throws Exception {
    var r =
        platform.send(
            method, path, token, body == null ? null : JSON.writeValueAsString(body), headers);
    return answers.record(r);
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    return send(method, path, token, body, Map.of());
  }

  private String admin() {
    return platform.token(name("redirect-admin"), true);
  }

  private HttpResponse<String> create(String token, String source, String target) throws Exception {
    return send("POST", REDIRECTS, token, Map.of("source_url", source, "target_url", target));
  }

  @Test
  void anyoneReadsAPlanOnlyAdminsWrite() throws Exception {
    String source = source();
    String target = "/p/" + Ulid.next();
    var created = create(admin(), source, target);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String etag = AttackPlatform.json(created.body()).path("etag").asString();

    // a visitor without a login (the gateway gives them an anonymous id) and a user read it
    String user = platform.token(name("redirect-user"), false);
    for (String who : new String[] {null, user}) {
      var got = send("GET", at(source), who, null);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      assertThat(AttackPlatform.json(got.body()).path("target_url").asString()).isEqualTo(target);
    }

    // a user writes and lists nothing; a visitor neither
    var ifMatch = Map.of("If-Match", etag);
    String evil = "https://evil.example.org/phish";
    assertThat(create(user, source(), evil).statusCode()).isEqualTo(403);
    assertThat(create(null, source(), evil).statusCode()).isEqualTo(401);
    assertThat(send("PATCH", at(source), user, Map.of("target_url", evil), ifMatch).statusCode())
        .isEqualTo(403);
    assertThat(send("PATCH", at(source), null, Map.of("target_url", evil), ifMatch).statusCode())
        .isEqualTo(401);
    assertThat(send("DELETE", at(source), user, null, ifMatch).statusCode()).isEqualTo(403);
    assertThat(send("GET", REDIRECTS, user, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", REDIRECTS, null, null).statusCode()).isEqualTo(401);
    // a user's own header saying "admin" changes nothing
    assertThat(
            send(
                    "POST",
                    REDIRECTS,
                    user,
                    Map.of("source_url", source(), "target_url", evil),
                    Map.of("Renku-Auth-Role", "renku-admin", "X-Forwarded-User", "admin"))
                .statusCode())
        .isEqualTo(403);

    var after = send("GET", at(source), null, null);
    assertThat(AttackPlatform.json(after.body()).path("target_url").asString()).isEqualTo(target);
    assertThat(AttackPlatform.json(after.body()).path("etag").asString()).isEqualTo(etag);
  }

  @Test
  void targetsThatRunScriptOrLeaveHttpsAreRefused() throws Exception {
    String admin = admin();
    String[] bad = {
      "javascript:alert(document.cookie)",
      "JAVASCRIPT:alert(1)",
      "javascript://%0Aalert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "http://evil.example.org/",
      "//evil.example.org/",
      "/\\evil.example.org/",
      " javascript:alert(1)",
      "https://evil.example.org/a\nSet-Cookie: x=1",
      "/p/" + Ulid.next() + "/../../api/data/user"
    };
    for (String target : bad) {
      var r = create(admin, source(), target);
      assertThat(r.statusCode()).as(target).isEqualTo(422);
      assertThat(r.body()).as(target).contains("target_url");
    }
    var list = send("GET", REDIRECTS + "?per_page=100", admin, null);
    assertThat(list.body()).doesNotContain("javascript").doesNotContain("evil.example.org");
  }

  @Test
  void dotDotSpellingsReachNothingElse() throws Exception {
    String banner = name("banner");
    String admin = admin();
    var config = send("GET", "/api/data/platform/config", null, null);
    String before = AttackPlatform.json(config.body()).path("incident_banner").asString();
    String user = platform.token(name("redirect-climber"), false);

    String[] climbs = {
      "..%2Fconfig",
      "..%2F..%2Fuser%2Fsecret_key",
      "x%2F..%2F..%2Fconfig",
      "%2F..%2Fconfig",
      "..%2f..%2fplatform%2fconfig",
    };
    for (String climb : climbs) {
      var get = send("GET", REDIRECTS + "/" + climb, user, null);
      assertThat(get.statusCode()).as(climb).isEqualTo(404);
      assertThat(get.body()).as(climb).doesNotContain("incident_banner").doesNotContain("\"key\"");
      var patch =
          send(
              "PATCH",
              REDIRECTS + "/" + climb,
              user,
              Map.of("incident_banner", banner),
              Map.of("If-Match", "*"));
      assertThat(patch.statusCode()).as(climb).isIn(403, 422);
    }

    // encoded dots, double encodings and a literal slash after the parameter are refused outright
    String[] refused = {
      "%2e%2e%2Fconfig",
      "%2E%2E%2Fconfig",
      ".%2e%2Fconfig",
      "%252e%252e%252Fconfig",
      "a%252Fb",
      "a%2Fb/..",
      "a%2Fb/../../config",
    };
    for (String path : refused) {
      var r = send("GET", REDIRECTS + "/" + path, admin, null);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("incident_banner");
    }

    // what an HTTP client would normalise away, sent byte for byte
    String[] rawPaths = {
      REDIRECTS + "/%2e%2e/config",
      REDIRECTS + "/../config",
      REDIRECTS + "/..%2F../config",
      REDIRECTS + "/%2e%2e%2f%2e%2e%2fuser%2fsecret_key",
      "/api/data/platform/redirects%2F..%2Fconfig",
    };
    for (String path : rawPaths) {
      var r =
          platform.raw(
              "PATCH " + path + " HTTP/1.1",
              "{\"incident_banner\":\"" + banner + "\"}",
              "Authorization: Bearer " + user,
              "Content-Type: application/json",
              "If-Match: *");
      assertThat(r.status()).as(path).isLessThan(500).isNotEqualTo(200);
      var g = platform.raw("GET " + path + " HTTP/1.1", null, "Authorization: Bearer " + admin);
      assertThat(g.status()).as(path).isLessThan(500);
      assertThat(g.body()).as(path).doesNotContain("incident_banner").doesNotContain("\"key\"");
    }

    var unchanged = send("GET", "/api/data/platform/config", null, null);
    assertThat(AttackPlatform.json(unchanged.body()).path("incident_banner").asString())
        .isEqualTo(before)
        .doesNotContain(banner);
  }

  @Test
  void encodedSlashesElsewhereAreStillRefused() throws Exception {
    String admin = admin();
    String[] paths = {
      "/api/data/user%2Fsecret_key",
      "/api/data/platform%2Fconfig",
      "/api/data/projects%2F..%2Fuser",
      "/api/data/platform/redirects%2Fx",
      "/sessions/x%2F..%2F..%2Fapi%2Fdata%2Fuser",
      "/auth%2F..%2Fapi%2Fdata%2Fuser",
      "/%2Fetc%2Fpasswd",
      "/assets%2F..%2F..%2Fetc%2Fpasswd",
    };
    for (String path : paths) {
      var r = send("GET", path, admin, null);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(r.body()).as(path).doesNotContain("root:").doesNotContain("\"key\"");
    }
    var api = send("GET", "/api/data/platform%2Fconfig", admin, null);
    assertThat(AttackPlatform.json(api.body()).path("error").path("code").asInt()).isEqualTo(1400);
  }

  @Test
  void gitlabSourcesTravelWithTheirDoubleSlash() throws Exception {
    String source = "https://gitlab.renkulab.io/" + name("group") + "/project";
    var created = create(admin(), source, "https://renkulab.io/p/" + Ulid.next());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var got = send("GET", at(source), null, null);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    assertThat(AttackPlatform.json(got.body()).path("source_url").asString()).isEqualTo(source);
  }
}
