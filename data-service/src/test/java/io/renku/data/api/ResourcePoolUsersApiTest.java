package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.ids;
import static io.renku.data.api.Fixtures.poolIds;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.resourceClass;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The original's older allow-list view of pool membership ({@code /resource_pools/{id}/users},
 * {@code /users/{id}/resource_pools}) against {@code /members}; class tolerations and node
 * affinities; the details in member answers.
 */
class ResourcePoolUsersApiTest extends ApiTest {

  private static List<Map<String, String>> users(TestUser... who) {
    return java.util.Arrays.stream(who).map(u -> Map.of("id", u.id())).toList();
  }

  /** The user members of the pool with role viewer, as /members lists them. */
  private static List<String> viewerMembers(Api admin, String pool) {
    var r = admin.get("resource_pools/" + pool + "/members");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    var out = new java.util.ArrayList<String>();
    for (JsonNode m : r.json()) {
      if (m.path("member_type").asString().equals("user")
          && m.path("role").asString().equals("viewer")) {
        out.add(m.path("id").asString());
      }
    }
    return out;
  }

  @Test
  void theUsersViewAndTheMembersViewAgree() {
    Api admin = api.as(TestUser.randomAdmin("rpuadmin"));
    TestUser alice = TestUser.random("rpualice");
    TestUser bob = TestUser.random("rpubob");
    register(api, alice);
    register(api, bob);
    String groupSlug = slug("rpu");
    createGroup(api.as(alice), groupSlug);
    String groupId = api.as(alice).get("groups/" + groupSlug).field("id");
    String pool = createPool(admin, "Users pool", false).path("id").asString();
    String base = "resource_pools/" + pool + "/users";

    var group =
        admin.post(
            "resource_pools/" + pool + "/members",
            List.of(Map.of("member_type", "group", "id", groupId)));
    assertThat(group.status()).as(group.body()).isEqualTo(201);
    assertThat(admin.get(base).json().size()).as("groups are not users").isZero();

    var added = admin.post(base, users(alice));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(ids(added)).containsExactly(alice.id());
    assertThat(added.json().get(0).path("no_default_access").asBoolean()).isFalse();
    assertThat(viewerMembers(admin, pool)).containsExactly(alice.id());
    assertThat(admin.get(base + "/" + alice.id()).status()).isEqualTo(200);
    assertThat(admin.get(base + "/" + bob.id()).status()).isEqualTo(404);
    assertThat(poolIds(api.as(alice).get("resource_pools"))).contains(pool);

    var replaced = admin.put(base, users(bob));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(ids(replaced)).containsExactly(bob.id());
    assertThat(ids(admin.get(base))).containsExactly(bob.id());
    assertThat(viewerMembers(admin, pool)).containsExactly(bob.id());
    assertThat(admin.get("resource_pools/" + pool + "/members/group/" + groupId).status())
        .as("PUT /users keeps groups")
        .isEqualTo(200);

    var prohibited =
        admin.post(
            "resource_pools/" + pool + "/members",
            List.of(Map.of("member_type", "user", "id", alice.id(), "role", "prohibited")));
    assertThat(prohibited.status()).isEqualTo(201);
    assertThat(ids(admin.get(base))).as("prohibited users are not users").containsExactly(bob.id());

    var unknown = admin.post(base, List.of(Map.of("id", bob.id()), Map.of("id", "no-such-user")));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    var unknownPut = admin.put(base, List.of(Map.of("id", "no-such-user")));
    assertThat(unknownPut.status()).isEqualTo(404);
    assertThat(ids(admin.get(base))).as("nothing half-written").containsExactly(bob.id());

    assertThat(admin.delete(base + "/" + bob.id()).status()).isEqualTo(204);
    assertThat(admin.get(base).json().size()).isZero();
    assertThat(viewerMembers(admin, pool)).isEmpty();
    assertThat(poolIds(api.as(bob).get("resource_pools"))).doesNotContain(pool);
    assertThat(admin.delete(base + "/" + bob.id()).status()).as("not a user: fine").isEqualTo(204);
    assertThat(admin.delete(base + "/no-such-user").status()).isEqualTo(404);
    assertThat(admin.get(base + "/no-such-user").status()).isEqualTo(404);
    assertThat(admin.get("resource_pools/999999999/users").status()).isEqualTo(404);
    assertThat(admin.post("resource_pools/999999999/users", users(bob)).status()).isEqualTo(404);
  }

