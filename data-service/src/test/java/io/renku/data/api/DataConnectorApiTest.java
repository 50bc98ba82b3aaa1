package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.ids;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.ApiUser;
import io.renku.data.dataconnector.DataConnectorService;
import io.renku.data.dataconnector.SessionDataConnector;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /data_connectors}: connectors in user, group and project namespaces, their project links,
 * the caller's credentials for them, and who may see what (a connector the caller cannot read is
 * 404 everywhere).
 */
class DataConnectorApiTest extends ApiTest {
  private static final String UNKNOWN_ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  @Autowired DataConnectorService connectorService;

  /** Every answer a test got, to check that no planted credential ever comes back. */
  private final List<Api.Response> answers = new ArrayList<>();

  private Api.Response keep(Api.Response r) {
    answers.add(r);
    return r;
  }

  private static Map<String, Object> body(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A WebDAV storage; its password is a credential. */
  private static Map<String, Object> webdav(String password) {
    var config = new HashMap<String, Object>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/remote.php/webdav/");
    config.put("vendor", "nextcloud");
    config.put("user", "alice");
    if (password != null) {
      config.put("pass", password);
    }
    return body("configuration", config, "source_path", "data", "target_path", "mnt/data");
  }

  private JsonNode create(Api as, String namespace, String name, String visibility) {
    var r =
        keep(
            as.post(
                "data_connectors",
                body(
                    "name", name,
                    "namespace", namespace,
                    "visibility", visibility,
                    "storage", webdav("top-secret-password"))));
    assertThat(r.status()).as("create connector %s in %s: %s", name, namespace, r).isEqualTo(201);
    return r.json();
  }

  @Test
  void crudInOwnNamespaceKeepsNoCredentialAndChecksTheETag() {
    TestUser owner = TestUser.random("dcowner");
    String ns = register(api, owner);
    var created =
        keep(
            api.as(owner)
                .post(
                    "data_connectors",
                    body(
                        "name",
                        "My Data!",
                        "namespace",
                        ns,
                        "description",
                        "some data",
                        "keywords",
                        List.of("a", "b"),
                        "storage",
                        webdav("hunter2-planted"))));
    assertThat(created.status()).isEqualTo(201);
    JsonNode d = created.json();
    String id = d.path("id").asString();
    assertThat(created.header("ETag")).isEqualTo(d.path("etag").asString());
    assertThat(d.path("slug").asString()).isEqualTo("my-data");
    assertThat(d.path("namespace").asString()).isEqualTo(ns);
    assertThat(d.path("visibility").asString()).isEqualTo("private");
    assertThat(d.path("created_by").asString()).isEqualTo(owner.id());
    assertThat(d.path("keywords").size()).isEqualTo(2);
    JsonNode storage = d.path("storage");
    assertThat(storage.path("storage_type").asString()).isEqualTo("webdav");
    assertThat(storage.path("readonly").asBoolean()).isTrue();
    assertThat(storage.path("source_path").asString()).isEqualTo("data");
    assertThat(storage.path("target_path").asString()).isEqualTo("mnt/data");
    // the password is replaced by a placeholder and named as a credential option
    assertThat(storage.path("configuration").path("pass").asString()).isEqualTo("<sensitive>");
    assertThat(storage.path("configuration").path("user").asString()).isEqualTo("alice");
    List<String> sensitive = new ArrayList<>();
    storage.path("sensitive_fields").forEach(o -> sensitive.add(o.path("name").asString()));
    assertThat(sensitive).contains("pass").doesNotContain("user", "url");

    assertThat(keep(api.as(owner).get("data_connectors/" + id)).field("name"))
        .isEqualTo("My Data!");
    var unchanged =
        api.as(owner).header("If-None-Match", created.header("ETag")).get("data_connectors/" + id);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isNullOrEmpty();
    var byPath = keep(api.as(owner).get("namespaces/" + ns + "/data_connectors/my-data"));
    assertThat(byPath.status()).isEqualTo(200);
    assertThat(byPath.field("id")).isEqualTo(id);
    var listed = keep(api.as(owner).get("data_connectors?namespace=" + ns));
    assertThat(ids(listed)).containsExactly(id);

    String etag = created.header("ETag");
    var noIfMatch = api.as(owner).patch("data_connectors/" + id, body("name", "Renamed"));
    assertThat(noIfMatch.status()).isEqualTo(428);
    var stale =
        api.as(owner)
            .header("If-Match", "\"0000\"")
            .patch("data_connectors/" + id, body("name", "Renamed"));
    assertThat(stale.status()).isEqualTo(409);
    var patched =
        keep(
            api.as(owner)
                .header("If-Match", etag)
                .patch(
                    "data_connectors/" + id,
                    body(
                        "name",
                        "Renamed",
                        "storage",
                        body("readonly", false, "configuration", body("user", "bob")))));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.field("name")).isEqualTo("Renamed");
    assertThat(patched.header("ETag")).isNotEqualTo(etag);
    assertThat(patched.json().path("storage").path("readonly").asBoolean()).isFalse();
    assertThat(patched.json().path("storage").path("configuration").path("user").asString())
        .isEqualTo("bob");
    // the placeholder survives a change of the configuration
    assertThat(patched.json().path("storage").path("configuration").path("pass").asString())
        .isEqualTo("<sensitive>");
    // the old ETag is stale now
    assertThat(
            api.as(owner)
                .header("If-Match", etag)
                .patch("data_connectors/" + id, body("name", "Again"))
                .status())
        .isEqualTo(409);

    var permissions = api.as(owner).get("data_connectors/" + id + "/permissions");
    assertThat(permissions.json().path("write").asBoolean()).isTrue();
    assertThat(permissions.json().path("delete").asBoolean()).isTrue();

    assertThat(api.as(owner).delete("data_connectors/" + id).status()).isEqualTo(204);
    assertThat(api.as(owner).get("data_connectors/" + id).status()).isEqualTo(404);
    // gone is not found, as a connector the caller cannot see
    assertThat(api.as(owner).delete("data_connectors/" + id).status()).isEqualTo(404);
    assertNoAnswerContains("hunter2-planted");
  }

