package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /groups}: creation, slugs, renames, membership, permissions, deletion and listing. */
class GroupApiTest extends ApiTest {

  @Test
  void createReturnsTheGroupAndMakesTheCreatorOwner() {
    TestUser owner = TestUser.random("gowner");
    String ownerNs = register(api, owner);
    String slug = slug("grp");
    var r =
        api.as(owner)
            .post("groups", Map.of("name", "My Group", "slug", slug, "description", "about it"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode g = r.json();
    assertThat(g.path("id").asString()).matches("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");
    assertThat(g.path("name").asString()).isEqualTo("My Group");
    assertThat(g.path("slug").asString()).isEqualTo(slug);
    assertThat(g.path("description").asString()).isEqualTo("about it");
    assertThat(g.path("created_by").asString()).isEqualTo(owner.id());
    assertThat(OffsetDateTime.parse(g.path("creation_date").asString()))
        .isAfter(OffsetDateTime.now().minusMinutes(5));

    var members = api.as(owner).get("groups/" + slug + "/members");
    assertThat(members.status()).isEqualTo(200);
    assertThat(members.json().size()).isEqualTo(1);
    JsonNode m = members.json().get(0);
    assertThat(m.path("id").asString()).isEqualTo(owner.id());
    assertThat(m.path("role").asString()).isEqualTo("owner");
    assertThat(m.path("namespace").asString()).isEqualTo(ownerNs);
    assertThat(m.path("first_name").asString()).isEqualTo("Gowner");

    // Groups are public: anyone can read them, and their namespace.
    var anon = api.anonymous().get("groups/" + slug);
    assertThat(anon.status()).isEqualTo(200);
    assertThat(anon.field("id")).isEqualTo(g.path("id").asString());
    var ns = api.anonymous().get("namespaces/" + slug);
    assertThat(ns.status()).isEqualTo(200);
    assertThat(ns.field("namespace_kind")).isEqualTo("group");
    assertThat(ns.field("name")).isEqualTo("My Group");
  }

  @Test
  void unknownGroupIs404() {
    var r = api.get("groups/" + slug("missing"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo(1404);
  }

  @Test
  void anonymousCannotCreate() {
    var r = api.anonymous().post("groups", Map.of("name", "x", "slug", slug("anon")));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
  }

  @Test
  void slugTakenByAGroupOrAUserIs409() {
    TestUser a = TestUser.random("first");
    String slug = slug("taken");
    createGroup(api.as(a), slug);
    var again = api.as(TestUser.random("second")).post("groups", Map.of("name", "x", "slug", slug));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo(1409);

    TestUser u = TestUser.random("nsuser");
    String userNs = register(api, u);
    var clash = api.as(a).post("groups", Map.of("name", "x", "slug", userNs));
    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.errorCode()).isEqualTo(1409);
    assertThat(api.get("namespaces/" + userNs).field("namespace_kind")).isEqualTo("user");
  }

  @Test
  void badSlugsAre422NamingTheField() {
    var me = api.as(TestUser.random("slugger"));
    for (String bad :
        new String[] {"Bad", "a--b", "x.git", "y.atom", "-lead", "a".repeat(100), ""}) {
      var r = me.post("groups", Map.of("name", "n", "slug", bad));
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.errorCode()).as(bad).isEqualTo(1422);
      assertThat(message(r)).as(bad).contains("slug");
    }
    var missing = me.post("groups", Map.of("name", "n"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(message(missing)).contains("slug");
  }

  @Test
  void nameOver99CharsIs422() {
    var me = api.as(TestUser.random("namer"));
    String slug = slug("longname");
    var r = me.post("groups", Map.of("name", "n".repeat(100), "slug", slug));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(message(r)).contains("name");
    assertThat(me.get("groups/" + slug).status()).isEqualTo(404);
    assertThat(me.post("groups", Map.of("name", "n".repeat(99), "slug", slug)).status())
        .isEqualTo(201);
    var desc =
        me.post("groups", Map.of("name", "n", "slug", slug("d"), "description", "d".repeat(501)));
    assertThat(desc.status()).isEqualTo(422);
    assertThat(message(desc)).contains("description");
  }

  @Test
  void renamedSlugStillResolvesButCannotBeUsedToDelete() {
    TestUser owner = TestUser.random("renamer");
    var me = api.as(owner);
    String oldSlug = slug("old");
    String newSlug = slug("new");
    String id = createGroup(me, oldSlug).path("id").asString();
    var project = createProject(me, oldSlug, "inside", "private");

    var patched = me.patch("groups/" + oldSlug, Map.of("slug", newSlug, "name", "Renamed"));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.field("slug")).isEqualTo(newSlug);
    assertThat(patched.field("name")).isEqualTo("Renamed");
    assertThat(patched.field("id")).isEqualTo(id);

    var byNew = me.get("groups/" + newSlug);
    assertThat(byNew.status()).isEqualTo(200);
    assertThat(byNew.field("id")).isEqualTo(id);
    var byOld = api.anonymous().get("groups/" + oldSlug);
    assertThat(byOld.status()).isEqualTo(200);
    assertThat(byOld.field("id")).isEqualTo(id);
    assertThat(byOld.field("slug")).isEqualTo(newSlug);

    // Projects follow the group: new path, and the old one still resolves.
    var p = me.get("namespaces/" + newSlug + "/projects/inside");
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.field("namespace")).isEqualTo(newSlug);
    assertThat(me.get("namespaces/" + oldSlug + "/projects/inside").field("id"))
        .isEqualTo(project.path("id").asString());

    // The old slug stays reserved for this group.
    var clash =
        api.as(TestUser.random("squatter")).post("groups", Map.of("name", "x", "slug", oldSlug));
    assertThat(clash.status()).isEqualTo(409);

    var deleteOld = me.delete("groups/" + oldSlug);
    assertThat(deleteOld.status()).isEqualTo(404);
    assertThat(deleteOld.errorCode()).isEqualTo(1404);
    assertThat(me.get("groups/" + newSlug).status()).isEqualTo(200);

    assertThat(me.delete("groups/" + newSlug).status()).isEqualTo(204);
    assertThat(me.get("groups/" + newSlug).status()).isEqualTo(404);
    assertThat(me.get("groups/" + oldSlug).status()).isEqualTo(404);
  }

  @Test
  void renameToATakenSlugIs409() {
    var me = api.as(TestUser.random("clasher"));
    String a = slug("ga");
    String b = slug("gb");
    createGroup(me, a);
    createGroup(me, b);
    var r = me.patch("groups/" + a, Map.of("slug", b));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.errorCode()).isEqualTo(1409);
    var bad = me.patch("groups/" + a, Map.of("slug", "Not-Valid"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(message(bad)).contains("slug");
    assertThat(me.get("groups/" + a).field("slug")).isEqualTo(a);
  }

  @Test
  void onlyOwnersPatchAndGroupsArePublicSoOthersGet403() {
    TestUser owner = TestUser.random("po");
    TestUser editor = TestUser.random("pe");
    TestUser viewer = TestUser.random("pv");
    TestUser outsider = TestUser.random("pn");
    register(api, editor);
    register(api, viewer);
    String slug = slug("patchy");
    createGroup(api.as(owner), slug);
    groupMembers(api.as(owner), slug, Map.of(editor, "editor", viewer, "viewer"));

    var byViewer = api.as(viewer).patch("groups/" + slug, Map.of("name", "v"));
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(byViewer.errorCode()).isEqualTo(1403);
    var byOutsider = api.as(outsider).patch("groups/" + slug, Map.of("name", "n"));
    assertThat(byOutsider.status()).isEqualTo(403);
    assertThat(byOutsider.errorCode()).isEqualTo(1403);
    var byAnon = api.anonymous().patch("groups/" + slug, Map.of("name", "a"));
    assertThat(byAnon.status()).isEqualTo(401);
    assertThat(byAnon.errorCode()).isEqualTo(1401);

    // As in the original, editors may put projects into the group but not change the group.
    var byEditor = api.as(editor).patch("groups/" + slug, Map.of("slug", slug("stolen")));
    assertThat(byEditor.status()).isEqualTo(403);
    assertThat(api.get("groups/" + slug).field("slug")).isEqualTo(slug);
    var byOwner = api.as(owner).patch("groups/" + slug, Map.of("description", "edited"));
    assertThat(byOwner.status()).isEqualTo(200);
    assertThat(byOwner.field("description")).isEqualTo("edited");
    assertThat(byOwner.field("name")).isEqualTo("Group " + slug);

    // Editors cannot delete, viewers and outsiders neither.
    for (TestUser u : List.of(editor, viewer, outsider)) {
      var r = api.as(u).delete("groups/" + slug);
      assertThat(r.status()).as(u.email()).isEqualTo(403);
    }
    assertThat(api.anonymous().delete("groups/" + slug).status()).isEqualTo(401);
    assertThat(api.get("groups/" + slug).status()).isEqualTo(200);
  }

  @Test
  void membersUpsertAddsAndChangesRoles() {
    TestUser owner = TestUser.random("mo");
    TestUser member = TestUser.random("mm");
    register(api, member);
    String slug = slug("members");
    createGroup(api.as(owner), slug);

    var add =
        api.as(owner)
            .patch(
                "groups/" + slug + "/members",
                List.of(Map.of("id", member.id(), "role", "editor")));
    assertThat(add.status()).isEqualTo(200);
    assertThat(add.json().get(0).path("role").asString()).isEqualTo("editor");
    assertThat(roleOf(slug, member)).isEqualTo("editor");

    var change =
        api.as(owner)
            .patch(
                "groups/" + slug + "/members",
                List.of(Map.of("id", member.id(), "role", "viewer")));
    assertThat(change.status()).isEqualTo(200);
    assertThat(roleOf(slug, member)).isEqualTo("viewer");
    assertThat(api.as(owner).get("groups/" + slug + "/members").json().size()).isEqualTo(2);

    // A viewer cannot change membership.
    var byViewer =
        api.as(member)
            .patch(
                "groups/" + slug + "/members", List.of(Map.of("id", member.id(), "role", "owner")));
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(roleOf(slug, member)).isEqualTo("viewer");

    var badRole =
        api.as(owner)
            .patch(
                "groups/" + slug + "/members", List.of(Map.of("id", member.id(), "role", "king")));
    assertThat(badRole.status()).isEqualTo(422);
    assertThat(badRole.errorCode()).isEqualTo(1422);
  }

  @Test
  void unknownMemberIs404AndChangesNothing() {
    TestUser owner = TestUser.random("uo");
    TestUser known = TestUser.random("uk");
    register(api, known);
    String slug = slug("unknown");
    createGroup(api.as(owner), slug);
    var r =
        api.as(owner)
            .patch(
                "groups/" + slug + "/members",
                List.of(
                    Map.of("id", known.id(), "role", "editor"),
                    Map.of("id", UUID.randomUUID().toString(), "role", "viewer")));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo(1404);
    assertThat(api.as(owner).get("groups/" + slug + "/members").json().size()).isEqualTo(1);
  }

  @Test
  void theLastOwnerCannotBeRemovedOrDemoted() {
    TestUser owner = TestUser.random("lo");
    TestUser second = TestUser.random("ls");
    register(api, second);
    String slug = slug("lastowner");
    createGroup(api.as(owner), slug);
    var me = api.as(owner);

    var demote =
        me.patch(
            "groups/" + slug + "/members", List.of(Map.of("id", owner.id(), "role", "editor")));
    assertThat(demote.status()).isEqualTo(422);
    assertThat(demote.errorCode()).isEqualTo(1422);
    var remove = me.delete("groups/" + slug + "/members/" + owner.id());
    assertThat(remove.status()).isEqualTo(422);
    assertThat(remove.errorCode()).isEqualTo(1422);
    assertThat(roleOf(slug, owner)).isEqualTo("owner");

    // With two owners, one can go.
    groupMembers(me, slug, Map.of(second, "owner"));
    var removed = me.delete("groups/" + slug + "/members/" + owner.id());
    assertThat(removed.status()).isEqualTo(204);
    var members = api.as(second).get("groups/" + slug + "/members");
    assertThat(Fixtures.ids(members)).containsExactly(second.id());
    // The removed owner has lost their rights.
    assertThat(api.as(owner).patch("groups/" + slug, Map.of("name", "x")).status()).isEqualTo(403);
    // Removing someone who is not a member is a no-op.
    assertThat(api.as(second).delete("groups/" + slug + "/members/" + owner.id()).status())
        .isEqualTo(204);
  }

  @Test
  void permissionsDependOnTheRole() {
    TestUser owner = TestUser.random("qo");
    TestUser editor = TestUser.random("qe");
    TestUser viewer = TestUser.random("qv");
    TestUser outsider = TestUser.random("qn");
    register(api, editor);
    register(api, viewer);
    String slug = slug("perms");
    createGroup(api.as(owner), slug);
    groupMembers(api.as(owner), slug, Map.of(editor, "editor", viewer, "viewer"));

    assertPermissions(api.as(owner), slug, true, true, true);
    assertPermissions(api.as(editor), slug, true, false, false);
    assertPermissions(api.as(viewer), slug, false, false, false);
    assertPermissions(api.as(outsider), slug, false, false, false);
    assertPermissions(api.anonymous(), slug, false, false, false);
    assertPermissions(api.as(TestUser.randomAdmin("qa")), slug, true, true, true);
  }

  @Test
  void deletingAGroupDeletesItsProjects() {
    TestUser owner = TestUser.random("del");
    var me = api.as(owner);
    String slug = slug("doomed");
    createGroup(me, slug);
    String p1 = createProject(me, slug, "one", "private").path("id").asString();
    String p2 = createProject(me, slug, "two", "public").path("id").asString();

    var r = me.delete("groups/" + slug);
    assertThat(r.status()).isEqualTo(204);
    for (String id : List.of(p1, p2)) {
      var p = me.get("projects/" + id);
      assertThat(p.status()).isEqualTo(404);
      assertThat(p.errorCode()).isEqualTo(1404);
    }
    assertThat(me.get("groups/" + slug).status()).isEqualTo(404);
    assertThat(me.get("namespaces/" + slug).status()).isEqualTo(404);
    assertThat(api.get("namespaces/" + slug + "/projects/two").status()).isEqualTo(404);
    // The slug is free again.
    assertThat(me.post("groups", Map.of("name", "again", "slug", slug)).status()).isEqualTo(201);
  }

  @Test
  void listIsPagedWithHeaders() {
    TestUser owner = TestUser.random("lister");
    var me = api.as(owner);
    String a = slug("la");
    String b = slug("lb");
    String c = slug("lc");
    createGroup(me, a);
    createGroup(me, b);
    createGroup(me, c);
    // A group of someone else, which the lister is not a member of.
    String foreign = slug("lf");
    createGroup(api.as(TestUser.random("foreigner")), foreign);

    var page1 = me.get("groups?direct_member=true&per_page=2");
    assertThat(page1.status()).isEqualTo(200);
    assertThat(page1.header("page")).isEqualTo("1");
    assertThat(page1.header("per-page")).isEqualTo("2");
    assertThat(page1.header("total")).isEqualTo("3");
    assertThat(page1.header("total-pages")).isEqualTo("2");
    // Newest first.
    assertThat(Fixtures.values(page1, "slug")).containsExactly(c, b);
    var page2 = me.get("groups?direct_member=true&per_page=2&page=2");
    assertThat(page2.header("page")).isEqualTo("2");
    assertThat(Fixtures.values(page2, "slug")).containsExactly(a);
    var page3 = me.get("groups?direct_member=true&per_page=2&page=3");
    assertThat(page3.status()).isEqualTo(200);
    assertThat(page3.json().size()).isZero();
    assertThat(page3.header("total")).isEqualTo("3");

    // Without the filter every group is listed; the newest ones come first.
    var all = me.get("groups?per_page=100");
    assertThat(all.status()).isEqualTo(200);
    long total = Long.parseLong(all.header("total"));
    assertThat(total).isGreaterThanOrEqualTo(4);
    assertThat(Long.parseLong(all.header("total-pages"))).isEqualTo((total + 99) / 100);
    assertThat(Fixtures.values(all, "slug")).contains(a, b, c, foreign);
    assertThat(api.anonymous().get("groups?direct_member=true").json().size()).isZero();

    var tooMany = me.get("groups?per_page=101");
    assertThat(tooMany.status()).isEqualTo(422);
  }

  private String roleOf(String groupSlug, TestUser user) {
    var r = api.get("groups/" + groupSlug + "/members");
    assertThat(r.status()).isEqualTo(200);
    for (JsonNode m : r.json()) {
      if (m.path("id").asString().equals(user.id())) {
        return m.path("role").asString();
      }
    }
    return null;
  }

  private static void assertPermissions(
      Api who, String slug, boolean write, boolean delete, boolean members) {
    var r = who.get("groups/" + slug + "/permissions");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("write").asBoolean()).as("write").isEqualTo(write);
    assertThat(r.json().path("delete").asBoolean()).as("delete").isEqualTo(delete);
    assertThat(r.json().path("change_membership").asBoolean())
        .as("change_membership")
        .isEqualTo(members);
  }
}
