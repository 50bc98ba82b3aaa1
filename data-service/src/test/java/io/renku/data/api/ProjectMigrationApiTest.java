package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code /renku_v1_projects/*} and {@code /projects/{id}/migration_info}: a migration creates the
 * project (and a launcher) and records the v1 id; who sees what, as in the original.
 */
class ProjectMigrationApiTest extends ApiTest {

  private static long v1Id() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
  }

  private static Map<String, Object> project(String ns, String visibility) {
    var p = new LinkedHashMap<String, Object>();
    p.put("name", "Migrated");
    p.put("namespace", ns);
    p.put("slug", slug("mig"));
    p.put("visibility", visibility);
    return p;
  }

  @Test
  void aMigrationCreatesTheProjectAndRemembersWhereItCameFrom() {
    TestUser owner = TestUser.randomAdmin("mowner");
    TestUser viewer = TestUser.random("mviewer");
    TestUser stranger = TestUser.random("mstranger");
    register(api, viewer);
    register(api, stranger);
    String ns = register(api, owner);
    long v1 = v1Id();
    var launcher = new LinkedHashMap<String, Object>();
    launcher.put("name", "v1 image");
    launcher.put("container_image", "renku/renkulab-py:3.10-0.18.1");
    var body = Map.of("project", project(ns, "private"), "session_launcher", launcher);

    assertThat(api.anonymous().post("renku_v1_projects/" + v1 + "/migrations", body).status())
        .isEqualTo(401);
    var created = api.as(owner).post("renku_v1_projects/" + v1 + "/migrations", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String projectId = created.field("id");
    assertThat(created.field("visibility")).isEqualTo("private");
    projectMembers(api.as(owner), projectId, Map.of(viewer, "viewer"));

    // The launcher runs the v1 image as the original's migration sets it up.
    var launchers = api.as(owner).get("projects/" + projectId + "/session_launchers").json();
    assertThat(launchers.size()).isEqualTo(1);
    var env = launchers.get(0).path("environment");
    assertThat(env.path("container_image").asString()).isEqualTo("renku/renkulab-py:3.10-0.18.1");
    assertThat(env.path("port").asInt()).isEqualTo(8888);
    assertThat(env.path("default_url").asString()).isEqualTo("/lab");

    var again = api.as(owner).post("renku_v1_projects/" + v1 + "/migrations", body);
    assertThat(again.status()).as("one migration per v1 id").isEqualTo(409);

    var found = api.as(viewer).get("renku_v1_projects/" + v1 + "/migrations");
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.field("id")).isEqualTo(projectId);
    assertThat(api.as(stranger).get("renku_v1_projects/" + v1 + "/migrations").status())
        .isEqualTo(404);
    assertThat(api.as(owner).get("renku_v1_projects/" + (v1 + 1) + "/migrations").status())
        .isEqualTo(404);

    var info = api.as(owner).get("projects/" + projectId + "/migration_info");
    assertThat(info.status()).as(info.body()).isEqualTo(200);
    assertThat(info.json().path("v1_id").asLong()).isEqualTo(v1);
    assertThat(info.field("launcher_id")).isEqualTo(launchers.get(0).path("id").asString());
    // As in the original, only those who may change the project see where it came from.
    assertThat(api.as(viewer).get("projects/" + projectId + "/migration_info").status())
        .isEqualTo(404);
    assertThat(api.as(stranger).get("projects/" + projectId + "/migration_info").status())
        .isEqualTo(404);

    var listed = api.as(viewer).get("renku_v1_projects/migrations");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).contains(projectId);
    assertThat(api.as(stranger).get("renku_v1_projects/migrations").body())
        .doesNotContain(projectId);
    assertThat(api.anonymous().get("renku_v1_projects/migrations").status()).isEqualTo(401);

    // A project that was not migrated has no v1 origin.
    String plain = createProject(api.as(owner), ns, slug("plain"), "private").path("id").asString();
    assertThat(api.as(owner).get("projects/" + plain + "/migration_info").status()).isEqualTo(404);

    // The legacy storage names a migrated project by its v1 id, as the original's GitLab ids.
    var storage =
        api.as(owner)
            .post(
                "storage",
                Map.of(
                    "project_id", String.valueOf(v1),
                    "name", "giab",
                    "storage_url", "s3://giab/data",
                    "target_path", "giab"));
    assertThat(storage.status()).as(storage.body()).isEqualTo(201);
    assertThat(api.as(viewer).get("storage?project_id=" + v1).json().size()).isEqualTo(1);
    assertThat(api.as(viewer).get("storage?project_id=" + projectId).json().size()).isEqualTo(1);
  }

  @Test
  void aBadMigrationWritesNothingAndNamesTheField() {
    TestUser owner = TestUser.random("mbad");
    String ns = register(api, owner);
    Api as = api.as(owner);
    long v1 = v1Id();

    var noProject = as.post("renku_v1_projects/" + v1 + "/migrations", Map.of());
    assertThat(noProject.status()).isEqualTo(422);
    assertThat(noProject.body()).contains("project");

    var unknown =
        as.post(
            "renku_v1_projects/" + v1 + "/migrations",
            Map.of("project", project(ns, "private"), "gitlab_token", "x"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body()).contains("gitlab_token");

    // A launcher that cannot be made leaves no project and no migration behind: sessions run as
    // processes on this machine in these tests, where only admins give a launcher its own image.
    var p = project(ns, "private");
    var broken =
        as.post(
            "renku_v1_projects/" + v1 + "/migrations",
            Map.of(
                "project",
                p,
                "session_launcher",
                Map.of("name", "v1 image", "container_image", "renku/renkulab-py:3.10-0.18.1")));
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.json().path("error").path("detail").asString())
        .isEqualTo("session_launcher.container_image");
    assertThat(as.get("namespaces/" + ns + "/projects/" + p.get("slug")).status())
        .as("nothing half-written")
        .isEqualTo(404);
    assertThat(as.get("renku_v1_projects/" + v1 + "/migrations").status()).isEqualTo(404);

    assertThat(as.post("renku_v1_projects/-1/migrations", Map.of("project", p)).status())
        .isEqualTo(422);
    // Without the launcher the same migration goes through: the failed one left nothing behind.
    var retried = as.post("renku_v1_projects/" + v1 + "/migrations", Map.of("project", p));
    assertThat(retried.status()).as(retried.body()).isEqualTo(201);
  }
}
