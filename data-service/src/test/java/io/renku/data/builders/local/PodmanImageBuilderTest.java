package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.BuiltImage;
import io.renku.data.session.runtime.container.Podman;
import io.renku.data.session.runtime.container.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The local image builder with real podman, a real registry and real git over HTTP: a small Python
 * repository builds into an image in the registry whose dependencies import, and each way a build
 * ends otherwise (no such repository, no such revision, a dependency that does not install, conda,
 * a cancel) ends in its status with a readable reason and logs, leaving no container behind.
 */
class PodmanImageBuilderTest {
  private static final Duration BUILD = Duration.ofMinutes(4);
  private final TestBuilds t = TestBuilds.get();

  @Test
  void aPythonRepositoryBuildsIntoAnImageInTheRegistryWhoseDependenciesImport() throws Exception {
    String url =
        t.repository(
            "renku-test-build-python",
            Map.of(
                "apt.txt", "# Debian packages\npython3-six\n",
                "requirements.txt", "toolz>=0.9  # offline: Debian's python3-toolz\n",
                "analysis.py", "import six, toolz\n"));
    String id = TestBuilds.buildId();
    Set<String> before = TestBuilds.containers();

    t.builder.start(TestBuilds.request(id, url, "main"));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status())
        .as("%s %s", state.errorReason(), t.builder.logs(id, 30))
        .isEqualTo(BuildStatus.SUCCEEDED);
    BuiltImage image = state.result();
    String tag = "renku-" + id.toLowerCase();
    assertThat(image.image()).isEqualTo(t.registry.address() + "/renku-build:" + tag);
    assertThat(image.commitSha()).isEqualTo(t.head("renku-test-build-python"));
    assertThat(image.repositoryUrl()).isEqualTo(url);
    assertThat(image.port()).isEqualTo(8888);
    assertThat(image.uid()).isEqualTo(1000);
    assertThat(image.gid()).isEqualTo(1000);
    assertThat(image.workingDirectory()).isEqualTo("/home/renku/work");
    assertThat(image.mountDirectory()).isEqualTo("/home/renku/work");
    assertThat(image.command()).containsExactly("/usr/bin/jupyter-notebook");
    assertThat(image.args()).contains("--NotebookApp.base_url=$(RENKU_BASE_URL_PATH)");

    // the registry has it
    HttpResponse<String> tags =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + t.registry.address() + "/v2/renku-build/tags/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(tags.statusCode()).isEqualTo(200);
    assertThat(tags.body()).contains("\"" + tag + "\"");

    // pulled back from the registry (not the copy podman kept), it runs as renku with both imports
    Podman podman = TestEngine.podman();
    assertThat(podman.exec(List.of("rmi", image.image()), Duration.ofSeconds(60)).ok()).isTrue();
    Podman.Result pulled =
        podman.exec(
            List.of("pull", "--quiet", "--tls-verify=false", image.image()), Duration.ofMinutes(2));
    assertThat(pulled.ok()).as(pulled.stderr()).isTrue();
    Podman.Result ran =
        TestEngine.run(
            List.of(
                "--name",
                "renku-test-build-run-" + id.toLowerCase(),
                image.image(),
                "python3",
                "-c",
                "import os, six, toolz; print('imported', os.getuid())"));
    assertThat(ran.ok()).as(ran.stderr()).isTrue();
    assertThat(ran.stdout()).contains("imported 1000");

