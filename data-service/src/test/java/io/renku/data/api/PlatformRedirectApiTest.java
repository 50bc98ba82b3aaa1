package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /platform/redirects}: admins write and list, anyone looks one up by its source URL, which
 * travels percent-encoded as one path segment ({@code %2F} inside, decision 0043).
 */
class PlatformRedirectApiTest extends ApiTest {

  private static String source() {
    return "/projects/ns-" + UUID.randomUUID().toString().substring(0, 8) + "/old-project";
  }

  /** As the original web application sends it: {@code encodeURIComponent}. */
  private static String path(String sourceUrl) {
    return "platform/redirects/"
        + URLEncoder.encode(sourceUrl, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Api admin() {
    return api.as(TestUser.randomAdmin("redirector"));
  }

  private Api.Response create(Api who, String source, String target) {
    return who.post("platform/redirects", Map.of("source_url", source, "target_url", target));
  }

  @Test
  void adminCreatesAndAnyoneLooksItUp() {
    String source = source();
    String target = "/p/" + Ulid.next();
    var created = create(admin(), source, target);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.field("source_url")).isEqualTo(source);
    assertThat(created.field("target_url")).isEqualTo(target);
    assertThat(created.field("etag")).isNotBlank().isEqualTo(created.header("etag"));

    for (Api who : new Api[] {api.anonymous(), api.as(TestUser.random("visitor")), admin()}) {
      var got = who.get(path(source));
      assertThat(got.status()).as(got.toString()).isEqualTo(200);
      assertThat(got.field("target_url")).isEqualTo(target);
      assertThat(got.field("etag")).isEqualTo(created.field("etag"));
    }
    var missing = api.anonymous().get(path(source() + "-none"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(1404);
  }

  @Test
  void gitlabSourcesAndHttpsTargets() {
    String source = "https://gitlab.renkulab.io/ns-" + UUID.randomUUID() + "/project";
    var created = create(admin(), source, "https://example.org/new/home");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var got = api.anonymous().get(path(source));
    assertThat(got.status()).as(got.toString()).isEqualTo(200);
    assertThat(got.field("target_url")).isEqualTo("https://example.org/new/home");
  }

  @Test
  void onlyAdminsWriteAndList() {
    String source = source();
    var user = api.as(TestUser.random("notadmin"));
    var denied = create(user, source, "/p/" + Ulid.next());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo(1403);
    assertThat(create(api.anonymous(), source, "/p/" + Ulid.next()).status()).isEqualTo(401);
    assertThat(user.get("platform/redirects").status()).isEqualTo(403);
    assertThat(api.anonymous().get("platform/redirects").status()).isEqualTo(401);

    var created = create(admin(), source, "/p/" + Ulid.next());
    String etag = created.field("etag");
    var patch =
        user.header("If-Match", etag)
            .patch(path(source), Map.of("target_url", "https://example.org/x"));
    assertThat(patch.status()).isEqualTo(403);
    assertThat(user.header("If-Match", etag).delete(path(source)).status()).isEqualTo(403);
    assertThat(api.anonymous().header("If-Match", etag).delete(path(source)).status())
        .isEqualTo(401);
    // nothing changed
    assertThat(api.anonymous().get(path(source)).field("target_url"))
        .isEqualTo(created.field("target_url"));
  }

  @Test
  void duplicateSourceIs409() {
    String source = source();
    assertThat(create(admin(), source, "/p/" + Ulid.next()).status()).isEqualTo(201);
    var again = create(admin(), source, "https://example.org/other");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo(1409);
  }

  @Test
  void badUrlsAre422WithTheFieldNamed() {
    String ulid = Ulid.next();
    String[] badSources = {
      "/groups/x",
      "/projects/a/../b",
      "/projects/a/%2e%2e/b",
      "/projects/a//b",
      "/projects/a/",
      "/projects/a?x=1",
      "/projects/a#top",
      "/projects/a;x",
      "http://gitlab.renkulab.io/a/b",
      "https://gitlab.example.org/a/b",
      "https://user@gitlab.renkulab.io/a/b",
      "//gitlab.renkulab.io/a/b",
      "javascript:alert(1)",
      "/projects/a b",
      "/projects/\u00e9",
      "/projects/" + "x".repeat(2000),
      ""
    };
    for (String bad : badSources) {
      var r = create(admin(), bad, "/p/" + ulid);
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.errorCode()).as(bad).isEqualTo(1422);
      assertThat(Fixtures.message(r) + r.body()).as(bad).contains("source_url");
    }
    String[] badTargets = {
      "javascript:alert(1)",
      "JavaScript://%0Aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://example.org/",
      "//evil.example.org/p/" + ulid,
      "/p/not-a-ulid",
      "/p/" + ulid + "/../../admin",
      "/projects/ns/slug",
      "https://user:pw@example.org/",
      "https://example.org/a?next=/",
      "https:/p/" + ulid,
      "/\\evil.example.org"
    };
    for (String bad : badTargets) {
      var r = create(admin(), source(), bad);
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(Fixtures.message(r) + r.body()).as(bad).contains("target_url");
    }
    var missing = admin().post("platform/redirects", Map.of("source_url", source()));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body()).contains("target_url");
  }

  @Test
  void updateNeedsTheCurrentEtag() {
    String source = source();
    var created = create(admin(), source, "/p/" + Ulid.next());
    String etag = created.field("etag");
    var body = Map.of("target_url", "https://example.org/moved");

    assertThat(admin().patch(path(source), body).status()).isEqualTo(428);
    assertThat(admin().header("If-Match", "\"STALE\"").patch(path(source), body).status())
        .isEqualTo(409);
    var bad =
        admin().header("If-Match", etag).patch(path(source), Map.of("target_url", "javascript:1"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("target_url");

    var updated = admin().header("If-Match", etag).patch(path(source), body);
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.field("target_url")).isEqualTo("https://example.org/moved");
    assertThat(updated.field("etag")).isNotEqualTo(etag);
    assertThat(api.anonymous().get(path(source)).field("target_url"))
        .isEqualTo("https://example.org/moved");
    // the old tag is stale now
    assertThat(admin().header("If-Match", etag).patch(path(source), body).status()).isEqualTo(409);
    assertThat(admin().header("If-Match", etag).patch(path(source() + "-none"), body).status())
        .isEqualTo(404);
  }

  @Test
  void deleteNeedsTheCurrentEtagAndIsQuietWhenGone() {
    String source = source();
    String etag = create(admin(), source, "/p/" + Ulid.next()).field("etag");
    assertThat(admin().delete(path(source)).status()).isEqualTo(428);
    assertThat(admin().header("If-Match", "\"STALE\"").delete(path(source)).status())
        .isEqualTo(409);
    assertThat(api.anonymous().get(path(source)).status()).isEqualTo(200);
    assertThat(admin().header("If-Match", etag).delete(path(source)).status()).isEqualTo(204);
    assertThat(api.anonymous().get(path(source)).status()).isEqualTo(404);
    assertThat(admin().header("If-Match", etag).delete(path(source)).status()).isEqualTo(204);
  }

  @Test
  void listPagesWithTheHeaders() {
    Api admin = admin();
    for (int i = 0; i < 3; i++) {
      assertThat(create(admin, source(), "/p/" + Ulid.next()).status()).isEqualTo(201);
    }
    var page = admin.get("platform/redirects?page=2&per_page=1");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().size()).isEqualTo(1);
    assertThat(page.header("page")).isEqualTo("2");
    assertThat(page.header("per-page")).isEqualTo("1");
    long total = Long.parseLong(page.header("total"));
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(page.header("total-pages")).isEqualTo(String.valueOf(total));
    assertThat(admin.get("platform/redirects?per_page=101").status()).isEqualTo(422);
  }

  @Test
  void encodedSlashesOnlyInTheSourceUrl() {
    // the one segment after /platform/redirects/ may hold %2F; the path never climbs out of it
    var climb = admin().get("platform/redirects/..%2Fconfig");
    assertThat(climb.status()).isEqualTo(404);
    assertThat(climb.body()).doesNotContain("incident_banner");
    assertThat(admin().get("platform/redirects/%2e%2e%2Fconfig").status()).isEqualTo(400);
    // anywhere else, as before: 400 with the envelope
    var elsewhere = api.anonymous().get("platform%2Fconfig");
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.errorCode()).isEqualTo(1400);
    assertThat(api.anonymous().get("platform/redirects/a%2Fb/c").status()).isEqualTo(400);
  }
}
