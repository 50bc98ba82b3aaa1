package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.poolIds;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who may use a resource pool: public pools, members (users, groups, projects), prohibited. */
class ResourcePoolMemberApiTest extends ApiTest {

  private static void assertVisible(Api who, String pool, JsonNode created, boolean visible) {
    int classId = created.path("classes").get(0).path("id").asInt();
    int expected = visible ? 200 : 404;
    assertThat(who.get("resource_pools/" + pool).status()).isEqualTo(expected);
    assertThat(who.get("resource_pools/" + pool + "/classes").status()).isEqualTo(expected);
    assertThat(who.get("classes/" + classId).status()).isEqualTo(expected);
    if (visible) {
      assertThat(poolIds(who.get("resource_pools"))).contains(pool);
    } else {
      assertThat(poolIds(who.get("resource_pools"))).doesNotContain(pool);
    }
  }

  private static List<Map<String, String>> member(String type, String id, String role) {
    return role == null
        ? List.of(Map.of("member_type", type, "id", id))
        : List.of(Map.of("member_type", type, "id", id, "role", role));
  }

  @Test
  void aPrivatePoolIsInvisibleUntilAUserIsMadeAMember() {
    Api admin = api.as(TestUser.randomAdmin("rpmadmin"));
    TestUser alice = TestUser.random("rpmalice");
    register(api, alice);
    JsonNode created = createPool(admin, "Private pool", false);
    String pool = created.path("id").asString();

    assertVisible(api.as(alice), pool, created, false);
    assertVisible(api.anonymous(), pool, created, false);
    assertVisible(admin, pool, created, true);

    var added = admin.post("resource_pools/" + pool + "/members", member("user", alice.id(), null));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().size()).isEqualTo(1);
    assertThat(added.json().get(0).path("role").asString())
        .as("viewer by default")
        .isEqualTo("viewer");
    assertVisible(api.as(alice), pool, created, true);
    assertVisible(api.anonymous(), pool, created, false);