  @Test
  void slugsAreUniquePerNamespace() {
    TestUser owner = TestUser.random("dcslug");
    TestUser other = TestUser.random("dcslug2");
    String ns = register(api, owner);
    String otherNs = register(api, other);
    create(api.as(owner), ns, "Same", "private");
    var again =
        api.as(owner)
            .post(
                "data_connectors", body("name", "Same", "namespace", ns, "storage", webdav(null)));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo(1409);
    // another namespace may use it
    create(api.as(other), otherNs, "Same", "private");

    // a rename onto a taken slug is a conflict too
    JsonNode second = create(api.as(owner), ns, "Second", "private");
    var rename =
        api.as(owner)
            .header("If-Match", second.path("etag").asString())
            .patch("data_connectors/" + second.path("id").asString(), body("slug", "same"));
    assertThat(rename.status()).isEqualTo(409);
  }

  @Test
  void badInputIs422NamingTheField() {
    TestUser owner = TestUser.random("dcbad");
    String ns = register(api, owner);
    Map<String, Object> unknownType = webdav(null);
    @SuppressWarnings("unchecked")
    var config = (Map<String, Object>) unknownType.get("configuration");
    config.put("type", "no-such-storage");
    assertField(
        api.as(owner)
            .post("data_connectors", body("name", "X", "namespace", ns, "storage", unknownType)),
        "type");

    Map<String, Object> unknownOption = webdav(null);
    @SuppressWarnings("unchecked")
    var config2 = (Map<String, Object>) unknownOption.get("configuration");
    config2.put("made_up_option", "1");
    assertField(
        api.as(owner)
            .post("data_connectors", body("name", "X", "namespace", ns, "storage", unknownOption)),
        "made_up_option");

    Map<String, Object> escape = webdav(null);
    escape.put("target_path", "../../etc");
    assertField(
        api.as(owner)
            .post("data_connectors", body("name", "X", "namespace", ns, "storage", escape)),
        "target_path");

    assertField(
        api.as(owner)
            .post(
                "data_connectors",
                body("name", "X", "namespace", ns, "slug", "Not A Slug", "storage", webdav(null))),
        "slug");
    assertField(
        api.as(owner)
            .post("data_connectors", body("name", "   ", "namespace", ns, "storage", webdav(null))),
        "name");
    assertField(
        api.as(owner).post("data_connectors", body("name", "X", "storage", webdav(null))),
        "namespace");
    assertField(api.as(owner).get("data_connectors/not-a-ulid"), "data_connector_id");
    // nothing half-written
    assertThat(api.as(owner).get("data_connectors?namespace=" + ns).json().size()).isZero();
  }

