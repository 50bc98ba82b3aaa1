package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 5, as reproduced through the gateway of local mode: malformed input reached a 500
 * or Tomcat's HTML page. Every {@code /api/*} answer must be the error envelope with a 4xx; other
 * paths may get a short page, but never a stack trace or Tomcat's name.
 */
class BadInputAttackTest {
  static AttackPlatform p;
  static String admin;

  @BeforeAll
  static void setUp() throws Exception {
    p = AttackPlatform.get();
    admin = p.token("badinput-admin-" + UUID.randomUUID().toString().substring(0, 8), true);
  }

  private static void isEnvelope(AttackPlatform.RawResponse r, int status, String what) {
    assertThat(r.status()).as(what + ": " + r).isEqualTo(status);
    assertThat(r.header("Content-Type")).as(what + ": " + r).startsWith("application/json");
    assertThat(ApiFuzzAttackTest.isEnvelope(r.header("Content-Type"), r.body()))
        .as(what + ": " + r)
        .isTrue();
    assertThat(r.body()).as(what).doesNotContain("Tomcat");
  }

  @Test
  void aBlankPoolIdIs422NotA500() throws Exception {
    var quota = p.raw("GET /api/data/resource_pools/%20/quota HTTP/1.1", null);
    isEnvelope(quota, 422, "blank pool id");
    assertThat(quota.body()).contains("resource_pool_id");
    var member =
        p.raw(
            "DELETE /api/data/resource_pools/%20/members/user/someone HTTP/1.1",
            null, "Authorization: Bearer " + admin);
    isEnvelope(member, 422, "blank pool id, admin");
  }

  @Test
  void aMalformedQueryToTheIdentityProviderIsNoServerError() throws Exception {
    var login = p.raw("GET /auth/login?x=%zz HTTP/1.1", null);
    assertThat(login.status()).as(login.toString()).isBetween(200, 499);
    assertThat(login.body()).doesNotContain("Tomcat").doesNotContain("Exception");
    var api = p.raw("GET /api/data/projects?x=%zz HTTP/1.1", null);
    isEnvelope(api, 400, "undecodable query");
  }

  @Test
  void oddIdsGetTheEnvelopeFromEveryLayer() throws Exception {
    // Tomcat (%2F, \, %00, <), Spring Security's firewall (;, %0A, ..), the data service (rest)
    for (String id :
        List.of(
            "a;b", "a%2Fb", "a%5Cb", "a\\b", "a%0Ab", "a%00b", "..", "%2e%2e", "%zz", "<x>",
            "%C0%AE", "a%3Bb")) {
      for (String path :
          List.of("/api/data/projects/" + id, "/api/data/resource_pools/" + id + "/quota")) {
        var r = p.raw("GET " + path + " HTTP/1.1", null, "Authorization: Bearer " + admin);
        assertThat(r.status()).as(path + ": " + r).isBetween(400, 499);
        isEnvelope(r, r.status(), path);
      }
    }
  }

  @Test
  void anErrorIsJsonWhateverTheClientAccepts() throws Exception {
    for (String accept : List.of("text/html", "application/xml", "garbage/")) {
      var r =
          p.raw(
              "GET /api/data/projects/01J0000000000000000000000Z HTTP/1.1",
              null,
              "Accept: " + accept);
      isEnvelope(r, r.status(), "Accept: " + accept);
    }
    isEnvelope(p.raw("FOO /api/data/projects HTTP/1.1", null), 405, "method FOO");
  }

  @Test
  void otherPathsGetAShortPageWithoutTheServersName() throws Exception {
    var r = p.raw("GET /projects%2F..%2Fx HTTP/1.1", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).doesNotContain("Tomcat").doesNotContain("Exception");
    assertThat(r.header("Server")).isNull();
  }
}
