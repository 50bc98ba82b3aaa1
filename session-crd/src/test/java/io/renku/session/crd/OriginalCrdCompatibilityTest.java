package io.renku.session.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the original's clients write must pass our CRD: every field of the original CRD exists in
 * ours with the same type, and the original data service's manifest passes a strict check.
 */
class OriginalCrdCompatibilityTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void everyFieldOfTheOriginalCrdIsInOursWithItsType() throws IOException {
    Map<String, Object> root = schema(Files.readString(generatedCrd()));
    List<String> missing = new ArrayList<>();
    for (String line : resource("/original-crd-fields.txt").lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 2);
      String path = parts[0];
      String type = parts.length > 1 ? parts[1].strip() : "";
      Map<String, Object> node = find(root, path);
      if (node == null) {
        missing.add(path + " (absent)");
      } else if (!type.isEmpty() && !type.equals(node.get("type"))) {
        missing.add(path + " (type " + node.get("type") + ", original " + type + ")");
      } else if (type.isEmpty() && !Boolean.TRUE.equals(node.get("x-kubernetes-int-or-string"))) {
        missing.add(path + " (not a quantity)");
      }
    }
    assertThat(missing)
        .as("fields of the original CRD that ours lacks or types differently")
        .isEmpty();
  }

  @Test
  void authenticationEnabledDefaultsToTrueAsInTheOriginal() throws IOException {
    Map<String, Object> enabled =
        find(schema(Files.readString(generatedCrd())), ".spec.authentication.enabled");
    assertThat(enabled).containsEntry("type", "boolean").containsEntry("default", true);
  }

  @Test
  void theOriginalDataServicesManifestPassesStrictValidation() throws IOException {
    String manifest = resource("/original-data-service-session.yaml");
    assertThat(CrdSchemaCheck.generated().problems(manifest)).isEmpty();

    AmaltheaSession session = serialization.unmarshal(manifest, AmaltheaSession.class);
    assertThat(session.getSpec().authentication().enabled()).isTrue();
    assertThat(session.getSpec().dataSources()).hasSize(1);
  }

  @Test
  void strictValidationRefusesWhatTheCrdDoesNotDeclare() throws IOException {
    String manifest =
        resource("/original-data-service-session.yaml")
            .replace("  hibernated: false", "  hibernated: false\n  futureField: 1")
            .replace("reconcileStrategy: whenFailedOrHibernated", "reconcileStrategy: sometimes")
            .replace("runAsUser: 1000\n    runAsGroup", "runAsUser: many\n    runAsGroup");
    assertThat(CrdSchemaCheck.generated().problems(manifest))
        .containsExactlyInAnyOrder(
            "spec.futureField: unknown field",
            "spec.reconcileStrategy: \"sometimes\" is not one of"
                + " [\"always\",\"never\",\"whenFailedOrHibernated\"]",
            "spec.session.runAsUser: must be an integer, got STRING");
  }

  @Test
  void disabledAuthenticationIsKeptAndTurnsAuthenticationOff() {
    String yaml =
        """
        apiVersion: amalthea.dev/v1alpha1
        kind: AmaltheaSession
        metadata: {name: s1}
        spec:
          hibernated: false
          session: {image: img}
          authentication:
            enabled: false
            type: token
            secretRef: {name: s1, key: auth}
        """;
    AmaltheaSession session = serialization.unmarshal(yaml, AmaltheaSession.class);
    assertThat(session.getSpec().authentication().enabled()).isFalse();
    assertThat(session.getSpec().isAuthenticated()).isFalse();
    assertThat(serialization.asJson(session)).contains("\"enabled\":false");
    assertThat(CrdSchemaCheck.generated().problems(yaml)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> schema(String crdYaml) {
    Map<String, Object> crd = serialization.unmarshal(crdYaml, Map.class);
    var versions =
        (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
    return (Map<String, Object>)
        ((Map<String, Object>) versions.getFirst().get("schema")).get("openAPIV3Schema");
  }

  /** The schema node at a path such as {@code .spec.codeRepositories[].remote}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> find(Map<String, Object> root, String path) {
    Map<String, Object> node = root;
    for (String segment : path.substring(1).split("\\.")) {
      boolean items = segment.endsWith("[]");
      String name = items ? segment.substring(0, segment.length() - 2) : segment;
      var props = (Map<String, Object>) node.get("properties");
      node = props == null ? null : (Map<String, Object>) props.get(name);
      if (node != null && items) {
        node = (Map<String, Object>) node.get("items");
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static Path generatedCrd() {
    return Path.of(System.getProperty("renku.crd.generated"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OriginalCrdCompatibilityTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
