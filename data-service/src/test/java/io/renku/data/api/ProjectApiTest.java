package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.etag;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.ids;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
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

/** {@code /projects} and {@code /namespaces/{ns}/projects/{slug}}. */
class ProjectApiTest extends ApiTest {
  private static final String UNKNOWN_ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  private static Map<String, Object> body(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void aProjectNamespaceIsFoundByItsPathByThoseWhoMayReadTheProject() {
    TestUser owner = TestUser.random("nsowner");
    String ns = register(api, owner);
    var created = api.as(owner).post("projects", body("name", "Hidden Place", "namespace", ns));
    assertThat(created.status()).isEqualTo(201);

    var found = api.as(owner).get("namespaces/" + ns + "/hidden-place");
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.field("namespace_kind")).isEqualTo("project");
    assertThat(found.field("id")).isEqualTo(created.field("id"));
    assertThat(found.field("slug")).isEqualTo("hidden-place");
    assertThat(found.field("path")).isEqualTo(ns + "/hidden-place");
    assertThat(found.field("name")).isEqualTo("Hidden Place");
    assertThat(found.field("created_by")).isEqualTo(owner.id());

    // Private: strangers and anonymous visitors learn nothing, not even that it exists.
    TestUser stranger = TestUser.random("nsstranger");
    register(api, stranger);
    var hidden = api.as(stranger).get("namespaces/" + ns + "/hidden-place");
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(api.anonymous().get("namespaces/" + ns + "/hidden-place").status()).isEqualTo(404);
    assertThat(hidden.errorCode()).isEqualTo(1404);
    assertThat(hidden.body()).contains("hidden-place does not exist.");
    assertThat(api.as(owner).get("namespaces/no-such-namespace-x/hidden-place").status())
        .isEqualTo(404);

    // Public projects are everyone's to see.
    var pub =
        api.as(owner)
            .post("projects", body("name", "Open Place", "namespace", ns, "visibility", "public"));
    assertThat(pub.status()).isEqualTo(201);
    assertThat(api.anonymous().get("namespaces/" + ns + "/open-place").field("id"))
        .isEqualTo(pub.field("id"));
  }

  @Test
  void createInOwnNamespaceWithDefaults() {
    TestUser owner = TestUser.random("creator");
    String ns = register(api, owner);
    var r = api.as(owner).post("projects", body("name", "My First Project!", "namespace", ns));
    assertThat(r.status()).isEqualTo(201);
    JsonNode p = r.json();
    assertThat(r.header("ETag")).isNotBlank().isEqualTo(p.path("etag").asString());
    assertThat(p.path("id").asString()).matches("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");
    assertThat(p.path("name").asString()).isEqualTo("My First Project!");
    assertThat(p.path("slug").asString()).isEqualTo("my-first-project");
    assertThat(p.path("namespace").asString()).isEqualTo(ns);
    assertThat(p.path("visibility").asString()).isEqualTo("private");
    assertThat(p.path("secrets_mount_directory").asString()).isEqualTo("/secrets");
    assertThat(p.path("created_by").asString()).isEqualTo(owner.id());
    assertThat(p.path("creation_date").asString()).isNotBlank();
    assertThat(p.path("is_template").asBoolean()).isFalse();
    assertThat(p.has("template_id")).isFalse();
    assertThat(p.path("keywords").size()).isZero();
    assertThat(p.path("repositories").size()).isZero();

    var members = api.as(owner).get("projects/" + p.path("id").asString() + "/members");
    assertThat(members.status()).isEqualTo(200);
    assertThat(ids(members)).containsExactly(owner.id());
    assertThat(members.json().get(0).path("role").asString()).isEqualTo("owner");
    assertThat(members.json().get(0).path("namespace").asString()).isEqualTo(ns);
  }

