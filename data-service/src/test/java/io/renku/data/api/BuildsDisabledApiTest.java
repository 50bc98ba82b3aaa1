package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A platform without an image builder (the default): a launcher cannot be built from a repository
 * (422 naming the field), and the builds API answers 404 as the original does when its image
 * builders are off.
 */
class BuildsDisabledApiTest extends ApiTest {

  @Test
  void aLauncherBuiltFromARepositoryIsRefusedWithTheFieldNamed() {
    TestUser owner = TestUser.random("nobuild");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("nb"), "private").path("id").asString();
    var r =
        api.as(owner)
            .post(
                "session_launchers",
                Map.of(
                    "name",
                    "From code",
                    "project_id",
                    projectId,
                    "environment",
                    Map.of(
                        "environment_image_source",
                        "build",
                        "repository",
                        "https://example.org/repo.git",
                        "builder_variant",
                        "python",
                        "frontend_variant",
                        "jupyterlab")));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("environment.environment_image_source");
    assertThat(api.as(owner).get("projects/" + projectId + "/session_launchers").json().size())
        .isZero();
  }

  @Test
  void theBuildsApiIsNotThere() {
    TestUser someone = TestUser.random("nobuild2");
    register(api, someone);
    assertThat(api.as(someone).get("builds/" + Ulid.next()).status()).isEqualTo(404);
    assertThat(api.as(someone).get("environments/" + Ulid.next() + "/builds").status())
        .isEqualTo(404);
    assertThat(api.as(someone).post("environments/" + Ulid.next() + "/builds", Map.of()).status())
        .isEqualTo(404);
  }
}