    Map<String, String> logs = t.builder.logs(id, 500);
    assertThat(logs.keySet()).containsExactly("clone", "build", "push");
    assertThat(logs.get("clone")).contains(image.commitSha());
    assertThat(logs.get("build"))
        .contains("PyPI is not reachable")
        .contains("toolz -> python3-toolz");
    assertThat(logs.get("push")).contains("Pushed " + image.image());
    assertThat(t.builder.logs(id, 1).get("build").lines()).hasSize(1);
    assertThat(TestBuilds.leftSince(before)).isEmpty();
  }

  @Test
  void aPyprojectProjectIsInstalledOfflineWithItsDependenciesFromDebian() {
    String url =
        t.repository(
            "renku-test-build-pyproject",
            Map.of(
                "pyproject.toml",
                """
                [build-system]
                requires = ["setuptools"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "renku-test-analysis"
                version = "0.1.0"
                dependencies = ["toolz>=0.9"]
                """,
                "renku_test_analysis/__init__.py",
                "VALUE = 42\n"));
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status())
        .as("%s %s", state.errorReason(), t.builder.logs(id, 40))
        .isEqualTo(BuildStatus.SUCCEEDED);
    Podman.Result ran =
        TestEngine.run(
            List.of(
                "--name",
                "renku-test-build-run-" + id.toLowerCase(),
                state.result().image(),
                "python3",
                "-c",
                "import renku_test_analysis, toolz; print('value', renku_test_analysis.VALUE)"));
    assertThat(ran.ok()).as(ran.stderr()).isTrue();
    assertThat(ran.stdout()).contains("value 42");
  }

  @Test
  void aRepositoryThatDoesNotExistFailsWithAReadableReason() {
    String url = t.git.url("renku-test-build-nothing-here.git");
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(state.errorReason()).startsWith("The repository " + url + " could not be cloned: ");
    assertThat(t.builder.logs(id, 50).get("clone")).contains("Cloning " + url);
  }

  @Test
  void aRevisionThatDoesNotExistFailsWithAReadableReason() {
    String url = t.repository("renku-test-build-norev", Map.of("apt.txt", "python3-six\n"));
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, "no-such-branch"));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(state.errorReason())
        .isEqualTo("The revision no-such-branch does not exist in " + url + ".");
    assertThat(t.builder.logs(id, 50)).containsKey("clone");
  }

  @Test
  void theContextDirectoryIsWhereTheDependenciesAre() {
    String url =
        t.repository(
            "renku-test-build-context",
            Map.of("env/apt.txt", "python3-six\n", "apt.txt", "renku-test-no-such-package\n"));
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, null, "env"));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status()).as("%s", state.errorReason()).isEqualTo(BuildStatus.SUCCEEDED);
  }

  @Test
  void aContextDirectoryOutsideTheRepositoryOrMissingFails() {
    String url =
        t.repository(
            "renku-test-build-context-out", Map.of("etc", "-> /etc", "apt.txt", "python3-six\n"));
    for (String dir : List.of("etc", "../..", "missing")) {
      String id = TestBuilds.buildId();
      t.builder.start(TestBuilds.request(id, url, null, dir));
      BuildState state = t.await(id, BUILD);
      assertThat(state.status()).as(dir).isEqualTo(BuildStatus.FAILED);
      assertThat(state.errorReason())
          .as(dir)
          .matches("The directory .* (does not exist in|is not inside) .*");
      assertThat(t.builder.logs(id, 100).toString()).doesNotContain("root:");
    }
  }

  @Test
  void aDependencyThatCannotBeInstalledFailsTheBuildAndLeavesNoContainer() {
    String url =
        t.repository("renku-test-build-nopkg", Map.of("apt.txt", "renku-test-no-such-package\n"));
    String id = TestBuilds.buildId();
    Set<String> before = TestBuilds.containers();

    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(state.errorReason())
        .startsWith("The image could not be built: ")
        .contains("Unable to locate package renku-test-no-such-package");
    assertThat(t.builder.logs(id, 200).get("build")).contains("renku-test-no-such-package");
    assertThat(TestBuilds.leftSince(before)).isEmpty();
  }

  @Test
  void aRequirementDebianDoesNotPackageFailsClearlyOffline() {
    String url =
        t.repository(
            "renku-test-build-noreq",
            Map.of("requirements.txt", "renku-test-not-on-debian==1.0\n"));
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, BUILD);

    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(state.errorReason())
        .contains("no Debian package for some requirement")
        .contains("python3-renku-test-not-on-debian");
  }

  @Test
  void aCondaEnvironmentFailsClearlyWhereCondaIsNotReachable() {
    String url =
        t.repository(
            "renku-test-build-conda",
            Map.of("environment.yml", "name: x\ndependencies:\n  - python=3.11\n  - numpy\n"));
    String id = TestBuilds.buildId();

    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, Duration.ofSeconds(60));

    assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(state.errorReason()).contains("conda");
    assertThat(state.errorReason()).contains("requirements.txt");
  }

  @Test
  void aCancelledBuildStopsAndLeavesNoContainer() {
    // a requirements.txt no build has seen: its install step is not in podman's layer cache
    String url =
        t.repository(
            "renku-test-build-cancel",
            Map.of("requirements.txt", "# " + System.nanoTime() + "\ntabulate\n"));
    String id = TestBuilds.buildId();
    Set<String> before = TestBuilds.containers();

    t.builder.start(TestBuilds.request(id, url, null));
    // cancel while the install step runs in its container
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!t.builder.logs(id, 500).getOrDefault("build", "").contains("RUN python3 ")) {
      assertThat(System.nanoTime()).as("the build reaches its RUN step").isLessThan(deadline);
      assertThat(t.builder.state(id).orElseThrow().status()).isEqualTo(BuildStatus.IN_PROGRESS);
      TestBuilds.sleep(20);
    }
    t.builder.cancel(id);

    BuildState state = t.builder.state(id).orElseThrow();
    assertThat(state.status()).isEqualTo(BuildStatus.CANCELLED);
    assertThat(state.errorReason()).isEqualTo("The build was cancelled.");
    assertThat(TestBuilds.leftSince(before)).isEmpty();
    assertThat(t.builder.logs(id, 50)).containsKeys("clone", "build");
    // it stays cancelled, and a second cancel changes nothing
    TestBuilds.sleep(500);
    t.builder.cancel(id);
    assertThat(t.builder.state(id).orElseThrow().status()).isEqualTo(BuildStatus.CANCELLED);
  }

  @Test
  void requestsThisMachineCannotBuildAreRefusedAtStart() {
    String url = "http://127.0.0.1:9/x.git";
    assertThatThrownBy(
            () ->
                t.builder.start(
                    new BuildRequest(
                        TestBuilds.buildId(),
                        url,
                        null,
                        null,
                        "python",
                        "vscodium",
                        null,
                        Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vscodium");
    assertThatThrownBy(
            () ->
                t.builder.start(
                    new BuildRequest(
                        TestBuilds.buildId(), url, null, null, "r", "jupyterlab", null, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'r'");
    assertThatThrownBy(
            () ->
                t.builder.start(
                    new BuildRequest(
                        TestBuilds.buildId(),
                        url,
                        null,
                        null,
                        "python",
                        "jupyterlab",
                        "linux/arm64",
                        Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linux/arm64");
    assertThat(t.builder.frontendVariants()).containsExactly("jupyterlab");
    assertThat(t.builder.builderVariants()).containsExactly("python");
  }

  @Test
  void unknownBuildsHaveNoStateNoLogsAndNothingToCancel() {
    assertThat(t.builder.state("01UNKNOWN")).isEmpty();
    assertThat(t.builder.logs("01UNKNOWN", 10)).isEmpty();
    t.builder.cancel("01UNKNOWN");
  }
}
