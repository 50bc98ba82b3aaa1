package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 404 names what the caller asked for, never what they may not know: found by the API fuzz test,
 * where a stranger's {@code DELETE} of another user's launcher answered "Project &lt;id&gt; does
 * not exist", the id of the launcher's private project.
 */
class NotFoundNamesNoSecretTest extends ApiTest {

  @Test
  void writingAnotherUsersLauncherDoesNotNameItsPrivateProject() {
    TestUser owner = TestUser.random("nfowner");
    TestUser stranger = TestUser.random("nfstranger");
    register(api, stranger);
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("nf"), "private").path("id").asString();
    String env =
        api.as(TestUser.randomAdmin("nfadmin"))
            .post("environments", Map.of("name", "Lab", "container_image", "python:3.12"))
            .field("id");
    var created =
        api.as(owner)
            .post(
                "session_launchers",
                Map.of("name", "L", "project_id", projectId, "environment", Map.of("id", env)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String launcherId = created.field("id");

    for (var r :
        new io.renku.data.support.Api.Response[] {
          api.as(stranger).delete("session_launchers/" + launcherId),
          api.as(stranger).patch("session_launchers/" + launcherId, Map.of("name", "x")),
          api.as(stranger).get("session_launchers/" + launcherId)
        }) {
      assertThat(r.status()).as(r.body()).isEqualTo(404);
      assertThat(r.body()).doesNotContain(projectId).contains(launcherId);
    }
    assertThat(api.as(owner).get("session_launchers/" + launcherId).status()).isEqualTo(200);
  }
}
