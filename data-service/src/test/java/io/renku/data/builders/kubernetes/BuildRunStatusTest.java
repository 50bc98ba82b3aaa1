package io.renku.data.builders.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.BuiltImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BuildRunStatus} on BuildRuns shaped like the ones Shipwright writes: the files under
 * {@code build/kubernetes/buildruns/} (each says which part of Shipwright's documentation its shape
 * comes from), some changed here in one field to reach the corners of the mapping.
 */
class BuildRunStatusTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSucceededRunGivesItsImageCommitAndTheFrontendsPreset() throws IOException {
    BuildState state = BuildRunStatus.of(buildRun("succeeded"));

    assertThat(state.status()).isEqualTo(BuildStatus.SUCCEEDED);
    BuiltImage image = state.result();
    assertThat(image.image())
        .isEqualTo("harbor.dev.renku.ch/renku-builds/renku-build:renku-01jmcagx9nfphatdd4ev99bmrq");
    assertThat(image.repositoryUrl())
        .isEqualTo("https://gitlab.example.org/alice/python-simple.git");
    assertThat(image.commitSha()).isEqualTo("f25822b85021d02059c9ac8a211ef3804ea8fdde");
    assertThat(image.completedAt()).isEqualTo(Instant.parse("2026-02-18T09:16:31Z"));
    // the original's BUILD_ENVIRONMENT_CONFIGS["jupyterlab"]
    assertThat(image.port()).isEqualTo(8888);
    assertThat(image.uid()).isEqualTo(1000);
    assertThat(image.gid()).isEqualTo(1000);
    assertThat(image.workingDirectory()).isEqualTo("/home/renku/work");
    assertThat(image.mountDirectory()).isEqualTo("/home/renku/work");
    assertThat(image.defaultUrl()).isEqualTo("/lab");
    assertThat(image.stripPathPrefix()).isFalse();
    assertThat(image.command()).isEmpty();
    assertThat(image.args()).isEmpty();
  }

  @Test
  void theCommitIsAlsoReadFromTheSourcesListOfShipwrightsDocs() throws IOException {
    ObjectNode run = buildRun("succeeded");
    ObjectNode status = (ObjectNode) run.get("status");
    status.remove("source");
    ArrayNode sources = status.putArray("sources");
    sources
        .addObject()
        .put("name", "default")
        .putObject("git")
        .put("commitSha", "0123456789abcdef0123456789abcdef01234567");

    assertThat(BuildRunStatus.of(run).result().commitSha())
        .isEqualTo("0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void eachFrontendGetsItsPreset() throws IOException {
    assertThat(succeededWith("rstudio").defaultUrl()).isEqualTo("/");
    assertThat(succeededWith("rstudio").stripPathPrefix()).isTrue();
    assertThat(succeededWith("vscodium").defaultUrl()).isEqualTo("/");
    assertThat(succeededWith("vscodium").stripPathPrefix()).isFalse();
    assertThat(succeededWith("ttyd").defaultUrl()).isEqualTo("/");
    assertThat(succeededWith("ttyd").port()).isEqualTo(8888);
  }

  @Test
  void aSucceededConditionWithoutCompletionTimeIsStillInProgress() throws IOException {
    ObjectNode run = buildRun("succeeded");
    ((ObjectNode) run.get("status")).remove("completionTime");

    assertThat(BuildRunStatus.of(run)).isEqualTo(BuildState.inProgress());
  }

  @Test
  void aRunThatHasNotFinishedIsInProgress() throws IOException {
    assertThat(BuildRunStatus.of(buildRun("pending"))).isEqualTo(BuildState.inProgress());
    assertThat(BuildRunStatus.of(buildRun("running"))).isEqualTo(BuildState.inProgress());

    // the cluster scales for the build pod: Shipwright says so and goes on waiting
    ObjectNode scaling = buildRun("running");
    condition(scaling)
        .put("reason", "ExceededNodeResources")
        .put("message", "TaskRun Pod exceeded available resources");
    assertThat(BuildRunStatus.of(scaling)).isEqualTo(BuildState.inProgress());
  }

  @Test
  void anUnknownConditionIsInProgressEvenWithACompletionTime() throws IOException {
    ObjectNode run = buildRun("running");
    ((ObjectNode) run.get("status")).put("completionTime", "2026-02-18T09:20:00Z");

    assertThat(BuildRunStatus.of(run)).isEqualTo(BuildState.inProgress());
  }

  @Test
  void aFailedRunSaysWhyInShipwrightsWords() throws IOException {
    assertThat(BuildRunStatus.of(buildRun("failed-git")))
        .isEqualTo(
            BuildState.failed(
                "GitRemoteRepositoryNotFound: The source repository does not exist, or you have"
                    + " insufficient permission to access it."));
    assertThat(BuildRunStatus.of(buildRun("timeout")))
        .isEqualTo(
            BuildState.failed(
                "BuildRunTimeout: BuildRun renku-01jmcagx9nfphatdd4ev99bmrq failed to finish"
                    + " within 1h0m0s"));
  }

  @Test
  void aCancelledRunIsCancelledFromTheRequestOn() throws IOException {
    assertThat(BuildRunStatus.of(buildRun("cancel-requested"))).isEqualTo(BuildState.cancelled());

    // once Shipwright has stopped it: False/BuildRunCanceled with a completion time
    ObjectNode stopped = buildRun("timeout");
    condition(stopped)
        .put("reason", "BuildRunCanceled")
        .put("message", "The BuildRun and underlying TaskRun were canceled successfully.");
    assertThat(BuildRunStatus.of(stopped)).isEqualTo(BuildState.cancelled());
  }

  @Test
  void aCancelThatCameAfterTheSuccessLeavesItSucceeded() throws IOException {
    ObjectNode run = buildRun("succeeded");
    ((ObjectNode) run.get("spec")).put("state", "BuildRunCanceled");

    assertThat(BuildRunStatus.of(run).status()).isEqualTo(BuildStatus.SUCCEEDED);
  }

  private static BuiltImage succeededWith(String frontend) throws IOException {
    ObjectNode run = buildRun("succeeded");
    ArrayNode params = (ArrayNode) run.get("spec").get("build").get("spec").get("paramValues");
    ((ObjectNode) params.get(0)).put("value", frontend);
    return BuildRunStatus.of(run).result();
  }

  private static ObjectNode condition(ObjectNode run) {
    return (ObjectNode) run.get("status").get("conditions").get(0);
  }

  static ObjectNode buildRun(String name) throws IOException {
    try (InputStream in =
        BuildRunStatusTest.class.getResourceAsStream(
            "/build/kubernetes/buildruns/" + name + ".yaml")) {
      assertThat(in).as("BuildRun file " + name).isNotNull();
      Map<?, ?> tree =
          YAML.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
      JsonNode node = JSON.readTree(JSON.writeValueAsString(tree));
      return (ObjectNode) node;
    }
  }
}
