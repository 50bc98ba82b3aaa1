package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.etag;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The search outbox as the API's changes write it (the outbox contract of issue 21, V17): each
 * change of a user, group, project or data connector leaves its row (type, id, op), renames leave a
 * row for everything under the namespace, deletes of a namespace carry its path, and a refused
 * change leaves nothing. The rows are read with plain SQL; nothing drains the outbox in these
 * tests, and test classes run one after another, so rows after a mark are this test's.
 */
class SearchOutboxTest extends ApiTest {
  @Autowired JdbcClient jdbc;

  record Row(String type, String id, String op, String namespacePath) {
    static Row upsert(String type, String id) {
      return new Row(type, id, "upsert", null);
    }

    static Row delete(String type, String id) {
      return new Row(type, id, "delete", null);
    }
  }

  private long mark() {
    return jdbc.sql("SELECT coalesce(max(id), 0) FROM search.outbox").query(Long.class).single();
  }

  /** Every row written after the mark, in order. */
  private List<Row> rowsAfter(long mark) {
    return jdbc.sql(
            """
            SELECT entity_type, entity_id, op, namespace_path FROM search.outbox
            WHERE id > ? ORDER BY id""")
        .param(mark)
        .query(
            (rs, n) ->
                new Row(
                    rs.getString("entity_type"),
                    rs.getString("entity_id"),
                    rs.getString("op"),
                    rs.getString("namespace_path")))
        .list();
  }

  /** Every row about one entity, in order. */
  private List<Row> rowsFor(String id) {
    return rowsAfter(0).stream().filter(r -> r.id().equals(id)).toList();
  }

  @Test
  void registrationWritesAUserUpsertAndOnlyARealProfileChangeAnother() {
    TestUser user = TestUser.random("srchuser");
    register(api, user);
    assertThat(rowsFor(user.id())).containsExactly(Row.upsert("user", user.id()));

    register(api, user); // the same claims again: nothing changed, nothing to index
    assertThat(rowsFor(user.id())).hasSize(1);

    TestUser renamed =
        new TestUser(user.id(), user.email(), "Renamed", user.lastName(), user.admin());
    register(api, renamed);
    assertThat(rowsFor(user.id()))
        .containsExactly(Row.upsert("user", user.id()), Row.upsert("user", user.id()));
  }

  @Test
  void groupChangesAndMembershipWriteUpsertsAndItsDeleteCarriesItsPath() {
    TestUser owner = TestUser.random("srchgowner");
    TestUser other = TestUser.random("srchgmember");
    register(api, owner);
    register(api, other);
    String slug = slug("srchg");
    long start = mark();
    String groupId = createGroup(api.as(owner), slug).path("id").asString();
    assertThat(rowsAfter(start)).containsExactly(Row.upsert("group", groupId));

    long m = mark();
    assertThat(api.as(owner).patch("groups/" + slug, Map.of("name", "New name")).status())
        .isEqualTo(200);
    groupMembers(api.as(owner), slug, Map.of(other, "editor"));
    assertThat(api.as(owner).delete("groups/" + slug + "/members/" + other.id()).status())
        .isEqualTo(204);
    // removing someone who is not a member changes nothing
    assertThat(api.as(owner).delete("groups/" + slug + "/members/" + other.id()).status())
        .isEqualTo(204);
    assertThat(rowsAfter(m))
        .containsExactly(
            Row.upsert("group", groupId),
            Row.upsert("group", groupId),
            Row.upsert("group", groupId));

    String projectId = createProject(api.as(owner), slug, "inside", "public").path("id").asString();
    long beforeDelete = mark();
    assertThat(api.as(owner).delete("groups/" + slug).status()).isEqualTo(204);
    assertThat(rowsAfter(beforeDelete))
        .containsExactly(
            Row.delete("project", projectId), new Row("group", groupId, "delete", slug));
  }

  @Test
  void groupRenameReindexesItsProjectsAndConnectors() {
    TestUser owner = TestUser.random("srchrename");
    register(api, owner);
    String slug = slug("srchren");
    createGroup(api.as(owner), slug);
    String groupId = api.as(owner).get("groups/" + slug).field("id");
    String projectId = createProject(api.as(owner), slug, "proj", "private").path("id").asString();
    String inGroup = createConnector(api.as(owner), slug, "in group");
    String inProject = createConnector(api.as(owner), slug + "/proj", "in project");
    // someone else's project elsewhere is not touched
    TestUser stranger = TestUser.random("srchstranger");
    String strangerNs = register(api, stranger);
    createProject(api.as(stranger), strangerNs, "proj", "public");

    long m = mark();
    String newSlug = slug("srchren2");
    var r = api.as(owner).patch("groups/" + slug, Map.of("slug", newSlug));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(rowsAfter(m))
        .containsExactlyInAnyOrder(
            Row.upsert("project", projectId),
            Row.upsert("data_connector", inGroup),
            Row.upsert("data_connector", inProject),
            Row.upsert("group", groupId));
  }

