package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /session_launchers}: who may see and change them, the two kinds of environment, the
 * resource class.
 */
class LauncherApiTest extends ApiTest {

  private String globalEnvironment(boolean archived) {
    var r =
        api.as(TestUser.randomAdmin("launcheradmin"))
            .post(
                "environments",
                Map.of(
                    "name",
                    "Lab",
                    "container_image",
                    "quay.io/jupyter/minimal-notebook",
                    "is_archived",
                    archived));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  @Test
  void writersManageLaunchersReadersSeeThemOthersDoNot() {
    TestUser owner = TestUser.random("lowner");
    TestUser viewer = TestUser.random("lviewer");
    TestUser stranger = TestUser.random("lstranger");
    register(api, viewer);
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("lp"), "private").path("id").asString();
    projectMembers(api.as(owner), projectId, Map.of(viewer, "viewer"));
    String env = globalEnvironment(false);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "JupyterLab session");
    body.put("project_id", projectId);
    body.put("environment", Map.of("id", env));
    body.put("disk_storage", 2);
    body.put("env_variables", List.of(Map.of("name", "MY_VAR", "value", "42")));

    assertThat(api.anonymous().post("session_launchers", body).status()).isEqualTo(401);
    assertThat(api.as(viewer).post("session_launchers", body).status()).isEqualTo(403);
    assertThat(api.as(stranger).post("session_launchers", body).status()).isEqualTo(404);

    var created = api.as(owner).post("session_launchers", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    assertThat(created.json().path("environment").path("id").asString()).isEqualTo(env);
    assertThat(created.json().path("environment").path("environment_kind").asString())
        .isEqualTo("GLOBAL");
    assertThat(created.field("launcher_type")).isEqualTo("interactive");
    assertThat(created.json().path("env_variables").get(0).path("value").asString())
        .isEqualTo("42");

    assertThat(api.as(viewer).get("session_launchers/" + id).status()).isEqualTo(200);
    assertThat(api.as(viewer).get("projects/" + projectId + "/session_launchers").json().size())
        .isEqualTo(1);
    assertThat(api.as(stranger).get("session_launchers/" + id).status()).isEqualTo(404);
    assertThat(api.as(stranger).get("projects/" + projectId + "/session_launchers").status())
        .isEqualTo(404);
    assertThat(api.anonymous().get("session_launchers/" + id).status()).isEqualTo(404);

    assertThat(api.as(viewer).patch("session_launchers/" + id, Map.of("name", "x")).status())
        .isEqualTo(403);
    var renamed =
        api.as(owner)
            .patch(
                "session_launchers/" + id, Map.of("name", "Renamed", "env_variables", List.of()));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.field("name")).isEqualTo("Renamed");
    assertThat(renamed.json().path("env_variables").size()).isZero();
    assertThat(renamed.json().path("disk_storage").asInt()).as("kept").isEqualTo(2);

    // A global environment in use cannot be deleted; archiving it is the way.
    var inUse = api.as(TestUser.randomAdmin("envdel")).delete("environments/" + env);
    assertThat(inUse.status()).isEqualTo(409);

