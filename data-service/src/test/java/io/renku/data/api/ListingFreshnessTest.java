package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Project lists reuse what they computed for a reader until the relationships change; every change
 * made by someone else (membership, visibility, deletion) shows in the reader's very next list.
 */
class ListingFreshnessTest extends ApiTest {

  @Test
  void listsFollowMembershipAndVisibilityChangesMadeByOthers() {
    TestUser owner = TestUser.random("lfowner");
    TestUser reader = TestUser.random("lfreader");
    Api o = api.as(owner);
    Api r = api.as(reader);
    o.get("user");
    r.get("user");
    String group = Fixtures.slug("lf");
    assertThat(o.post("groups", Map.of("name", "LF", "slug", group)).status()).isEqualTo(201);
    var created =
        o.post("projects", Map.of("name", "Secret", "namespace", group, "visibility", "private"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.field("id");

    long before = total(r, "projects?per_page=1");
    assertThat(ids(r, "projects?per_page=100&namespace=" + group)).isEmpty();

    // Someone else adds the reader to the group: the private project appears at once.
    assertThat(
            o.patch(
                    "groups/" + group + "/members",
                    List.of(Map.of("id", reader.id(), "role", "viewer")))
                .status())
        .isEqualTo(200);
    assertThat(total(r, "projects?per_page=1")).isEqualTo(before + 1);
    assertThat(ids(r, "projects?per_page=100&namespace=" + group)).containsExactly(id);

    // Made public: still one more project for the reader, and now one more for anonymous too.
    long anonymousBefore = total(api.anonymous(), "projects?per_page=1");
    var p = o.get("projects/" + id);
    assertThat(
            o.header("If-Match", p.header("ETag"))
                .patch("projects/" + id, Map.of("visibility", "public"))
                .status())
        .isEqualTo(200);
    assertThat(total(r, "projects?per_page=1")).isEqualTo(before + 1);
    assertThat(total(api.anonymous(), "projects?per_page=1")).isEqualTo(anonymousBefore + 1);

    // Private again and the reader removed: gone from the reader's list.
    p = o.get("projects/" + id);
    assertThat(
            o.header("If-Match", p.header("ETag"))
                .patch("projects/" + id, Map.of("visibility", "private"))
                .status())
        .isEqualTo(200);
    assertThat(o.delete("groups/" + group + "/members/" + reader.id()).status()).isEqualTo(204);
    assertThat(total(r, "projects?per_page=1")).isEqualTo(before);
    assertThat(ids(r, "projects?per_page=100&namespace=" + group)).isEmpty();

    // Back in, then the project is deleted by its owner: gone again.
    o.patch("groups/" + group + "/members", List.of(Map.of("id", reader.id(), "role", "viewer")));
    assertThat(total(r, "projects?per_page=1")).isEqualTo(before + 1);
    assertThat(o.delete("projects/" + id).status()).isEqualTo(204);
    assertThat(total(r, "projects?per_page=1")).isEqualTo(before);
  }

  private static long total(Api as, String path) {
    var res = as.get(path);
    assertThat(res.status()).as(res.body()).isEqualTo(200);
    return Long.parseLong(res.header("total"));
  }

  private static List<String> ids(Api as, String path) {
    var res = as.get(path);
    assertThat(res.status()).as(res.body()).isEqualTo(200);
    return res.json().values().stream().map(n -> n.path("id").asString()).toList();
  }
}
