package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestBackends;
import io.renku.data.support.TestUser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-cutting behaviour: misc endpoints, the error envelope, tokens, request guards. */
class ConventionsTest extends ApiTest {

  @Test
  void versionAnswersWithoutLogin() {
    var r = api.get("version");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.field("version")).isNotBlank();
    assertThat(r.header("X-Request-ID")).isNotBlank();
  }

  @Test
  void smallAnswersAreSentWholeWithTheirLength() {
    // one write with a Content-Length, not a chunk and then the chunk terminator (OneWriteResponse)
    for (var r : new Api.Response[] {api.get("version"), api.get("does/not/exist")}) {
      assertThat(r.header("Transfer-Encoding")).isNull();
      assertThat(r.header("Content-Length"))
          .isEqualTo(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length));
    }
  }

  @Test
  void answersLargerThanTheBufferStillArriveWhole() {
    var r = api.get("spec.json");
    assertThat(r.body().length()).isGreaterThan(64 * 1024);
    assertThat(r.json().path("paths").size()).isGreaterThan(10);
  }

  @Test
  void givenRequestIdIsEchoed() {
    var r = api.header("X-Request-ID", "abc-123").get("version");
    assertThat(r.header("X-Request-ID")).isEqualTo("abc-123");
  }

  @Test
  void specIsTheMergedContract() {
    var r = api.get("spec.json");
    assertThat(r.status()).isEqualTo(200);
    var paths = r.json().path("paths");
    assertThat(paths.has("/projects")).isTrue();
    assertThat(paths.has("/groups/{group_slug}/members")).isTrue();
    assertThat(paths.has("/user")).isTrue();
  }

  @Test
  void errorSampleIs422Envelope() {
    var r = api.get("error");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(r.json().path("error").path("message").asString()).isNotBlank();
  }

  @Test
  void unknownPathIs404Envelope() {
    var r = api.get("does/not/exist");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo(1404);
  }

  @Test
  void healthIsUp() {
    var r = api.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("UP");
    assertThat(api.get("/health/readiness").status()).isEqualTo(200);
    assertThat(api.get("/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void prometheusMetricsAreServed() {
    api.get("version");
    var r = api.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("http_server_requests");
  }

  @Test
  void invalidTokensAre401NeverAnonymous() {
    TestUser user = TestUser.random("tok");
    var idp = TestBackends.get().identity();
    for (String token :
        new String[] {
          "not-a-jwt",
          idp.expiredToken(user),
          idp.forgedToken(user),
          idp.tokenForAudience(user, "other")
        }) {
      var r = api.withToken(token).get("user");
      assertThat(r.status()).as(token).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo(1401);
    }
  }

  @Test
  void anonymousCallerGets401OnSelf() {
    var r = api.anonymous().get("user");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
  }

  @Test
  void nulBytesInBodyAre422AndNothingIsWritten() {
    TestUser user = TestUser.random("nul");
    var me = api.as(user);
    String ns = me.get("user").field("username");
    var r = me.post("groups", "{\"name\":\"bad\\u0000name\",\"slug\":\"nul-group-x\"}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(me.get("groups/nul-group-x").status()).isEqualTo(404);
    assertThat(ns).isNotBlank();
  }

  @Test
  void nulBytesInQueryAre422() {
    var r = api.get("projects?namespace=a%00b");
    assertThat(r.status()).isEqualTo(422);
  }

  @Test
  void perPageOutOfRangeIs422NamingTheField() {
    for (String q :
        new String[] {"per_page=0", "per_page=101", "page=0", "per_page=abc", "page=99999999999"}) {
      var r = api.get("projects?" + q);
      assertThat(r.status()).as(q).isEqualTo(422);
      assertThat(r.json().path("error").path("message").asString())
          .as(q)
          .containsAnyOf("page", "per_page");
    }
  }

  @Test
  void malformedJsonIs422() {
    var me = api.as(TestUser.random("json"));
    assertThat(me.post("groups", "{not json").status()).isEqualTo(422);
    var wrongType = me.post("groups", Map.of("name", 5, "slug", "typed-" + System.nanoTime()));
    assertThat(wrongType.status()).isEqualTo(422);
    assertThat(wrongType.json().path("error").path("message").asString()).contains("name");
    var unknownField =
        me.post("groups", Map.of("name", "x", "slug", "typo-" + System.nanoTime(), "nmae", "y"));
    assertThat(unknownField.status()).isEqualTo(422);
    assertThat(unknownField.json().path("error").path("message").asString()).contains("nmae");
  }

  @Test
  void wrongMethodIs405Envelope() {
    var r = api.send("PUT", "version", "{}");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.errorCode()).isEqualTo(1405);
  }
}