  @Test
  void storageUrlsBecomeConfigurations() {
    TestUser owner = TestUser.random("dcurl");
    String ns = register(api, owner);
    var r =
        api.as(owner)
            .post(
                "data_connectors",
                body(
                    "name",
                    "Giab",
                    "namespace",
                    ns,
                    "storage",
                    body("storage_url", "s3://giab/data", "target_path", "giab")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonNode storage = r.json().path("storage");
    assertThat(storage.path("storage_type").asString()).isEqualTo("s3");
    assertThat(storage.path("configuration").path("provider").asString()).isEqualTo("AWS");
    assertThat(storage.path("source_path").asString()).isEqualTo("giab/data");
  }

  @Test
  void listsArePagedWithHeaders() {
    TestUser owner = TestUser.random("dcpage");
    String ns = register(api, owner);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(create(api.as(owner), ns, "Paged " + i, "private").path("id").asString());
    }
    var first = api.as(owner).get("data_connectors?namespace=" + ns + "&per_page=2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("page")).isEqualTo("1");
    assertThat(first.header("per-page")).isEqualTo("2");
    assertThat(first.header("total")).isEqualTo("3");
    assertThat(first.header("total-pages")).isEqualTo("2");
    var second = api.as(owner).get("data_connectors?namespace=" + ns + "&per_page=2&page=2");
    List<String> all = new ArrayList<>(ids(first));
    all.addAll(ids(second));
    // newest first
    assertThat(all).containsExactly(made.get(2), made.get(1), made.get(0));
    assertThat(api.as(owner).get("data_connectors?per_page=101").status()).isEqualTo(422);
  }

  @Test
  void privateConnectorOfAnotherNamespaceIsNeverListedReadOrLinked() {
    TestUser alice = TestUser.random("dcalice");
    TestUser bob = TestUser.random("dcbob");
    String aliceNs = register(api, alice);
    String bobNs = register(api, bob);
    JsonNode secret = create(api.as(alice), aliceNs, "Hidden", "private");
    JsonNode open = create(api.as(alice), aliceNs, "Open", "public");
    String hiddenId = secret.path("id").asString();
    String openId = open.path("id").asString();

    for (Api who : List.of(api.as(bob), api.anonymous())) {
      assertThat(ids(who.get("data_connectors?per_page=100&namespace=" + aliceNs)))
          .contains(openId)
          .doesNotContain(hiddenId);
      assertThat(who.get("data_connectors/" + hiddenId).status()).isEqualTo(404);
      assertThat(who.get("namespaces/" + aliceNs + "/data_connectors/hidden").status())
          .isEqualTo(404);
      assertThat(who.get("data_connectors/" + hiddenId + "/permissions").status()).isEqualTo(404);
      assertThat(who.get("data_connectors/" + hiddenId + "/project_links").status()).isEqualTo(404);
      assertThat(who.get("data_connectors/" + openId).status()).isEqualTo(200);
    }
    // not readable means not found, whatever the change
    assertThat(
            api.as(bob)
                .header("If-Match", secret.path("etag").asString())
                .patch("data_connectors/" + hiddenId, body("name", "Mine"))
                .status())
        .isEqualTo(404);
    assertThat(api.as(bob).delete("data_connectors/" + hiddenId).status()).isEqualTo(404);
    assertThat(api.as(alice).get("data_connectors/" + hiddenId).status()).isEqualTo(200);
    // readable but not theirs: 403
    assertThat(
            api.as(bob)
                .header("If-Match", open.path("etag").asString())
                .patch("data_connectors/" + openId, body("name", "Mine"))
                .status())
        .isEqualTo(403);
    assertThat(api.as(bob).delete("data_connectors/" + openId).status()).isEqualTo(403);
    var bobsView = api.as(bob).get("data_connectors/" + openId + "/permissions").json();
    assertThat(bobsView.path("write").asBoolean()).isFalse();
    // creating in someone else's namespace
    var intrude =
        api.as(bob)
            .post(
                "data_connectors",
                body("name", "Sneaky", "namespace", aliceNs, "storage", webdav(null)));
    assertThat(intrude.status()).isEqualTo(403);
    assertThat(
            api.anonymous()
                .post(
                    "data_connectors",
                    body("name", "Anon", "namespace", bobNs, "storage", webdav(null)))
                .status())
        .isEqualTo(401);

    // Bob cannot link Alice's private connector to his own project
    String bobsProject =
        createProject(api.as(bob), bobNs, slug("bp"), "private").path("id").asString();
    var link =
        api.as(bob)
            .post(
                "data_connectors/" + hiddenId + "/project_links", body("project_id", bobsProject));
    assertThat(link.status()).isEqualTo(404);
    assertThat(message(link)).doesNotContain("Hidden");
    // nor the public one to Alice's project (no write there)
    String alicesProject =
        createProject(api.as(alice), aliceNs, slug("ap"), "public").path("id").asString();
    assertThat(
            api.as(bob)
                .post(
                    "data_connectors/" + openId + "/project_links",
                    body("project_id", alicesProject))
                .status())
        .isEqualTo(403);
  }

  @Test
  void connectorsOfGroupsAndProjects() {
    TestUser owner = TestUser.random("dcgo");
    TestUser viewer = TestUser.random("dcgv");
    TestUser stranger = TestUser.random("dcgs");
    String ownerNs = register(api, owner);
    register(api, viewer);
    register(api, stranger);
    String group = slug("dcg");
    createGroup(api.as(owner), group);
    JsonNode inGroup = create(api.as(owner), group, "Group data", "private");
    assertThat(inGroup.path("namespace").asString()).isEqualTo(group);
    assertThat(api.as(owner).get("namespaces/" + group + "/data_connectors/group-data").status())
        .isEqualTo(200);
    assertThat(api.as(stranger).get("namespaces/" + group + "/data_connectors/group-data").status())
        .isEqualTo(404);

    String projectSlug = slug("dcp");
    String projectId =
        createProject(api.as(owner), ownerNs, projectSlug, "private").path("id").asString();
    projectMembers(api.as(owner), projectId, Map.of(viewer, "viewer"));
    JsonNode inProject =
        create(api.as(owner), ownerNs + "/" + projectSlug, "Project data", "private");
    String path =
        "namespaces/" + ownerNs + "/projects/" + projectSlug + "/data_connectors/project-data";
    assertThat(inProject.path("namespace").asString()).isEqualTo(ownerNs + "/" + projectSlug);
    assertThat(api.as(owner).get(path).status()).isEqualTo(200);
    // project members read the project's connectors; others do not
    assertThat(api.as(viewer).get(path).status()).isEqualTo(200);
    assertThat(api.as(stranger).get(path).status()).isEqualTo(404);
    assertThat(ids(api.as(viewer).get("data_connectors?namespace=" + ownerNs + "/" + projectSlug)))
        .containsExactly(inProject.path("id").asString());
    // a viewer may not create connectors in the project
    assertThat(
            api.as(viewer)
                .post(
                    "data_connectors",
                    body(
                        "name",
                        "V",
                        "namespace",
                        ownerNs + "/" + projectSlug,
                        "storage",
                        webdav(null)))
                .status())
        .isEqualTo(403);

    // deleting the project deletes its connectors
    assertThat(api.as(owner).delete("projects/" + projectId).status()).isEqualTo(204);
    assertThat(api.as(owner).get("data_connectors/" + inProject.path("id").asString()).status())
        .isEqualTo(404);
  }

  @Test
  void projectLinksAndInaccessibleLinks() {
    TestUser alice = TestUser.random("dclinka");
    TestUser bob = TestUser.random("dclinkb");
    String aliceNs = register(api, alice);
    register(api, bob);
    String projectId =
        createProject(api.as(alice), aliceNs, slug("lp"), "private").path("id").asString();
    projectMembers(api.as(alice), projectId, Map.of(bob, "viewer"));
    String privateDc = create(api.as(alice), aliceNs, "Mine only", "private").path("id").asString();
    String publicDc = create(api.as(alice), aliceNs, "For all", "public").path("id").asString();

    var link =
        api.as(alice)
            .post("data_connectors/" + privateDc + "/project_links", body("project_id", projectId));
    assertThat(link.status()).as(link.toString()).isEqualTo(201);
    assertThat(link.field("data_connector_id")).isEqualTo(privateDc);
    assertThat(link.field("project_id")).isEqualTo(projectId);
    assertThat(link.field("created_by")).isEqualTo(alice.id());
    String linkId = link.field("id");
    assertThat(
            api.as(alice)
                .post(
                    "data_connectors/" + privateDc + "/project_links",
                    body("project_id", projectId))
                .status())
        .isEqualTo(409);
    var publicLink =
        api.as(alice)
            .post("data_connectors/" + publicDc + "/project_links", body("project_id", projectId));
    assertThat(publicLink.status()).isEqualTo(201);
    assertThat(
            api.as(alice)
                .post(
                    "data_connectors/" + publicDc + "/project_links",
                    body("project_id", UNKNOWN_ULID))
                .status())
        .isEqualTo(404);

    assertThat(ids(api.as(alice).get("data_connectors/" + privateDc + "/project_links")))
        .containsExactly(linkId);
    assertThat(
            Fixtures.values(
                api.as(alice).get("projects/" + projectId + "/data_connector_links"),
                "data_connector_id"))
        .containsExactlyInAnyOrder(privateDc, publicDc);
    assertThat(
            api.as(alice)
                .get("projects/" + projectId + "/inaccessible_data_connector_links")
                .json()
                .path("count")
                .asInt())
        .isZero();
    // Bob (a project viewer) sees the public connector's link, and that one more exists
    assertThat(
            Fixtures.values(
                api.as(bob).get("projects/" + projectId + "/data_connector_links"),
                "data_connector_id"))
        .containsExactly(publicDc);
    assertThat(
            api.as(bob)
                .get("projects/" + projectId + "/inaccessible_data_connector_links")
                .json()
                .path("count")
                .asInt())
        .isEqualTo(1);
    assertThat(
            Fixtures.values(
                api.as(bob).get("data_connector_links?per_page=100"), "data_connector_id"))
        .contains(publicDc)
        .doesNotContain(privateDc);
    // strangers do not see the project's links at all
    TestUser carol = TestUser.random("dclinkc");
    register(api, carol);
    assertThat(api.as(carol).get("projects/" + projectId + "/data_connector_links").status())
        .isEqualTo(404);
    // nor may they unlink, and the answer does not name the private project
    var carolUnlinks =
        api.as(carol)
            .delete("data_connectors/" + publicDc + "/project_links/" + publicLink.field("id"));
    assertThat(carolUnlinks.status()).isEqualTo(404);
    assertThat(carolUnlinks.body()).doesNotContain(projectId);
    // a viewer of the project may not unlink
    assertThat(
            api.as(bob)
                .delete("data_connectors/" + publicDc + "/project_links/" + publicLink.field("id"))
                .status())
        .isEqualTo(403);

    // sessions of the project: Alice gets both connectors, Bob only the one he can read
    ApiUser aliceUser = new ApiUser(alice.id(), true, false, alice.email(), null, null, null);
    ApiUser bobUser = new ApiUser(bob.id(), true, false, bob.email(), null, null, null);
    assertThat(connectorService.forSession(aliceUser, projectId))
        .extracting(SessionDataConnector::id)
        .containsExactlyInAnyOrder(privateDc, publicDc);
    List<SessionDataConnector> bobs = connectorService.forSession(bobUser, projectId);
    assertThat(bobs).extracting(SessionDataConnector::id).containsExactly(publicDc);
    assertThat(bobs.get(0).configuration()).doesNotContainKey("pass");

    assertThat(
            api.as(alice)
                .delete("data_connectors/" + privateDc + "/project_links/" + linkId)
                .status())
        .isEqualTo(204);
    assertThat(ids(api.as(alice).get("data_connectors/" + privateDc + "/project_links"))).isEmpty();
    // deleting the connector removes its links
    assertThat(api.as(alice).delete("data_connectors/" + publicDc).status()).isEqualTo(204);
    assertThat(api.as(alice).get("projects/" + projectId + "/data_connector_links").json().size())
        .isZero();
  }

  @Test
  void deletingAGroupOrAUserRemovesTheirConnectorsAndEverybodysSavedCredentials() {
    TestUser owner = TestUser.random("dcgown");
    TestUser bob = TestUser.random("dcgbob");
    String ownerNs = register(api, owner);
    register(api, bob);
    String group = slug("dcg");
    createGroup(api.as(owner), group);
    String project = slug("dcgp");
    createProject(api.as(owner), group, project, "public");
    String inGroup = create(api.as(owner), group, "In group", "public").path("id").asString();
    String inProject =
        create(api.as(owner), group + "/" + project, "In project", "public").path("id").asString();
    String ofUser = create(api.as(owner), ownerNs, "Of user", "public").path("id").asString();
    for (String dc : List.of(inGroup, inProject, ofUser)) {
      var saved =
          api.as(bob)
              .patch(
                  "data_connectors/" + dc + "/secrets",
                  List.of(body("name", "pass", "value", "bob-" + dc)));
      assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    }
    assertThat(ids(api.as(bob).get("user/secrets?kind=storage"))).hasSize(3);

    assertThat(api.as(owner).delete("groups/" + group).status()).isEqualTo(204);
    assertThat(api.as(bob).get("data_connectors/" + inGroup).status()).isEqualTo(404);
    assertThat(api.as(bob).get("data_connectors/" + inProject).status()).isEqualTo(404);
    assertThat(ids(api.as(bob).get("user/secrets?kind=storage")))
        .as("Bob's credentials for the group's connectors went with them")
        .hasSize(1);

    TestUser admin = TestUser.randomAdmin("dcgadm");
    register(api, admin);
    assertThat(api.as(admin).delete("users/" + owner.id()).status()).isEqualTo(204);
    assertThat(api.as(bob).get("data_connectors/" + ofUser).status()).isEqualTo(404);
    assertThat(ids(api.as(bob).get("user/secrets?kind=storage")))
        .as("and those for the deleted user's connectors")
        .isEmpty();
  }

  @Test
  void credentialsAreSavedPerUserAndNeverReturned() {
    TestUser alice = TestUser.random("dcseca");
    TestUser bob = TestUser.random("dcsecb");
    String aliceNs = register(api, alice);
    register(api, bob);
    String dc = create(api.as(alice), aliceNs, "Shared", "public").path("id").asString();
    String planted = "planted-" + java.util.UUID.randomUUID();

    var saved =
        keep(
            api.as(alice)
                .patch(
                    "data_connectors/" + dc + "/secrets",
                    List.of(body("name", "pass", "value", planted))));
    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    assertThat(saved.json().size()).isEqualTo(1);
    assertThat(saved.json().get(0).path("name").asString()).isEqualTo("pass");
    String secretId = saved.json().get(0).path("secret_id").asString();
    assertThat(keep(api.as(alice).get("data_connectors/" + dc + "/secrets")).json().size())
        .isEqualTo(1);
    var storageSecrets = keep(api.as(alice).get("user/secrets?kind=storage"));
    assertThat(ids(storageSecrets)).containsExactly(secretId);
    assertThat(storageSecrets.json().get(0).path("data_connector_ids").toString())
        .as("the secret says which connector it is a credential of")
        .isEqualTo("[\"" + dc + "\"]");
    // a new value replaces the old one in the same secret
    var changed =
        keep(
            api.as(alice)
                .patch(
                    "data_connectors/" + dc + "/secrets",
                    List.of(body("name", "pass", "value", planted + "-2"))));
    assertThat(changed.json().get(0).path("secret_id").asString()).isEqualTo(secretId);
    // Bob's credentials are his own
    assertThat(keep(api.as(bob).get("data_connectors/" + dc + "/secrets")).json().size()).isZero();
    // only credential options can be saved
    assertField(
        api.as(alice)
            .patch(
                "data_connectors/" + dc + "/secrets",
                List.of(body("name", "url", "value", "https://x"))),
        "name");
    assertThat(api.anonymous().get("data_connectors/" + dc + "/secrets").status()).isEqualTo(401);

    // the session gets the id of the secret, not its value
    ApiUser aliceUser = new ApiUser(alice.id(), true, false, alice.email(), null, null, null);
    String project =
        createProject(api.as(alice), aliceNs, slug("sp"), "private").path("id").asString();
    api.as(alice).post("data_connectors/" + dc + "/project_links", body("project_id", project));
    assertThat(connectorService.forSession(aliceUser, project).get(0).secretIds())
        .containsEntry("pass", secretId);

    // null removes one credential
    var removed =
        api.as(alice)
            .send("PATCH", "data_connectors/" + dc + "/secrets", List.of(nullValue("pass")));
    assertThat(removed.status()).isEqualTo(201);
    assertThat(removed.json().size()).isZero();
    assertThat(ids(api.as(alice).get("user/secrets?kind=storage"))).isEmpty();

    // DELETE removes all, and deleting the connector removes everybody's
    api.as(alice)
        .patch(
            "data_connectors/" + dc + "/secrets", List.of(body("name", "pass", "value", planted)));
    assertThat(api.as(alice).delete("data_connectors/" + dc + "/secrets").status()).isEqualTo(204);
    assertThat(api.as(alice).get("data_connectors/" + dc + "/secrets").json().size()).isZero();
    api.as(bob)
        .patch(
            "data_connectors/" + dc + "/secrets", List.of(body("name", "pass", "value", planted)));
    assertThat(ids(api.as(bob).get("user/secrets?kind=storage"))).hasSize(1);
    assertThat(api.as(alice).delete("data_connectors/" + dc).status()).isEqualTo(204);
    assertThat(ids(api.as(bob).get("user/secrets?kind=storage"))).isEmpty();

    assertNoAnswerContains(planted);
  }

  @Test
  void globalConnectorsNeedADoiBackend() {
    TestUser user = TestUser.random("dcglobal");
    register(api, user);
    var r =
        api.as(user)
            .post(
                "data_connectors/global",
                body(
                    "storage",
                    body(
                        "configuration", body("type", "doi", "doi", "10.5281/zenodo.1234"),
                        "source_path", "",
                        "target_path", "zenodo")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(message(r)).contains("storage.configuration");
    assertThat(api.as(user).get("data_connectors/global/no-such-slug").status()).isEqualTo(404);
    assertThat(api.as(user).get("data_connector_links?doi=10.1/none").status()).isEqualTo(404);
  }

  private static Map<String, Object> nullValue(String name) {
    var m = new HashMap<String, Object>();
    m.put("name", name);
    m.put("value", null);
    return m;
  }

  private static void assertField(Api.Response r, String field) {
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(message(r) + " " + r.json().path("error").path("detail").asString()).contains(field);
  }

  private void assertNoAnswerContains(String value) {
    for (Api.Response r : answers) {
      assertThat(r.body()).doesNotContain(value);
      r.headers().values().forEach(v -> assertThat(String.join(",", v)).doesNotContain(value));
    }
  }
}