  @Test
  void projectChangesMovesMembershipAndDeletion() {
    TestUser owner = TestUser.random("srchpowner");
    TestUser other = TestUser.random("srchpmember");
    String ns = register(api, owner);
    register(api, other);
    long start = mark();
    String id = createProject(api.as(owner), ns, "first", "private").path("id").asString();
    assertThat(rowsAfter(start)).containsExactly(Row.upsert("project", id));
    String connector = createConnector(api.as(owner), ns + "/first", "mine");

    long m = mark();
    var renamed =
        api.as(owner)
            .header("If-Match", etag(api.as(owner), id))
            .patch("projects/" + id, Map.of("slug", "second"));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    var described =
        api.as(owner)
            .header("If-Match", etag(api.as(owner), id))
            .patch("projects/" + id, Map.of("description", "about"));
    assertThat(described.status()).as(described.toString()).isEqualTo(200);
    projectMembers(api.as(owner), id, Map.of(other, "viewer"));
    assertThat(api.as(owner).delete("projects/" + id + "/members/" + other.id()).status())
        .isEqualTo(204);
    assertThat(rowsAfter(m))
        .containsExactly(
            // the path changed: the project's connectors' paths changed with it
            Row.upsert("data_connector", connector),
            Row.upsert("project", id),
            Row.upsert("project", id),
            Row.upsert("project", id),
            Row.upsert("project", id));

    long beforeDelete = mark();
    assertThat(api.as(owner).delete("projects/" + id).status()).isEqualTo(204);
    assertThat(rowsAfter(beforeDelete))
        .containsExactlyInAnyOrder(
            Row.delete("data_connector", connector), Row.delete("project", id));
  }

  @Test
  void dataConnectorChangesAndDeletion() {
    TestUser owner = TestUser.random("srchdc");
    String ns = register(api, owner);
    long start = mark();
    String id = createConnector(api.as(owner), ns, "conn");
    assertThat(rowsAfter(start)).containsExactly(Row.upsert("data_connector", id));

    long m = mark();
    String etag = api.as(owner).get("data_connectors/" + id).header("ETag");
    var patched =
        api.as(owner).header("If-Match", etag).patch("data_connectors/" + id, body("name", "New"));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(api.as(owner).delete("data_connectors/" + id).status()).isEqualTo(204);
    assertThat(rowsAfter(m))
        .containsExactly(Row.upsert("data_connector", id), Row.delete("data_connector", id));
  }

  @Test
  void deletingAUserDeletesEverythingUnderTheirNamespaceAndUpdatesWhatTheyWereAMemberOf() {
    TestUser victim = TestUser.random("srchleaving");
    String ns = register(api, victim);
    String projectId = createProject(api.as(victim), ns, "doomed", "public").path("id").asString();
    String connector = createConnector(api.as(victim), ns, "their connector");
    TestUser admin = TestUser.randomAdmin("srchjanitor");
    String adminNs = register(api, admin);
    // the victim is a member of someone else's group and project: those lose a member
    String groupSlug = slug("srchvictimg");
    String groupId = createGroup(api.as(admin), groupSlug).path("id").asString();
    groupMembers(api.as(admin), groupSlug, Map.of(victim, "viewer"));
    String othersProject =
        createProject(api.as(admin), adminNs, "shared", "private").path("id").asString();
    projectMembers(api.as(admin), othersProject, Map.of(victim, "editor"));

    long m = mark();
    assertThat(api.as(admin).delete("users/" + victim.id()).status()).isEqualTo(204);
    assertThat(rowsAfter(m))
        .containsExactlyInAnyOrder(
            Row.upsert("group", groupId),
            Row.upsert("project", othersProject),
            Row.delete("data_connector", connector),
            Row.delete("project", projectId),
            new Row("user", victim.id(), "delete", ns));
  }

  @Test
  void refusedChangesWriteNoRow() {
    TestUser owner = TestUser.random("srchrefused");
    TestUser other = TestUser.random("srchrefused2");
    String ns = register(api, owner);
    register(api, other);
    String groupSlug = slug("srchtaken");
    createGroup(api.as(owner), groupSlug);
    String otherGroup = slug("srchother");
    createGroup(api.as(owner), otherGroup);
    String projectId = createProject(api.as(owner), ns, "one", "private").path("id").asString();
    createProject(api.as(owner), ns, "two", "private");
    createConnector(api.as(owner), ns, "taken");

    long m = mark();
    // 409: the slug is taken, by a group or by a user's namespace
    assertThat(api.as(other).post("groups", Map.of("name", "x", "slug", groupSlug)).status())
        .isEqualTo(409);
    assertThat(api.as(owner).patch("groups/" + otherGroup, Map.of("slug", groupSlug)).status())
        .isEqualTo(409);
    assertThat(api.as(owner).patch("groups/" + otherGroup, Map.of("slug", ns)).status())
        .isEqualTo(409);
    // 409: the project slug is taken in its namespace
    assertThat(
            api.as(owner)
                .header("If-Match", etag(api.as(owner), projectId))
                .patch("projects/" + projectId, Map.of("slug", "two"))
                .status())
        .isEqualTo(409);
    // 409: the connector slug is taken in its namespace
    assertThat(
            api.as(owner)
                .post(
                    "data_connectors",
                    body("name", "Taken", "slug", "taken", "namespace", ns, "storage", webdav()))
                .status())
        .isEqualTo(409);
    // 422: the last owner cannot be demoted
    assertThat(
            api.as(owner)
                .patch(
                    "projects/" + projectId + "/members",
                    List.of(Map.of("id", owner.id(), "role", "viewer")))
                .status())
        .isEqualTo(422);
    // 403/404: not the caller's to change
    assertThat(api.as(other).delete("groups/" + otherGroup).status()).isIn(403, 404);
    assertThat(api.as(other).delete("projects/" + projectId).status()).isIn(403, 404);
    assertThat(rowsAfter(m)).isEmpty();
  }

  private static String createConnector(Api as, String namespace, String name) {
    var r =
        as.post("data_connectors", body("name", name, "namespace", namespace, "storage", webdav()));
    assertThat(r.status()).as("create connector %s in %s: %s", name, namespace, r).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private static Map<String, Object> body(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> webdav() {
    var config = new HashMap<String, Object>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/remote.php/webdav/");
    config.put("vendor", "nextcloud");
    return body("configuration", config, "source_path", "data", "target_path", "mnt/data");
  }
}
