package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The legacy {@code /storage} (the v1 form of a project's cloud storage): the project's permissions
 * decide, the configuration is checked as a data connector's, credentials are never answered.
 */
class LegacyStorageApiTest extends ApiTest {

  private static Map<String, Object> body(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A WebDAV storage of the project; its password is a credential. */
  private static Map<String, Object> webdav(String projectId, String name) {
    var config = new HashMap<String, Object>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/remote.php/webdav/");
    config.put("vendor", "nextcloud");
    config.put("user", "alice");
    config.put("pass", "top-secret-password");
    return body(
        "project_id",
        projectId,
        "name",
        name,
        "storage_type",
        "webdav",
        "configuration",
        config,
        "source_path",
        "data",
        "target_path",
        "mnt/data");
  }

  private record Setup(
      TestUser owner, TestUser viewer, TestUser stranger, String ns, String projectId) {}

  private Setup privateProject() {
    TestUser owner = TestUser.random("lsowner");
    TestUser viewer = TestUser.random("lsviewer");
    TestUser stranger = TestUser.random("lsstranger");
    register(api, viewer);
    register(api, stranger);
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("ls"), "private").path("id").asString();
    projectMembers(api.as(owner), projectId, Map.of(viewer, "viewer"));
    return new Setup(owner, viewer, stranger, ns, projectId);
  }

  @Test
  void writersManageTheProjectsStorageReadersSeeItOthersDoNot() {
    Setup s = privateProject();
    Api owner = api.as(s.owner());
    var body = webdav(s.projectId(), "my-dav");

    assertThat(api.anonymous().post("storage", body).status()).isEqualTo(401);
    assertThat(api.as(s.viewer()).post("storage", body).status()).isEqualTo(403);
    assertThat(api.as(s.stranger()).post("storage", body).status()).isEqualTo(404);

    var created = owner.post("storage", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode storage = created.json().path("storage");
    String id = storage.path("storage_id").asString();
    assertThat(storage.path("project_id").asString()).isEqualTo(s.projectId());
    assertThat(storage.path("storage_type").asString()).isEqualTo("webdav");
    assertThat(storage.path("readonly").asBoolean()).as("the original's default").isTrue();
    assertThat(storage.path("configuration").path("pass").asString()).isEqualTo("<sensitive>");
    assertThat(created.body()).doesNotContain("top-secret-password");
    assertThat(created.json().path("sensitive_fields").toString()).contains("\"pass\"");

    // Readers see it; strangers and anonymous visitors of a private project do not.
    var listed = api.as(s.viewer()).get("storage?project_id=" + s.projectId());
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(listed.json().size()).isEqualTo(1);
    assertThat(listed.body()).doesNotContain("top-secret-password");
    assertThat(api.as(s.viewer()).get("storage/" + id).status()).isEqualTo(200);
    assertThat(api.as(s.stranger()).get("storage/" + id).status()).isEqualTo(404);
    assertThat(api.as(s.stranger()).get("storage?project_id=" + s.projectId()).status())
        .isEqualTo(404);
    assertThat(api.anonymous().get("storage/" + id).status()).isEqualTo(404);

    // A viewer cannot change or delete it; a stranger does not find it.
    assertThat(api.as(s.viewer()).patch("storage/" + id, body("readonly", false)).status())
        .isEqualTo(403);
    assertThat(api.as(s.viewer()).put("storage/" + id, body).status()).isEqualTo(403);
    assertThat(api.as(s.viewer()).delete("storage/" + id).status()).isEqualTo(403);
    assertThat(api.as(s.stranger()).delete("storage/" + id).status()).isEqualTo(404);

    // The owner changes it (a configuration is merged; the placeholder survives) and replaces it.
    var patched =
        owner.patch("storage/" + id, body("readonly", false, "configuration", body("user", "bob")));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    JsonNode p = patched.json().path("storage");
    assertThat(p.path("readonly").asBoolean()).isFalse();
    assertThat(p.path("configuration").path("user").asString()).isEqualTo("bob");
    assertThat(p.path("configuration").path("pass").asString()).isEqualTo("<sensitive>");
    var replaced =
        owner.put(
            "storage/" + id,
            body(
                "project_id",
                s.projectId(),
                "name",
                "giab",
                "storage_url",
                "s3://giab/data",
                "target_path",
                "giab"));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().path("storage").path("storage_type").asString()).isEqualTo("s3");
    assertThat(replaced.json().path("storage").path("source_path").asString())
        .isEqualTo("giab/data");

    assertThat(owner.delete("storage/" + id).status()).isEqualTo(204);
    assertThat(owner.get("storage/" + id).status()).isEqualTo(404);
    assertThat(owner.delete("storage/" + id).status()).as("gone already").isEqualTo(204);
  }

  @Test
  void badStorageIsRefusedNamingTheField() {
    Setup s = privateProject();
    Api owner = api.as(s.owner());

    var noProject = owner.get("storage");
    assertThat(noProject.status()).isEqualTo(422);
    assertThat(noProject.body()).contains("project_id");

    var badName = webdav(s.projectId(), "a name with spaces");
    assertField(owner.post("storage", badName), "name");

    var badTarget = webdav(s.projectId(), "escape");
    badTarget.put("target_path", "../outside");
    assertField(owner.post("storage", badTarget), "target_path");

    var unknownOption = webdav(s.projectId(), "unknown");
    @SuppressWarnings("unchecked")
    var config = (Map<String, Object>) unknownOption.get("configuration");
    config.put("no_such_option", "x");
    assertField(owner.post("storage", unknownOption), "no_such_option");

    var metadata = webdav(s.projectId(), "metadata");
    @SuppressWarnings("unchecked")
    var metadataConfig = (Map<String, Object>) metadata.get("configuration");
    metadataConfig.put("url", "http://169.254.169.254/latest/meta-data/");
    assertField(owner.post("storage", metadata), "url");

    var unknownField = webdav(s.projectId(), "field");
    unknownField.put("mount_everything", true);
    assertField(owner.post("storage", unknownField), "mount_everything");

    var badProject = webdav("not-a-project", "badproject");
    assertField(owner.post("storage", badProject), "project_id");

    assertThat(owner.post("storage", webdav(s.projectId(), "twice")).status()).isEqualTo(201);
    assertThat(owner.post("storage", webdav(s.projectId(), "twice")).status()).isEqualTo(409);

    assertThat(owner.get("storage?project_id=" + s.projectId()).json().size())
        .as("nothing half-written")
        .isEqualTo(1);

    // The project of an entry cannot change.
    String otherProject =
        createProject(owner, s.ns(), slug("lso"), "private").path("id").asString();
    String id =
        owner
            .get("storage?project_id=" + s.projectId())
            .json()
            .get(0)
            .path("storage")
            .path("storage_id")
            .asString();
    assertField(owner.patch("storage/" + id, body("project_id", otherProject)), "project_id");
  }

  private static void assertField(Api.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().path("error").path("detail").asString() + r.body()).contains(field);
  }
}