    assertThat(api.as(viewer).delete("session_launchers/" + id).status()).isEqualTo(403);
    assertThat(api.as(owner).delete("session_launchers/" + id).status()).isEqualTo(204);
    assertThat(api.as(owner).get("session_launchers/" + id).status()).isEqualTo(404);
    assertThat(api.as(owner).delete("session_launchers/" + id).status()).isEqualTo(204);
    assertThat(api.as(TestUser.randomAdmin("envdel2")).delete("environments/" + env).status())
        .isEqualTo(204);
  }

  @Test
  void aLauncherCanBringItsOwnImageWhichGoesWithIt() {
    TestUser owner = TestUser.random("custom");
    String ns = register(api, owner);
    String projectId = createProject(api.as(owner), ns, slug("cp"), "public").path("id").asString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "My image");
    body.put("project_id", projectId);
    body.put(
        "environment",
        Map.of(
            "environment_kind", "CUSTOM",
            "name", "Custom",
            "container_image", "registry.example.org/me/image:1",
            "port", 8888,
            "default_url", "/"));
    // Sessions run as processes on this machine here (local runtime): only admins set images.
    var refused = api.as(owner).post("session_launchers", body);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("error").path("detail").asString())
        .isEqualTo("environment.container_image");
    var created = api.as(TestUser.randomAdmin("customadmin")).post("session_launchers", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var env = created.json().path("environment");
    assertThat(env.path("environment_kind").asString()).isEqualTo("CUSTOM");
    assertThat(env.path("port").asInt()).isEqualTo(8888);
    String customId = env.path("id").asString();
    assertThat(api.get("environments/" + customId).status()).as("not a global one").isEqualTo(404);
    assertThat(api.anonymous().get("session_launchers/" + created.field("id")).status())
        .as("public project: anyone reads its launchers")
        .isEqualTo(200);

    // Switching to a global environment drops the launcher's own image.
    String global = globalEnvironment(false);
    var switched =
        api.as(owner)
            .patch(
                "session_launchers/" + created.field("id"),
                Map.of("environment", Map.of("id", global)));
    assertThat(switched.status()).as(switched.body()).isEqualTo(200);
    assertThat(switched.json().path("environment").path("id").asString()).isEqualTo(global);
  }

  @Test
  void aLaunchersOwnEnvironmentTakesTheOriginalsArchivedFlag() {
    TestUser owner = TestUser.random("archl");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("ap"), "private").path("id").asString();
    Map<String, Object> environment = new LinkedHashMap<>();
    // What the original accepts on a launcher's own environment (EnvironmentPost).
    environment.put("environment_kind", "CUSTOM");
    environment.put("environment_image_source", "image");
    environment.put("name", "Archived image");
    environment.put("container_image", "registry.example.org/me/image:1");
    environment.put("is_archived", true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Archived");
    body.put("project_id", projectId);
    body.put("environment", environment);
    var created = api.as(TestUser.randomAdmin("archadmin")).post("session_launchers", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String envId = created.json().path("environment").path("id").asString();
    assertThat(created.json().path("environment").path("is_archived").asBoolean()).isTrue();

    // A change of only the flag keeps the launcher's own environment (the owner is no admin).
    var unarchived =
        api.as(owner)
            .patch(
                "session_launchers/" + created.field("id"),
                Map.of("environment", Map.of("is_archived", false)));
    assertThat(unarchived.status()).as(unarchived.body()).isEqualTo(200);
    var env = unarchived.json().path("environment");
    assertThat(env.path("id").asString()).isEqualTo(envId);
    assertThat(env.path("is_archived").asBoolean()).isFalse();
    assertThat(env.path("container_image").asString()).isEqualTo("registry.example.org/me/image:1");

    // What the original rejects stays rejected, naming the field.
    var notABoolean =
        api.as(owner)
            .patch(
                "session_launchers/" + created.field("id"),
                Map.of("environment", Map.of("is_archived", "sometimes")));
    assertThat(notABoolean.status()).as(notABoolean.body()).isEqualTo(422);
    assertThat(notABoolean.body()).contains("is_archived");
    var unknown =
        api.as(owner)
            .patch(
                "session_launchers/" + created.field("id"),
                Map.of("environment", Map.of("archived_forever", true)));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("archived_forever");
  }

  @Test
  void badLaunchersAreRefusedNamingTheField() {
    TestUser owner = TestUser.random("badl");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("bp"), "private").path("id").asString();
    String archived = globalEnvironment(true);
    String good = globalEnvironment(false);
    Map<String, Object> base =
        Map.of("name", "L", "project_id", projectId, "environment", Map.of("id", good));
    Map<String, Object> cases = new LinkedHashMap<>();
    cases.put("env_variables", List.of(Map.of("name", "1BAD", "value", "x")));
    cases.put("disk_storage", 0);
    cases.put("resource_class_id", 2_000_000_000);
    cases.put("launcher_type", "batch");
    for (var c : cases.entrySet()) {
      Map<String, Object> body = new LinkedHashMap<>(base);
      body.put(c.getKey(), c.getValue());
      var r = api.as(owner).post("session_launchers", body);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(c.getKey()).contains(c.getKey());
    }
    Map<String, Object> dup = new LinkedHashMap<>(base);
    dup.put("env_variables", List.of(Map.of("name", "A"), Map.of("name", "A")));
    assertThat(api.as(owner).post("session_launchers", dup).body()).contains("env_variables");

    Map<String, Object> archivedEnv = new LinkedHashMap<>(base);
    archivedEnv.put("environment", Map.of("id", archived));
    var r = api.as(owner).post("session_launchers", archivedEnv);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).contains("archived");

    Map<String, Object> both = new LinkedHashMap<>(base);
    both.put("environment", Map.of("id", good, "container_image", "x/y:1"));
    assertThat(api.as(owner).post("session_launchers", both).status()).isEqualTo(422);

    Map<String, Object> noImage = new LinkedHashMap<>(base);
    noImage.put("environment", Map.of("environment_kind", "CUSTOM", "name", "n"));
    var missing = api.as(owner).post("session_launchers", noImage);
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body()).contains("container_image");

    Map<String, Object> unknownProject = new LinkedHashMap<>(base);
    unknownProject.put("project_id", "01AN4Z79ZS5XN0F25N3DB94T4R");
    assertThat(api.as(owner).post("session_launchers", unknownProject).status()).isEqualTo(404);
  }

  @Test
  void aLauncherNamesAResourceClassItsWriterMayUse() {
    TestUser owner = TestUser.random("lclass");
    String ns = register(api, owner);
    var admin = api.as(TestUser.randomAdmin("lclassadmin"));
    String projectId =
        createProject(api.as(owner), ns, slug("lc"), "private").path("id").asString();
    JsonNode publicPool = createPool(admin, "Launcher pool", true);
    int usable = publicPool.path("classes").get(1).path("id").asInt();
    JsonNode privatePool = createPool(admin, "Launcher private pool", false);
    int hidden = privatePool.path("classes").get(0).path("id").asInt();

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "With a class");
    body.put("project_id", projectId);
    body.put("environment", Map.of("id", globalEnvironment(false)));
    body.put("resource_class_id", usable);
    var created = api.as(owner).post("session_launchers", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("resource_class_id").asInt()).isEqualTo(usable);
    String id = created.field("id");
    assertThat(
            api.as(owner).get("session_launchers/" + id).json().path("resource_class_id").asInt())
        .isEqualTo(usable);

    body.put("resource_class_id", hidden);
    var refused = api.as(owner).post("session_launchers", body);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("resource_class_id");
    var patchRefused =
        api.as(owner).patch("session_launchers/" + id, Map.of("resource_class_id", hidden));
    assertThat(patchRefused.status()).isEqualTo(422);
    assertThat(patchRefused.body()).contains("resource_class_id");

    var member =
        admin.post(
            "resource_pools/" + privatePool.path("id").asString() + "/members",
            List.of(Map.of("member_type", "project", "id", projectId)));
    assertThat(member.status()).as(member.body()).isEqualTo(201);
    var patched =
        api.as(owner).patch("session_launchers/" + id, Map.of("resource_class_id", hidden));
    assertThat(patched.status())
        .as("the project may use the pool now: " + patched.body())
        .isEqualTo(200);
    assertThat(patched.json().path("resource_class_id").asInt()).isEqualTo(hidden);

    // Deleting the class sends the launcher back to the default class.
    int other = privatePool.path("classes").get(1).path("id").asInt();
    var moved =
        admin.patch(
            "resource_pools/" + privatePool.path("id").asString() + "/classes/" + other,
            Map.of("default", true));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    var deleted =
        admin.delete("resource_pools/" + privatePool.path("id").asString() + "/classes/" + hidden);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    var after = api.as(owner).get("session_launchers/" + id);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().has("resource_class_id")).isFalse();
  }
}