  @Test
  void onlyAdministratorsSeeOrChangeTheUsersView() {
    TestUser alice = TestUser.random("rpunon");
    register(api, alice);
    Api admin = api.as(TestUser.randomAdmin("rpunonadmin"));
    Api user = api.as(alice);
    String pool = createPool(admin, "Admin only pool", true).path("id").asString();
    int poolId = Integer.parseInt(pool);
    String base = "resource_pools/" + pool + "/users";
    assertThat(api.anonymous().get(base).status()).isEqualTo(401);
    assertThat(user.get(base).status()).isEqualTo(403);
    assertThat(user.post(base, users(alice)).status()).isEqualTo(403);
    assertThat(user.put(base, users(alice)).status()).isEqualTo(403);
    assertThat(user.get(base + "/" + alice.id()).status()).isEqualTo(403);
    assertThat(user.delete(base + "/" + alice.id()).status()).isEqualTo(403);
    assertThat(user.post("users/" + alice.id() + "/resource_pools", List.of(poolId)).status())
        .isEqualTo(403);
    assertThat(user.put("users/" + alice.id() + "/resource_pools", List.of(poolId)).status())
        .isEqualTo(403);
    assertThat(admin.get(base).json().size()).as("nothing written").isZero();
    assertThat(admin.get(base + "/" + alice.id()).status())
        .as("a public pool: every user not prohibited")
        .isEqualTo(200);
  }

  @Test
  void aUsersPoolsAreSetFromTheUserSide() {
    Api admin = api.as(TestUser.randomAdmin("rpupools"));
    TestUser carol = TestUser.random("rpucarol");
    register(api, carol);
    int a = Integer.parseInt(createPool(admin, "Pool A of carol", false).path("id").asString());
    int b = Integer.parseInt(createPool(admin, "Pool B of carol", false).path("id").asString());
    String path = "users/" + carol.id() + "/resource_pools";

    var added = admin.post(path, List.of(a, b));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(ids(added)).contains(String.valueOf(a), String.valueOf(b));
    assertThat(poolIds(admin.get(path))).contains(String.valueOf(a), String.valueOf(b));
    JsonNode filtered = null;
    for (JsonNode p : admin.get(path + "?name=tw").json()) {
      if (p.path("id").asInt() == a) {
        filtered = p;
      }
    }
    assertThat(filtered).as("the filter hides classes, not pools").isNotNull();
    assertThat(filtered.path("classes").size()).as("classes named tw...").isEqualTo(1);
    assertThat(filtered.path("classes").get(0).path("name").asString()).isEqualTo("two");
    assertThat(ids(admin.get("resource_pools/" + a + "/users"))).containsExactly(carol.id());
    assertThat(viewerMembers(admin, String.valueOf(b))).containsExactly(carol.id());

    var replaced = admin.put(path, List.of(b));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(poolIds(replaced)).contains(String.valueOf(b)).doesNotContain(String.valueOf(a));
    assertThat(admin.get("resource_pools/" + a + "/users").json().size()).isZero();
    assertThat(poolIds(api.as(carol).get("resource_pools")))
        .contains(String.valueOf(b))
        .doesNotContain(String.valueOf(a));

    var unknownPool = admin.post(path, List.of(a, 999_999_999));
    assertThat(unknownPool.status()).as(unknownPool.body()).isEqualTo(404);
    assertThat(admin.get("resource_pools/" + a + "/users").json().size())
        .as("nothing half-written")
        .isZero();
    var unknownPut = admin.put(path, List.of(999_999_999));
    assertThat(unknownPut.status()).isEqualTo(404);
    assertThat(ids(admin.get("resource_pools/" + b + "/users"))).containsExactly(carol.id());
    assertThat(admin.post("users/no-such-user/resource_pools", List.of(a)).status()).isEqualTo(404);
    assertThat(admin.post(path, List.of()).status()).as("at least one id").isEqualTo(422);
  }

  @Test
  void removingAUserFromTheDefaultPoolProhibitsThem() {
    Api admin = api.as(TestUser.randomAdmin("rpudefault"));
    TestUser dave = TestUser.random("rpudave");
    register(api, dave);
    String pool = null;
    for (JsonNode p : admin.get("resource_pools").json()) {
      if (p.path("default").asBoolean()) {
        pool = p.path("id").asString();
        assertThat(p.has("idle_threshold")).as("the admin page reads it").isTrue();
        assertThat(p.has("hibernation_threshold")).as("the admin page reads it").isTrue();
      }
    }
    assertThat(pool).isNotNull();
    String base = "resource_pools/" + pool + "/users/" + dave.id();
    assertThat(admin.get(base).status()).as("public: every user").isEqualTo(200);
    assertThat(admin.delete(base).status()).isEqualTo(204);
    assertThat(admin.get(base).status()).isEqualTo(404);
    var member = admin.get("resource_pools/" + pool + "/members/user/" + dave.id());
    assertThat(member.field("role")).isEqualTo("prohibited");
    assertThat(poolIds(api.as(dave).get("resource_pools"))).doesNotContain(pool);

    var back = admin.post("resource_pools/" + pool + "/users", users(dave));
    assertThat(back.status()).as(back.body()).isEqualTo(201);
    assertThat(admin.get(base).status()).isEqualTo(200);
    assertThat(poolIds(api.as(dave).get("resource_pools"))).contains(pool);
    assertThat(admin.delete("resource_pools/" + pool + "/members/user/" + dave.id()).status())
        .isEqualTo(204);
  }

