package io.renku.data.builders.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.data.build.BuildRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BuildRuns {@link BuildRunManifest} writes equal the ones written down in {@code
 * build/kubernetes/golden/<case>.yaml} from the original's code (each file says where from and
 * where it differs on purpose). The comparison is of JSON trees, so key order does not matter but
 * every field, value and list order does.
 */
class BuildRunManifestTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  static final ShipwrightSettings.Toleration BUILD_NODE_TAINT =
      new ShipwrightSettings.Toleration(
          "renku.io/dedicated", "Equal", "image-build", "NoSchedule", null);

  /** Settings with everything changed from the defaults, and an arm64 override. */
  static ShipwrightSettings customised() {
    return new ShipwrightSettings(
        "builds",
        null,
        null,
        "registry.internal:5000/renku/",
        "registry.example.org/buildpacks/selector:1.0",
        "registry.example.org/buildpacks/run-image:1.0",
        null,
        "build-push",
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Map.of("renku.io/node-purpose", "image-build"),
        List.of(BUILD_NODE_TAINT),
        Map.of(
            "linux/arm64",
            new ShipwrightSettings.PlatformOverride(
                "registry.example.org/buildpacks/selector:1.0-arm64",
                "registry.example.org/buildpacks/run-image:1.0-arm64",
                "renku-buildpacks-arm64",
                Map.of("kubernetes.io/arch", "arm64"),
                List.of(
                    new ShipwrightSettings.Toleration("arch", "Exists", null, "NoExecute", 60L)))),
        "registry.internal:5000");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "defaults",
            ShipwrightSettings.defaults("renku"),
            new BuildRequest(
                "01JMCAGX9NFPHATDD4EV99BMRQ",
                "https://gitlab.example.org/alice/python-simple.git",
                "main",
                "env",
                "python",
                "jupyterlab",
                null,
                Map.of(
                    "environment_id", "01JMCAEVYQ2KFGHYQ6T5F4N7ZB",
                    "launcher_id", "01JMCAF3S0ZJ0XW8Y4YV2R8H9D",
                    "project_id", "01JMCA9C3D5E6F7G8H9J0K1M2N",
                    "user_id", "5e0bb3b6-8bd2-4f35-9a59-8b1b2c4ae1f2"))),
        Arguments.of(
            "build-nodes",
            customised(),
            new BuildRequest(
                "01JN0000000000000000000001",
                "https://github.com/example/analysis",
                null,
                null,
                "python",
                "vscodium",
                "linux/amd64",
                Map.of("environment_id", "01JN00000000000000000000E1", "user_id", "bob"))),
        Arguments.of(
            "arm64-override",
            customised(),
            new BuildRequest(
                "01JN0000000000000000000002",
                "https://github.com/example/r-analysis",
                "3f2a9c1",
                null,
                "r",
                "rstudio",
                "linux/arm64",
                Map.of(
                    "environment_id", "01JN00000000000000000000E2",
                    "launcher_id", "01JN00000000000000000000L2",
                    "project_id", "01JN00000000000000000000P2",
                    "user_id", "bob"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theBuildRunIsTheOriginals(String name, ShipwrightSettings settings, BuildRequest request)
      throws IOException {
    String platform = BuildVariants.check(request);
    JsonNode actual = normalized(BuildRunManifest.of(request, settings, platform));
    JsonNode expected = normalized(YAML.unmarshal(golden(name), Map.class));
    assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aVariantThisBuilderCannotBuildIsRefusedByName() {
    assertThatThrownBy(() -> BuildVariants.check(request("java", "jupyterlab", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("builder_variant")
        .hasMessageContaining("java");
    assertThatThrownBy(() -> BuildVariants.check(request("python", "emacs", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frontend_variant")
        .hasMessageContaining("emacs");
    assertThatThrownBy(() -> BuildVariants.check(request("r", "jupyterlab", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'r'")
        .hasMessageContaining("'jupyterlab'");
    assertThatThrownBy(() -> BuildVariants.check(request("python", "jupyterlab", "linux/s390x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linux/s390x");
    assertThat(BuildVariants.check(request("python", "ttyd", null))).isEqualTo("linux/amd64");
  }

  @Test
  void anOutputPrefixWithoutItsSlashIsRefused() {
    assertThatThrownBy(
            () ->
                new ShipwrightSettings(
                    "renku",
                    null,
                    null,
                    "harbor.example.org/renku-builds",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output-image-prefix");
  }

  static BuildRequest request(String builder, String frontend, String platform) {
    return new BuildRequest(
        "01JN0000000000000000000009",
        "https://github.com/example/analysis",
        null,
        null,
        builder,
        frontend,
        platform,
        Map.of("environment_id", "e", "user_id", "u"));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in =
        BuildRunManifestTest.class.getResourceAsStream(
            "/build/kubernetes/golden/" + name + ".yaml")) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Through JSON text, so that both sides hold the same node types for the same numbers. */
  private static JsonNode normalized(Object tree) throws IOException {
    return JSON.readTree(JSON.writeValueAsString(tree));
  }
}
