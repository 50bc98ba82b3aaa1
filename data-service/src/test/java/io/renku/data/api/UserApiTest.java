package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /user}, {@code /users} and {@code /user/preferences}. */
class UserApiTest extends ApiTest {

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void selfRegistersOnFirstCallWithSlugFromEmail() {
    TestUser user = TestUser.random("alice");
    var r = api.as(user).get("user");
    assertThat(r.status()).isEqualTo(200);
    var body = r.json();
    assertThat(body.path("id").asString()).isEqualTo(user.id());
    String local = user.email().substring(0, user.email().indexOf('@'));
    assertThat(body.path("username").asString()).isEqualTo(local);
    assertThat(body.path("email").asString()).isEqualTo(user.email());
    assertThat(body.path("first_name").asString()).isEqualTo("Alice");
    assertThat(body.path("last_name").asString()).isEqualTo("Tester");
    assertThat(body.path("is_admin").isBoolean()).isTrue();
    assertThat(body.path("is_admin").asBoolean()).isFalse();

    // A second call finds the same user, not a new one.
    var again = api.as(user).get("user");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.field("username")).isEqualTo(local);
  }

  @Test
  void adminIsFlaggedFromTheRealmRole() {
    var r = api.as(TestUser.randomAdmin("root")).get("user");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("is_admin").asBoolean()).isTrue();
  }

  @Test
  void sameEmailLocalPartGetsAnotherSlug() {
    TestUser first = TestUser.random("twin");
    String local = first.email().substring(0, first.email().indexOf('@'));
    TestUser second =
        new TestUser(
            UUID.randomUUID().toString(), local + "@elsewhere.org", "Twin", "Other", false);
    String a = register(api, first);
    String b = register(api, second);
    assertThat(a).isEqualTo(local);
    assertThat(b).isNotEqualTo(a).startsWith(local);
    assertThat(api.get("namespaces/" + b).field("id"))
        .isNotEqualTo(api.get("namespaces/" + a).field("id"));
  }

  @Test
  void userNamespaceIsPublic() {
    TestUser user = TestUser.random("nsowner");
    String slug = register(api, user);
    for (var caller :
        new io.renku.data.support.Api[] {api.anonymous(), api.as(TestUser.random("other"))}) {
      var r = caller.get("namespaces/" + slug);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.field("slug")).isEqualTo(slug);
      assertThat(r.field("namespace_kind")).isEqualTo("user");
      assertThat(r.field("created_by")).isEqualTo(user.id());
    }
    var missing = api.get("namespaces/" + Fixtures.slug("nobody"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(1404);
  }

  @Test
  void findUsersByExactEmail() {
    TestUser user = TestUser.random("findme");
    String slug = register(api, user);
    TestUser other = TestUser.random("searcher");
    // Case does not matter for e-mail addresses.
    var r = api.as(other).get("users?exact_email=" + enc(user.email().toUpperCase()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isEqualTo(1);
    assertThat(r.json().get(0).path("id").asString()).isEqualTo(user.id());
    assertThat(r.json().get(0).path("username").asString()).isEqualTo(slug);

    var none =
        api.as(other)
            .get("users?exact_email=" + enc("nobody-" + UUID.randomUUID() + "@example.org"));
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json().size()).isZero();
  }

  @Test
  void listingEveryoneIsForAdminsOnly() {
    TestUser user = TestUser.random("plain");
    register(api, user);
    var denied = api.as(user).get("users");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo(1403);

    var anonymous = api.anonymous().get("users");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo(1401);

    var all = api.as(TestUser.randomAdmin("lister")).get("users");
    assertThat(all.status()).isEqualTo(200);
    assertThat(Fixtures.ids(all)).contains(user.id());
  }

  @Test
  void emailIsShownOnlyToSelfAndAdmins() {
    TestUser user = TestUser.random("private");
    register(api, user);
    String path = "users/" + user.id();

    var self = api.as(user).get(path);
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.field("email")).isEqualTo(user.email());

    var admin = api.as(TestUser.randomAdmin("auditor")).get(path);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.field("email")).isEqualTo(user.email());

    var other = api.as(TestUser.random("nosy")).get(path);
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.json().has("email")).isFalse();
    assertThat(other.field("username")).isEqualTo(self.field("username"));

    var anon = api.anonymous().get(path);
    assertThat(anon.status()).isEqualTo(200);
    assertThat(anon.json().has("email")).isFalse();

    var missing = api.as(user).get("users/" + UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(1404);
  }

  @Test
  void onlyAdminsDeleteUsersAndTheirProjectsGoToo() {
    TestUser victim = TestUser.random("leaving");
    String ns = register(api, victim);
    var project = createProject(api.as(victim), ns, "doomed", "public");
    String projectId = project.path("id").asString();
    TestUser admin = TestUser.randomAdmin("janitor");

    var denied = api.as(TestUser.random("rogue")).delete("users/" + victim.id());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo(1403);
    assertThat(api.as(victim).delete("users/" + victim.id()).status()).isEqualTo(403);
    assertThat(api.anonymous().delete("users/" + victim.id()).status()).isEqualTo(401);
    assertThat(api.as(admin).get("projects/" + projectId).status()).isEqualTo(200);

    var deleted = api.as(admin).delete("users/" + victim.id());
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();

    var project404 = api.as(admin).get("projects/" + projectId);
    assertThat(project404.status()).isEqualTo(404);
    assertThat(project404.errorCode()).isEqualTo(1404);
    assertThat(api.anonymous().get("namespaces/" + ns + "/projects/doomed").status())
        .isEqualTo(404);
    assertThat(api.as(admin).get("users/" + victim.id()).status()).isEqualTo(404);
    assertThat(api.anonymous().get("namespaces/" + ns).status()).isEqualTo(404);
    var again = api.as(admin).delete("users/" + victim.id());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo(1404);
  }

  @Test
  void pinAndUnpinProjects() {
    TestUser user = TestUser.random("pinner");
    var me = api.as(user);
    var initial = me.get("user/preferences");
    assertThat(initial.status()).isEqualTo(200);
    assertThat(initial.field("user_id")).isEqualTo(user.id());
    assertThat(initial.json().path("pinned_projects").path("project_slugs").size()).isZero();

    var pinned = me.post("user/preferences/pinned_projects", Map.of("project_slug", "some-ns/one"));
    assertThat(pinned.status()).as(pinned.toString()).isEqualTo(200);
    assertThat(slugs(pinned)).containsExactly("some-ns/one");

    // Pinning twice does not duplicate.
    assertThat(
            slugs(
                me.post("user/preferences/pinned_projects", Map.of("project_slug", "some-ns/one"))))
        .containsExactly("some-ns/one");
    assertThat(
            slugs(me.post("user/preferences/pinned_projects", Map.of("project_slug", "other/two"))))
        .containsExactly("some-ns/one", "other/two");
    assertThat(
            slugs(
                me.post("user/preferences/pinned_projects", Map.of("project_slug", "third/three"))))
        .containsExactly("some-ns/one", "other/two", "third/three");
    assertThat(slugs(me.get("user/preferences")))
        .containsExactly("some-ns/one", "other/two", "third/three");

    var one = me.delete("user/preferences/pinned_projects?project_slug=" + enc("other/two"));
    assertThat(one.status()).isEqualTo(200);
    assertThat(slugs(one)).containsExactly("some-ns/one", "third/three");

    var all = me.delete("user/preferences/pinned_projects");
    assertThat(all.status()).isEqualTo(200);
    assertThat(slugs(all)).isEmpty();
    assertThat(slugs(me.get("user/preferences"))).isEmpty();

    // Preferences are per user.
    assertThat(slugs(api.as(TestUser.random("neighbour")).get("user/preferences"))).isEmpty();
  }

  @Test
  void invalidPinnedPathIs422() {
    var me = api.as(TestUser.random("badpin"));
    for (String bad : new String[] {"noslash", "a/", "/b", "a/b/c", "-x/y", ""}) {
      var r = me.post("user/preferences/pinned_projects", Map.of("project_slug", bad));
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.errorCode()).as(bad).isEqualTo(1422);
      assertThat(Fixtures.message(r)).as(bad).contains("project_slug");
    }
    assertThat(me.post("user/preferences/pinned_projects", Map.of()).status()).isEqualTo(422);
    assertThat(slugs(me.get("user/preferences"))).isEmpty();
  }

  @Test
  void preferencesNeedLogin() {
    var r = api.anonymous().get("user/preferences");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
    assertThat(
            api.anonymous()
                .post("user/preferences/pinned_projects", Map.of("project_slug", "a/b"))
                .status())
        .isEqualTo(401);
  }

  private static java.util.List<String> slugs(io.renku.data.support.Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    var out = new java.util.ArrayList<String>();
    for (var n : r.json().path("pinned_projects").path("project_slugs")) {
      out.add(n.asString());
    }
    return out;
  }
}