  @Test
  void createWithAllFields() {
    TestUser owner = TestUser.random("full");
    String ns = register(api, owner);
    var r =
        api.as(owner)
            .post(
                "projects",
                body(
                    "name", "Full",
                    "namespace", ns,
                    "slug", "full-one",
                    "visibility", "public",
                    "description", "desc",
                    "keywords", List.of("a", "b"),
                    "repositories", List.of("https://github.com/x/y.git"),
                    "documentation", "# Docs",
                    "secrets_mount_directory", "/run/secrets"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode p = r.json();
    assertThat(p.path("slug").asString()).isEqualTo("full-one");
    assertThat(p.path("visibility").asString()).isEqualTo("public");
    assertThat(p.path("description").asString()).isEqualTo("desc");
    assertThat(p.path("keywords").get(0).asString()).isEqualTo("a");
    assertThat(p.path("keywords").size()).isEqualTo(2);
    assertThat(p.path("repositories").get(0).asString()).isEqualTo("https://github.com/x/y.git");
    assertThat(p.path("secrets_mount_directory").asString()).isEqualTo("/run/secrets");
    // The creation answer includes the documentation.
    assertThat(p.path("documentation").asString()).isEqualTo("# Docs");
  }

  @Test
  void createInAGroupNeedsWriteOnTheGroup() {
    TestUser owner = TestUser.random("cgo");
    TestUser editor = TestUser.random("cge");
    TestUser viewer = TestUser.random("cgv");
    register(api, editor);
    register(api, viewer);
    String group = slug("cgroup");
    createGroup(api.as(owner), group);
    groupMembers(api.as(owner), group, Map.of(editor, "editor", viewer, "viewer"));

    var byEditor = api.as(editor).post("projects", body("name", "By editor", "namespace", group));
    assertThat(byEditor.status()).isEqualTo(201);
    assertThat(byEditor.field("namespace")).isEqualTo(group);
    assertThat(byEditor.field("created_by")).isEqualTo(editor.id());

    var byViewer = api.as(viewer).post("projects", body("name", "By viewer", "namespace", group));
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(byViewer.errorCode()).isEqualTo(1403);
    assertThat(api.as(owner).get("namespaces/" + group + "/projects/by-viewer").status())
        .isEqualTo(404);
  }

  @Test
  void createElsewhereIsRefused() {
    TestUser me = TestUser.random("intruder");
    register(api, me);
    String otherNs = register(api, TestUser.random("victim"));
    var r = api.as(me).post("projects", body("name", "Sneaky", "namespace", otherNs));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo(1403);

    var unknown = api.as(me).post("projects", body("name", "Lost", "namespace", slug("nowhere")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo(1404);

    var anonymous = api.anonymous().post("projects", body("name", "Anon", "namespace", otherNs));
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo(1401);
  }

  @Test
  void duplicateSlugIs409() {
    TestUser owner = TestUser.random("dup");
    String ns = register(api, owner);
    createProject(api.as(owner), ns, "same", "private");
    var r = api.as(owner).post("projects", body("name", "Same", "namespace", ns, "slug", "same"));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.errorCode()).isEqualTo(1409);
    assertThat(message(r)).contains("same");
  }

  @Test
  void getByIdAndByPath() {
    TestUser owner = TestUser.random("getter");
    String ns = register(api, owner);
    String id = createProject(api.as(owner), ns, "findable", "private").path("id").asString();
    var byId = api.as(owner).get("projects/" + id);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.field("slug")).isEqualTo("findable");
    assertThat(byId.header("ETag")).isEqualTo(byId.field("etag"));
    var byPath = api.as(owner).get("namespaces/" + ns + "/projects/findable");
    assertThat(byPath.status()).isEqualTo(200);
    assertThat(byPath.field("id")).isEqualTo(id);
    assertThat(byPath.header("ETag")).isEqualTo(byId.header("ETag"));
    var missing = api.as(owner).get("namespaces/" + ns + "/projects/not-there");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(1404);
  }

  @Test
  void documentationOnlyWhenAsked() {
    TestUser owner = TestUser.random("doc");
    String ns = register(api, owner);
    var created =
        api.as(owner)
            .post("projects", body("name", "Doc", "namespace", ns, "documentation", "read me"));
    String id = created.field("id");
    assertThat(api.as(owner).get("projects/" + id).json().has("documentation")).isFalse();
    assertThat(
            api.as(owner)
                .get("projects/" + id + "?with_documentation=false")
                .json()
                .has("documentation"))
        .isFalse();
    assertThat(
            api.as(owner).get("projects/" + id + "?with_documentation=true").field("documentation"))
        .isEqualTo("read me");
    assertThat(
            api.as(owner)
                .get("namespaces/" + ns + "/projects/doc?with_documentation=true")
                .field("documentation"))
        .isEqualTo("read me");
    var list = api.as(owner).get("projects?namespace=" + ns);
    assertThat(list.json().get(0).has("documentation")).isFalse();
  }

  @Test
  void ifNoneMatchGives304() {
    TestUser owner = TestUser.random("cache");
    String ns = register(api, owner);
    String id = createProject(api.as(owner), ns, "cached", "private").path("id").asString();
    String tag = etag(api.as(owner), id);
    var r = api.as(owner).header("If-None-Match", tag).get("projects/" + id);
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("ETag")).isEqualTo(tag);
    var byPath =
        api.as(owner).header("If-None-Match", tag).get("namespaces/" + ns + "/projects/cached");
    assertThat(byPath.status()).isEqualTo(304);
    var other = api.as(owner).header("If-None-Match", "\"SOMETHINGELSE\"").get("projects/" + id);
    assertThat(other.status()).isEqualTo(200);
    // Who cannot read it still gets 404, not 304.
    var stranger =
        api.as(TestUser.random("peek")).header("If-None-Match", tag).get("projects/" + id);
    assertThat(stranger.status()).isEqualTo(404);
  }

  @Test
  void patchNeedsTheCurrentEtag() {
    TestUser owner = TestUser.random("patcher");
    String ns = register(api, owner);
    var me = api.as(owner);
    String id = createProject(me, ns, "patchme", "private").path("id").asString();
    String tag = etag(me, id);

    var missing = me.patch("projects/" + id, body("description", "x"));
    assertThat(missing.status()).isEqualTo(428);
    assertThat(missing.errorCode()).isEqualTo(1428);

    var stale =
        me.header("If-Match", "\"0123456789ABCDEF0123456789ABCDEF\"")
            .patch("projects/" + id, body("description", "x"));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.errorCode()).isEqualTo(1409);
    assertThat(me.get("projects/" + id).json().has("description")).isFalse();

    var ok =
        me.header("If-Match", tag)
            .patch("projects/" + id, body("description", "changed", "keywords", List.of("k1")));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.field("description")).isEqualTo("changed");
    assertThat(ok.json().path("keywords").get(0).asString()).isEqualTo("k1");
    String newTag = ok.header("ETag");
    assertThat(newTag).isNotBlank().isNotEqualTo(tag).isEqualTo(ok.field("etag"));
    assertThat(etag(me, id)).isEqualTo(newTag);