    var one = admin.get("resource_pools/" + pool + "/members/user/" + alice.id());
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.field("member_type")).isEqualTo("user");
    assertThat(one.field("id")).isEqualTo(alice.id());

    assertThat(
            api.as(alice).delete("resource_pools/" + pool + "/members/user/" + alice.id()).status())
        .isEqualTo(403);
    assertThat(admin.delete("resource_pools/" + pool + "/members/user/" + alice.id()).status())
        .isEqualTo(204);
    assertVisible(api.as(alice), pool, created, false);
    assertThat(admin.get("resource_pools/" + pool + "/members/user/" + alice.id()).status())
        .isEqualTo(404);
    assertThat(admin.delete("resource_pools/" + pool + "/members/user/" + alice.id()).status())
        .as("removing a non-member is fine")
        .isEqualTo(204);
  }

  @Test
  void directMembersOfAGroupOrProjectMemberMayUseThePool() {
    Api admin = api.as(TestUser.randomAdmin("rpgadmin"));
    TestUser owner = TestUser.random("rpgowner");
    TestUser groupViewer = TestUser.random("rpgviewer");
    TestUser projectViewer = TestUser.random("rppviewer");
    TestUser stranger = TestUser.random("rpgstranger");
    register(api, groupViewer);
    register(api, projectViewer);
    register(api, stranger);
    String ns = register(api, owner);
    String groupSlug = slug("rpg");
    String groupId = createGroup(api.as(owner), groupSlug).path("id").asString();
    groupMembers(api.as(owner), groupSlug, Map.of(groupViewer, "viewer"));
    String projectId =
        createProject(api.as(owner), ns, slug("rpp"), "private").path("id").asString();
    projectMembers(api.as(owner), projectId, Map.of(projectViewer, "viewer"));

    JsonNode groupPool = createPool(admin, "Group pool", false);
    String gp = groupPool.path("id").asString();
    var g =
        admin.post("resource_pools/" + gp + "/members", member("group", groupId, "group_viewer"));
    assertThat(g.status()).as(g.body()).isEqualTo(201);
    assertVisible(api.as(groupViewer), gp, groupPool, true);
    assertVisible(api.as(owner), gp, groupPool, true);
    assertVisible(api.as(projectViewer), gp, groupPool, false);
    assertVisible(api.as(stranger), gp, groupPool, false);

    JsonNode projectPool = createPool(admin, "Project pool", false);
    String pp = projectPool.path("id").asString();
    var p = admin.post("resource_pools/" + pp + "/members", member("project", projectId, null));
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    assertThat(p.json().get(0).path("role").asString()).isEqualTo("project_viewer");
    assertVisible(api.as(projectViewer), pp, projectPool, true);
    assertVisible(api.as(groupViewer), pp, projectPool, false);
    assertVisible(api.as(stranger), pp, projectPool, false);

    // PUT replaces: the group goes, the project comes.
    var replaced =
        admin.put(
            "resource_pools/" + gp + "/members", member("project", projectId, "project_viewer"));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().size()).isEqualTo(1);
    assertThat(replaced.json().get(0).path("member_type").asString()).isEqualTo("project");
    assertVisible(api.as(groupViewer), gp, groupPool, false);
    assertVisible(api.as(projectViewer), gp, groupPool, true);

    var pools = admin.get("users/" + projectViewer.id() + "/resource_pools");
    assertThat(pools.status()).as(pools.body()).isEqualTo(200);
    assertThat(poolIds(pools)).contains(gp, pp);
    assertThat(poolIds(admin.get("users/" + stranger.id() + "/resource_pools")))
        .doesNotContain(gp, pp);
    assertThat(api.as(stranger).get("users/" + stranger.id() + "/resource_pools").status())
        .isEqualTo(403);
    assertThat(admin.get("users/no-such-user-4711/resource_pools").status()).isEqualTo(404);
  }

  @Test
  void aProhibitedUserCannotUseAPublicPool() {
    Api admin = api.as(TestUser.randomAdmin("rpxadmin"));
    TestUser bob = TestUser.random("rpxbob");
    TestUser carol = TestUser.random("rpxcarol");
    register(api, bob);
    register(api, carol);
    JsonNode created = createPool(admin, "Public pool", true);
    String pool = created.path("id").asString();
    assertVisible(api.as(bob), pool, created, true);
    assertVisible(api.anonymous(), pool, created, true);

    var r =
        admin.post("resource_pools/" + pool + "/members", member("user", bob.id(), "prohibited"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertVisible(api.as(bob), pool, created, false);
    assertVisible(api.as(carol), pool, created, true);
    assertThat(poolIds(admin.get("users/" + bob.id() + "/resource_pools"))).doesNotContain(pool);

    // Back to viewer: the prohibition goes.
    var viewer =
        admin.post("resource_pools/" + pool + "/members", member("user", bob.id(), "viewer"));
    assertThat(viewer.json().size()).as("one relation per user").isEqualTo(1);
    assertVisible(api.as(bob), pool, created, true);
  }

  @Test
  void memberChangesAreAdminOnlyAndChecked() {
    Api admin = api.as(TestUser.randomAdmin("rpcadmin"));
    TestUser dave = TestUser.random("rpcdave");
    register(api, dave);
    String pool = createPool(admin, "Checked pool", false).path("id").asString();
    var body = member("user", dave.id(), "viewer");

    assertThat(api.anonymous().post("resource_pools/" + pool + "/members", body).status())
        .isEqualTo(401);
    assertThat(api.as(dave).post("resource_pools/" + pool + "/members", body).status())
        .isEqualTo(403);
    assertThat(api.as(dave).get("resource_pools/" + pool + "/members").status()).isEqualTo(403);
    assertThat(admin.post("resource_pools/2147483000/members", body).status()).isEqualTo(404);
    assertThat(admin.get("resource_pools/2147483000/members").status()).isEqualTo(404);

    for (var unknown :
        List.of(
            member("user", "no-such-user-4711", null),
            member("group", "01AN4Z79ZS5XN0F25N3DB94T4R", null),
            member("project", "01AN4Z79ZS5XN0F25N3DB94T4R", null))) {
      var r = admin.post("resource_pools/" + pool + "/members", unknown);
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(message(r)).contains("id");
    }
    var wrongRole =
        admin.post(
            "resource_pools/" + pool + "/members", member("user", dave.id(), "group_viewer"));
    assertThat(wrongRole.status()).isEqualTo(422);
    assertThat(message(wrongRole)).contains("role");
    var badType =
        admin.post("resource_pools/" + pool + "/members", member("team", dave.id(), null));
    assertThat(badType.status()).isEqualTo(422);
    assertThat(message(badType)).contains("member_type");
    assertThat(admin.get("resource_pools/" + pool + "/members").json().size())
        .as("nothing was written")
        .isZero();
    assertThat(admin.get("resource_pools/" + pool + "/members/team/x").status()).isEqualTo(422);
  }
}
