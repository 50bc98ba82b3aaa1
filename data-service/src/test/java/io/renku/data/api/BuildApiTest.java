package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.sidecars.testing.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /environments/{id}/builds}, {@code /builds/{id}} and its logs, with the real local builder
 * (Podman, the local registry) and a real git server on loopback: who may start, see and cancel
 * builds, one at a time, and what a finished build leaves in the environment.
 */
@TestPropertySource(
    properties = {
      "renku.builds.enabled=true",
      "renku.builds.builder=local",
      // the test's git server is on loopback
      "renku.builds.allow-private-repositories=true"
    })
class BuildApiTest extends ApiTest {
  private static final Duration BUILD_DEADLINE = Duration.ofMinutes(8);
  private static Path repos;
  private static GitHttpServer git;
  private static String headCommit;

  @BeforeAll
  static void gitServer() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed (Debian package git)");
    repos = Files.createTempDirectory("renku-build-api-repos");
    headCommit = makeRepo(repos.resolve("tiny.git"), Map.of("apt.txt", "python3-six\n"));
    git = new GitHttpServer(repos);
  }

  @AfterAll
  static void stop() {
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aBuildRunsToSucceededAndTheEnvironmentGetsItsImage() throws Exception {
    TestUser owner = TestUser.random("bowner");
    TestUser viewer = TestUser.random("bviewer");
    TestUser stranger = TestUser.random("bstranger");
    register(api, viewer);
    register(api, stranger);
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("bp"), "private").path("id").asString();
    projectMembers(api.as(owner), projectId, Map.of(viewer, "viewer"));
    JsonNode launcher = buildLauncher(api.as(owner), projectId, git.url("tiny.git"));
    String env = launcher.path("environment").path("id").asString();
    assertThat(launcher.path("environment").path("environment_image_source").asString())
        .isEqualTo("build");
    assertThat(launcher.path("environment").has("container_image")).isFalse();
    assertThat(launcher.path("environment").path("build_parameters").path("repository").asString())
        .isEqualTo(git.url("tiny.git"));

    String builds = "environments/" + env + "/builds";
    assertThat(api.anonymous().post(builds, Map.of()).status()).isEqualTo(401);
    assertThat(api.as(stranger).post(builds, Map.of()).status()).isEqualTo(404);
    assertThat(api.as(viewer).post(builds, Map.of()).status()).isEqualTo(403);
    var started = api.as(owner).post(builds, Map.of());
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.field("status")).isEqualTo("in_progress");
    String id = started.field("id");
    var second = api.as(owner).post(builds, Map.of());
    assertThat(second.status()).as(second.body()).isEqualTo(409);

    assertThat(api.as(viewer).get("builds/" + id).status()).isEqualTo(200);
    assertThat(api.as(viewer).get(builds).json().size()).isEqualTo(1);
    assertThat(api.as(stranger).get("builds/" + id).status()).isEqualTo(404);
    assertThat(api.as(stranger).get("builds/" + id + "/logs").status()).isEqualTo(404);
    assertThat(api.as(stranger).get(builds).status()).isEqualTo(404);
    assertThat(api.anonymous().get("builds/" + id).status()).isEqualTo(404);
    assertThat(api.as(viewer).patch("builds/" + id, Map.of("status", "cancelled")).status())
        .isEqualTo(403);

    JsonNode done = awaitFinished(api.as(owner), id);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
    JsonNode result = done.path("result");
    assertThat(result.path("image").asString()).contains("renku-build");
    assertThat(result.path("repository_git_commit_sha").asString()).isEqualTo(headCommit);
    assertThat(result.path("repository_url").asString()).isEqualTo(git.url("tiny.git"));

    JsonNode after =
        api.as(viewer).get("session_launchers/" + launcher.path("id").asString()).json();
    assertThat(after.path("environment").path("container_image").asString())
        .isEqualTo(result.path("image").asString());
    assertThat(after.path("environment").path("port").asInt()).isEqualTo(8888);
    assertThat(after.path("environment").path("default_url").asString()).isEqualTo("/tree");
    var logs = api.as(viewer).get("builds/" + id + "/logs?max_lines=20");
    assertThat(logs.status()).isEqualTo(200);
    assertThat(logs.json().size()).isPositive();
    // Finished: a new build may start, and cancelling the old one changes nothing.
    var cancelDone = api.as(owner).patch("builds/" + id, Map.of("status", "cancelled"));
    assertThat(cancelDone.field("status")).isEqualTo("succeeded");
  }

  @Test
  void aCancelledBuildEndsCancelledAndAnotherMayStart() throws Exception {
    TestUser owner = TestUser.random("bcancel");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("bc"), "private").path("id").asString();
    JsonNode launcher = buildLauncher(api.as(owner), projectId, git.url("tiny.git"));
    String env = launcher.path("environment").path("id").asString();
    String id = api.as(owner).post("environments/" + env + "/builds", Map.of()).field("id");

    var wrong = api.as(owner).patch("builds/" + id, Map.of("status", "succeeded"));
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
    var cancelled = api.as(owner).patch("builds/" + id, Map.of("status", "cancelled"));
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.field("status")).isEqualTo("cancelled");
    assertThat(cancelled.field("error_reason")).isNotBlank();
    assertThat(api.as(owner).get("builds/" + id).field("status")).isEqualTo("cancelled");

    var next = api.as(owner).post("environments/" + env + "/builds", Map.of());
    assertThat(next.status()).as(next.body()).isEqualTo(201);
    api.as(owner).patch("builds/" + next.field("id"), Map.of("status", "cancelled"));
    assertThat(api.as(owner).get("environments/" + env + "/builds").json().size()).isEqualTo(2);
  }

  @Test
  void aRepositoryThatDoesNotExistEndsFailedWithAReason() throws Exception {
    TestUser owner = TestUser.random("bmissing");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("bm"), "private").path("id").asString();
    JsonNode launcher = buildLauncher(api.as(owner), projectId, git.url("missing.git"));
    String env = launcher.path("environment").path("id").asString();
    String id = api.as(owner).post("environments/" + env + "/builds", Map.of()).field("id");
    JsonNode done = awaitFinished(api.as(owner), id);
    assertThat(done.path("status").asString()).isEqualTo("failed");
    assertThat(done.path("error_reason").asString()).contains("missing.git");
    assertThat(done.has("result")).isFalse();
    // The environment still has no image: its sessions cannot start yet.
    JsonNode after =
        api.as(owner).get("session_launchers/" + launcher.path("id").asString()).json();
    assertThat(after.path("environment").has("container_image")).isFalse();
  }

  @Test
  void buildParametersAreValidatedWithTheFieldNamed() {
    TestUser owner = TestUser.random("bvalid");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("bv"), "private").path("id").asString();
    for (var bad :
        List.of(
            Map.of("builder_variant", "cobol"),
            Map.of("frontend_variant", "emacs"),
            Map.of("repository", "file:///etc"),
            Map.of("repository", "https://user:pw@example.org/r.git"),
            Map.of("container_image", "docker.io/library/busybox"))) {
      var body =
          new java.util.HashMap<String, Object>(
              Map.of(
                  "environment_image_source",
                  "build",
                  "repository",
                  git.url("tiny.git"),
                  "builder_variant",
                  "python",
                  "frontend_variant",
                  "jupyterlab"));
      body.putAll(bad);
      var r =
          api.as(owner)
              .post(
                  "session_launchers",
                  Map.of("name", "Bad", "project_id", projectId, "environment", body));
      assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(422);
      assertThat(r.body())
          .as(bad.toString())
          .contains("environment." + bad.keySet().iterator().next());
    }
    assertThat(api.as(owner).get("projects/" + projectId + "/session_launchers").json().size())
        .isZero();
  }

  private static JsonNode buildLauncher(Api as, String projectId, String repository) {
    var r =
        as.post(
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
                    repository,
                    "builder_variant",
                    "python",
                    "frontend_variant",
                    "jupyterlab")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static JsonNode awaitFinished(Api as, String buildId) throws InterruptedException {
    Instant deadline = Instant.now().plus(BUILD_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      JsonNode b = as.get("builds/" + buildId).json();
      if (!"in_progress".equals(b.path("status").asString())) {
        return b;
      }
      Thread.sleep(200); // poll the condition: the build ends on its own
    }
    throw new AssertionError("build " + buildId + " still in progress after " + BUILD_DEADLINE);
  }

  /** A bare repository with one commit holding {@code files}; returns the commit's id. */
  static String makeRepo(Path bare, Map<String, String> files) throws Exception {
    Path work = Files.createTempDirectory("renku-build-repo");
    for (var f : files.entrySet()) {
      Files.writeString(work.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
    run(work, "git", "init", "-q", "-b", "main");
    run(work, "git", "add", ".");
    run(
        work,
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "commit",
        "-q",
        "-m",
        "first");
    run(work.getParent(), "git", "clone", "-q", "--bare", work.toString(), bare.toString());
    return run(work, "git", "rev-parse", "HEAD").strip();
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