    // The old tag is now stale.
    var again = me.header("If-Match", tag).patch("projects/" + id, body("description", "again"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(me.get("projects/" + id).field("description")).isEqualTo("changed");
  }

  @Test
  void renamedSlugStillResolves() {
    TestUser owner = TestUser.random("reslug");
    String ns = register(api, owner);
    var me = api.as(owner);
    String id = createProject(me, ns, "before", "private").path("id").asString();
    var r = me.header("If-Match", etag(me, id)).patch("projects/" + id, body("slug", "after"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.field("slug")).isEqualTo("after");
    var byNew = me.get("namespaces/" + ns + "/projects/after");
    assertThat(byNew.status()).isEqualTo(200);
    assertThat(byNew.field("id")).isEqualTo(id);
    var byOld = me.get("namespaces/" + ns + "/projects/before");
    assertThat(byOld.status()).isEqualTo(200);
    assertThat(byOld.field("id")).isEqualTo(id);
    assertThat(byOld.field("slug")).isEqualTo("after");

    // A new project may take the old slug; the path then means the new project.
    String newer = createProject(me, ns, "before", "private").path("id").asString();
    assertThat(me.get("namespaces/" + ns + "/projects/before").field("id")).isEqualTo(newer);

    // Renaming onto a taken slug is a conflict.
    var clash = me.header("If-Match", etag(me, id)).patch("projects/" + id, body("slug", "before"));
    assertThat(clash.status()).isEqualTo(409);
  }

  @Test
  void moveToAGroupNeedsWriteOnBoth() {
    TestUser owner = TestUser.random("mover");
    TestUser groupOwner = TestUser.random("hosting");
    TestUser projectViewer = TestUser.random("watcher");
    String ns = register(api, owner);
    register(api, projectViewer);
    String writable = slug("target");
    String readOnly = slug("readonly");
    createGroup(api.as(groupOwner), writable);
    createGroup(api.as(groupOwner), readOnly);
    groupMembers(api.as(groupOwner), writable, Map.of(owner, "editor", projectViewer, "editor"));
    groupMembers(api.as(groupOwner), readOnly, Map.of(owner, "viewer"));
    var me = api.as(owner);
    String id = createProject(me, ns, "moving", "private").path("id").asString();
    projectMembers(me, id, Map.of(projectViewer, "viewer"));

    var denied =
        me.header("If-Match", etag(me, id)).patch("projects/" + id, body("namespace", readOnly));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo(1403);
    // Write on the target is not enough without write on the project.
    var viewerMove =
        api.as(projectViewer)
            .header("If-Match", etag(me, id))
            .patch("projects/" + id, body("namespace", writable));
    assertThat(viewerMove.status()).isEqualTo(403);
    var unknown =
        me.header("If-Match", etag(me, id))
            .patch("projects/" + id, body("namespace", slug("void")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(me.get("projects/" + id).field("namespace")).isEqualTo(ns);

    var moved =
        me.header("If-Match", etag(me, id)).patch("projects/" + id, body("namespace", writable));
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.field("namespace")).isEqualTo(writable);
    assertThat(me.get("namespaces/" + writable + "/projects/moving").field("id")).isEqualTo(id);
    assertThat(me.get("namespaces/" + ns + "/projects/moving").field("id")).isEqualTo(id);
    // The new namespace's owner can now delete it (namespace->delete).
    var perms = api.as(groupOwner).get("projects/" + id + "/permissions");
    assertThat(perms.status()).isEqualTo(200);
    assertThat(perms.json().path("delete").asBoolean()).isTrue();
  }

  @Test
  void visibilityControlsAnonymousReads() {
    TestUser owner = TestUser.random("vis");
    String ns = register(api, owner);
    var me = api.as(owner);
    String id = createProject(me, ns, "flip", "private").path("id").asString();
    assertThat(api.anonymous().get("projects/" + id).status()).isEqualTo(404);
    assertThat(api.as(TestUser.random("stranger")).get("projects/" + id).status()).isEqualTo(404);

    var pub =
        me.header("If-Match", etag(me, id)).patch("projects/" + id, body("visibility", "public"));
    assertThat(pub.status()).isEqualTo(200);
    assertThat(pub.field("visibility")).isEqualTo("public");
    var anon = api.anonymous().get("projects/" + id);
    assertThat(anon.status()).isEqualTo(200);
    assertThat(anon.field("visibility")).isEqualTo("public");
    assertThat(api.anonymous().get("namespaces/" + ns + "/projects/flip").status()).isEqualTo(200);
    assertThat(ids(api.anonymous().get("projects?namespace=" + ns))).containsExactly(id);

    var priv =
        me.header("If-Match", etag(me, id)).patch("projects/" + id, body("visibility", "private"));
    assertThat(priv.status()).isEqualTo(200);
    assertThat(api.anonymous().get("projects/" + id).status()).isEqualTo(404);
    assertThat(ids(api.anonymous().get("projects?namespace=" + ns))).isEmpty();
    assertThat(me.get("projects/" + id).status()).isEqualTo(200);

    var bad =
        me.header("If-Match", etag(me, id)).patch("projects/" + id, body("visibility", "secret"));
    assertThat(bad.status()).isEqualTo(422);
  }

  @Test
  void fieldLimitsAre422() {
    TestUser owner = TestUser.random("limits");
    String ns = register(api, owner);
    var me = api.as(owner);
    Map<String, Map<String, Object>> bad =
        Map.of(
            "description", body("description", "d".repeat(501)),
            "keywords", body("keywords", List.of("k".repeat(100))),
            "repositories", body("repositories", List.of("r".repeat(2001))),
            "name", body("name", "n".repeat(100)),
            "documentation", body("documentation", "x".repeat(5001)));
    String id = createProject(me, ns, "limited", "private").path("id").asString();
    bad.forEach(
        (field, extra) -> {
          var post = new LinkedHashMap<String, Object>(body("name", "Limit", "namespace", ns));
          post.putAll(extra);
          var r = me.post("projects", post);
          assertThat(r.status()).as("POST " + field).isEqualTo(422);
          assertThat(r.errorCode()).isEqualTo(1422);
          assertThat(message(r)).as("POST " + field).contains(field);
          var p = me.header("If-Match", etag(me, id)).patch("projects/" + id, extra);
          assertThat(p.status()).as("PATCH " + field).isEqualTo(422);
          assertThat(message(p)).as("PATCH " + field).contains(field);
        });
    // Just under the limits is fine.
    var ok =
        me.post(
            "projects",
            body(
                "name", "n".repeat(99),
                "namespace", ns,
                "slug", "at-limits",
                "description", "d".repeat(500),
                "keywords", List.of("k".repeat(99))));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(me.get("projects?namespace=" + ns).header("total")).isEqualTo("2");
  }

  @Test
  void templateIdCanOnlyBeCleared() {
    TestUser owner = TestUser.random("tmpl");
    String ns = register(api, owner);
    var me = api.as(owner);
    String source = createProject(me, ns, "source", "private").path("id").asString();
    var copy = me.post("projects/" + source + "/copies", body("name", "Copy", "namespace", ns));
    assertThat(copy.status()).isEqualTo(201);
    String copyId = copy.field("id");
    var r =
        me.header("If-Match", etag(me, copyId))
            .patch("projects/" + copyId, body("template_id", source));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(message(r)).contains("template_id");
    assertThat(me.get("projects/" + copyId).field("template_id")).isEqualTo(source);

    var cleared =
        me.header("If-Match", etag(me, copyId))
            .patch("projects/" + copyId, body("template_id", ""));
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().has("template_id")).isFalse();
    assertThat(ids(me.get("projects/" + source + "/copies"))).isEmpty();
  }

  @Test
  void copiesKeepFieldsAndAreListed() {
    TestUser owner = TestUser.random("tpl");
    TestUser other = TestUser.random("copier");
    String ns = register(api, owner);
    String otherNs = register(api, other);
    var me = api.as(owner);
    var src =
        me.post(
            "projects",
            body(
                "name", "Template",
                "namespace", ns,
                "slug", "template",
                "visibility", "public",
                "description", "template description",
                "keywords", List.of("kw"),
                "repositories", List.of("https://example.org/repo.git"),
                "documentation", "template docs"));
    assertThat(src.status()).isEqualTo(201);
    String srcId = src.field("id");

    var c1 = me.post("projects/" + srcId + "/copies", body("name", "Mine", "namespace", ns));
    assertThat(c1.status()).isEqualTo(201);
    assertThat(c1.header("ETag")).isEqualTo(c1.field("etag"));
    JsonNode copy = c1.json();
    assertThat(copy.path("id").asString()).isNotEqualTo(srcId);
    assertThat(copy.path("template_id").asString()).isEqualTo(srcId);
    assertThat(copy.path("slug").asString()).isEqualTo("mine");
    assertThat(copy.path("name").asString()).isEqualTo("Mine");
    assertThat(copy.path("visibility").asString()).isEqualTo("public");
    assertThat(copy.path("description").asString()).isEqualTo("template description");
    assertThat(copy.path("keywords").get(0).asString()).isEqualTo("kw");
    assertThat(copy.path("repositories").get(0).asString())
        .isEqualTo("https://example.org/repo.git");
    assertThat(copy.path("created_by").asString()).isEqualTo(owner.id());
    assertThat(
            me.get("projects/" + copy.path("id").asString() + "?with_documentation=true")
                .field("documentation"))
        .isEqualTo("template docs");

    var c2 =
        api.as(other)
            .post(
                "projects/" + srcId + "/copies",
                body(
                    "name",
                    "Theirs",
                    "namespace",
                    otherNs,
                    "visibility",
                    "private",
                    "description",
                    "own"));
    assertThat(c2.status()).isEqualTo(201);
    assertThat(c2.field("visibility")).isEqualTo("private");
    assertThat(c2.field("description")).isEqualTo("own");
    assertThat(c2.field("created_by")).isEqualTo(other.id());
    String c1Id = copy.path("id").asString();
    String c2Id = c2.field("id");

    // Copying into a namespace one cannot write is refused; so is a duplicate slug.
    assertThat(
            api.as(other)
                .post("projects/" + srcId + "/copies", body("name", "X", "namespace", ns))
                .status())
        .isEqualTo(403);
    assertThat(
            me.post("projects/" + srcId + "/copies", body("name", "Mine", "namespace", ns))
                .status())
        .isEqualTo(409);

    var ownerList = me.get("projects/" + srcId + "/copies");
    assertThat(ownerList.status()).isEqualTo(200);
    assertThat(ids(ownerList)).containsExactly(c1Id);
    assertThat(ids(api.as(other).get("projects/" + srcId + "/copies")))
        .containsExactlyInAnyOrder(c1Id, c2Id);
    assertThat(ids(api.as(other).get("projects/" + srcId + "/copies?writable=true")))
        .containsExactly(c2Id);
    assertThat(ids(me.get("projects/" + srcId + "/copies?writable=true"))).containsExactly(c1Id);
    assertThat(ids(api.anonymous().get("projects/" + srcId + "/copies"))).containsExactly(c1Id);
  }

  @Test
  void copyOfAnUnreadableProjectIs404() {
    TestUser owner = TestUser.random("hidden");
    String ns = register(api, owner);
    String id = createProject(api.as(owner), ns, "secret", "private").path("id").asString();
    TestUser other = TestUser.random("thief");
    String otherNs = register(api, other);
    var r =
        api.as(other)
            .post("projects/" + id + "/copies", body("name", "Stolen", "namespace", otherNs));
    assertThat(r.status()).isEqualTo(404);
    assertThat(api.as(other).get("projects/" + id + "/copies").status()).isEqualTo(404);
  }

  @Test
  void deleteThen404() {
    TestUser owner = TestUser.random("deleter");
    String ns = register(api, owner);
    var me = api.as(owner);
    String id = createProject(me, ns, "gone", "public").path("id").asString();
    var r = me.delete("projects/" + id);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    for (Api who : List.of(me, api.anonymous())) {
      var g = who.get("projects/" + id);
      assertThat(g.status()).isEqualTo(404);
      assertThat(g.errorCode()).isEqualTo(1404);
    }
    assertThat(me.get("namespaces/" + ns + "/projects/gone").status()).isEqualTo(404);
    assertThat(me.delete("projects/" + id).status()).isEqualTo(404);
    assertThat(ids(me.get("projects?namespace=" + ns))).doesNotContain(id);
  }

  @Test
  void unknownAndMalformedIds() {
    var me = api.as(TestUser.random("ids"));
    for (String path :
        List.of(
            "projects/" + UNKNOWN_ULID,
            "projects/" + UNKNOWN_ULID + "/members",
            "projects/" + UNKNOWN_ULID + "/permissions",
            "projects/" + UNKNOWN_ULID + "/copies")) {
      var r = me.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.errorCode()).as(path).isEqualTo(1404);
    }
    assertThat(me.delete("projects/" + UNKNOWN_ULID).status()).isEqualTo(404);
    assertThat(
            me.header("If-Match", "\"X\"")
                .patch("projects/" + UNKNOWN_ULID, body("name", "x"))
                .status())
        .isEqualTo(404);
    for (String bad :
        List.of(
            "not-a-ulid",
            "01arz3ndektsv4rrffq69g5fav",
            "8ZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "x".repeat(300))) {
      for (var r :
          List.of(
              me.get("projects/" + bad),
              me.delete("projects/" + bad),
              api.anonymous().get("projects/" + bad + "/members"))) {
        assertThat(r.status()).as(bad + " " + r).isIn(404, 422);
        assertThat(r.errorCode()).as(bad).isIn(1404, 1422);
      }
    }
  }

  @Test
  void listIsNewestUpdatedFirstWithPaging() {
    TestUser owner = TestUser.random("ordered");
    var me = api.as(owner);
    String group = slug("ordering");
    createGroup(me, group);
    String a = createProject(me, group, "a", "private").path("id").asString();
    String b = createProject(me, group, "b", "public").path("id").asString();
    String c = createProject(me, group, "c", "private").path("id").asString();
    assertThat(ids(me.get("projects?namespace=" + group))).containsExactly(c, b, a);

    // Updating a project moves it to the front.
    assertThat(
            me.header("If-Match", etag(me, a))
                .patch("projects/" + a, body("description", "touched"))
                .status())
        .isEqualTo(200);
    var all = me.get("projects?namespace=" + group);
    assertThat(all.status()).isEqualTo(200);
    assertThat(ids(all)).containsExactly(a, c, b);
    assertThat(all.header("page")).isEqualTo("1");
    assertThat(all.header("per-page")).isEqualTo("20");
    assertThat(all.header("total")).isEqualTo("3");
    assertThat(all.header("total-pages")).isEqualTo("1");

    var p1 = me.get("projects?namespace=" + group + "&per_page=2");
    assertThat(ids(p1)).containsExactly(a, c);
    assertThat(p1.header("per-page")).isEqualTo("2");
    assertThat(p1.header("total")).isEqualTo("3");
    assertThat(p1.header("total-pages")).isEqualTo("2");
    var p2 = me.get("projects?namespace=" + group + "&per_page=2&page=2");
    assertThat(p2.header("page")).isEqualTo("2");
    assertThat(ids(p2)).containsExactly(b);
    assertThat(ids(me.get("projects?namespace=" + group + "&per_page=2&page=3"))).isEmpty();

    // Anonymous callers only see the public one.
    var anon = api.anonymous().get("projects?namespace=" + group);
    assertThat(ids(anon)).containsExactly(b);
    assertThat(anon.header("total")).isEqualTo("1");

    var unknownNs = me.get("projects?namespace=" + slug("nothing"));
    assertThat(unknownNs.status()).isEqualTo(200);
    assertThat(ids(unknownNs)).isEmpty();
    assertThat(unknownNs.header("total")).isEqualTo("0");

    var tooMany = me.get("projects?per_page=101");
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.errorCode()).isEqualTo(1422);
    assertThat(message(tooMany)).contains("per_page");
  }

  @Test
  void directMemberFilter() {
    TestUser groupOwner = TestUser.random("dmo");
    TestUser editor = TestUser.random("dme");
    register(api, editor);
    String group = slug("direct");
    createGroup(api.as(groupOwner), group);
    groupMembers(api.as(groupOwner), group, Map.of(editor, "editor"));
    String byEditor =
        createProject(api.as(editor), group, "by-editor", "private").path("id").asString();
    String byOwner =
        createProject(api.as(groupOwner), group, "by-owner", "private").path("id").asString();

    // The group owner reads both, but is a direct member of one only.
    assertThat(ids(api.as(groupOwner).get("projects?namespace=" + group)))
        .containsExactlyInAnyOrder(byEditor, byOwner);
    assertThat(ids(api.as(groupOwner).get("projects?namespace=" + group + "&direct_member=true")))
        .containsExactly(byOwner);
    assertThat(ids(api.as(editor).get("projects?namespace=" + group + "&direct_member=true")))
        .containsExactly(byEditor);
    var all = api.as(editor).get("projects?direct_member=true&per_page=100");
    assertThat(ids(all)).containsExactly(byEditor);
    assertThat(all.header("total")).isEqualTo("1");
    assertThat(ids(api.anonymous().get("projects?direct_member=true"))).isEmpty();
  }

  @Test
  void projectMembersUpsertAndRemove() {
    TestUser owner = TestUser.random("pmo");
    TestUser member = TestUser.random("pmm");
    String ns = register(api, owner);
    register(api, member);
    var me = api.as(owner);
    String id = createProject(me, ns, "team", "private").path("id").asString();
    projectMembers(me, id, Map.of(member, "editor"));
    var members = me.get("projects/" + id + "/members");
    assertThat(ids(members)).containsExactly(owner.id(), member.id());
    assertThat(members.json().get(1).path("role").asString()).isEqualTo("editor");
    assertThat(api.as(member).get("projects/" + id).status()).isEqualTo(200);

    var lastOwner = me.delete("projects/" + id + "/members/" + owner.id());
    assertThat(lastOwner.status()).isEqualTo(422);
    var unknown =
        me.patch(
            "projects/" + id + "/members",
            List.of(Map.of("id", "0b0e8f4c-0000-4000-8000-000000000000", "role", "viewer")));
    assertThat(unknown.status()).isEqualTo(404);
    // An editor cannot change membership.
    var byEditor =
        api.as(member)
            .patch(
                "projects/" + id + "/members", List.of(Map.of("id", member.id(), "role", "owner")));
    assertThat(byEditor.status()).isEqualTo(403);

    assertThat(me.delete("projects/" + id + "/members/" + member.id()).status()).isEqualTo(204);
    assertThat(ids(me.get("projects/" + id + "/members"))).containsExactly(owner.id());
    assertThat(api.as(member).get("projects/" + id).status()).isEqualTo(404);
  }
}