  @Test
  void memberAnswersCarryTheMembersDetails() {
    Api admin = api.as(TestUser.randomAdmin("rpudetail"));
    TestUser erin = TestUser.random("rpuerin");
    String ns = register(api, erin);
    String groupSlug = slug("rpud");
    createGroup(api.as(erin), groupSlug);
    String groupId = api.as(erin).get("groups/" + groupSlug).field("id");
    String projectSlug = slug("rpud");
    JsonNode project = createProject(api.as(erin), ns, projectSlug, "private");
    String pool = createPool(admin, "Details pool", false).path("id").asString();

    var set =
        admin.put(
            "resource_pools/" + pool + "/members",
            List.of(
                Map.of("member_type", "user", "id", erin.id()),
                Map.of("member_type", "group", "id", groupId),
                Map.of("member_type", "project", "id", project.path("id").asString())));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    Map<String, JsonNode> byType = new LinkedHashMap<>();
    for (JsonNode m : admin.get("resource_pools/" + pool + "/members").json()) {
      byType.put(m.path("member_type").asString(), m);
    }
    assertThat(byType.get("user").path("email").asString()).isEqualTo(erin.email());
    assertThat(byType.get("group").path("slug").asString()).isEqualTo(groupSlug);
    assertThat(byType.get("group").path("name").asString()).isEqualTo("Group " + groupSlug);
    assertThat(byType.get("project").path("namespace").asString())
        .isEqualTo(ns + "/" + projectSlug);
    assertThat(byType.get("project").path("name").asString()).isEqualTo("Project " + projectSlug);
    assertThat(set.json().get(0).has("role")).isTrue();
    var one = admin.get("resource_pools/" + pool + "/members/group/" + groupId);
    assertThat(one.field("slug")).isEqualTo(groupSlug);
  }

  @Test
  void classTolerationsAndNodeAffinitiesAreReadAndClearedByAdministrators() {
    Api admin = api.as(TestUser.randomAdmin("rputol"));
    Api user = api.as(TestUser.random("rputoluser"));
    var c = new LinkedHashMap<>(resourceClass("gpu", 1, 2));
    c.put("tolerations", List.of("gpu-node", "big-node"));
    c.put(
        "node_affinities",
        List.of(Map.of("key", "renku.io/gpu", "required_during_scheduling", true)));
    var pool =
        admin.post(
            "resource_pools", Map.of("name", "Tolerations", "public", true, "classes", List.of(c)));
    assertThat(pool.status()).as(pool.body()).isEqualTo(201);
    String id = pool.field("id");
    int classId = pool.json().path("classes").get(0).path("id").asInt();
    String base = "resource_pools/" + id + "/classes/" + classId;

    var tolerations = admin.get(base + "/tolerations");
    assertThat(tolerations.status()).as(tolerations.body()).isEqualTo(200);
    assertThat(tolerations.body()).isEqualTo("[\"gpu-node\",\"big-node\"]");
    var affinities = admin.get(base + "/node_affinities");
    assertThat(affinities.status()).isEqualTo(200);
    assertThat(affinities.json().get(0).path("key").asString()).isEqualTo("renku.io/gpu");
    assertThat(affinities.json().get(0).path("required_during_scheduling").asBoolean()).isTrue();

    assertThat(user.get(base + "/tolerations").status()).as("as the original").isEqualTo(403);
    assertThat(user.delete(base + "/tolerations").status()).isEqualTo(403);
    assertThat(user.get(base + "/node_affinities").status()).isEqualTo(403);
    assertThat(user.delete(base + "/node_affinities").status()).isEqualTo(403);
    assertThat(admin.get("resource_pools/" + id + "/classes/999999999/tolerations").status())
        .isEqualTo(404);
    assertThat(
            admin.delete("resource_pools/999999999/classes/" + classId + "/tolerations").status())
        .isEqualTo(404);

    assertThat(admin.delete(base + "/tolerations").status()).isEqualTo(204);
    assertThat(admin.get(base + "/tolerations").json().size()).isZero();
    JsonNode cls = admin.get(base).json();
    assertThat(cls.path("tolerations").size()).isZero();
    assertThat(cls.path("node_affinities").size()).as("kept").isEqualTo(1);
    assertThat(admin.delete(base + "/node_affinities").status()).isEqualTo(204);
    assertThat(admin.get(base + "/node_affinities").json().size()).isZero();
    assertThat(admin.delete("resource_pools/" + id).status()).isEqualTo(204);
  }
}
