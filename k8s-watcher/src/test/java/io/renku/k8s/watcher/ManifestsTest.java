package io.renku.k8s.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  private final Manifests manifests = new Manifests("c1", new KubernetesSerialization());

  @Test
  void takesOwnerProjectAndLauncherFromLabelsAndAnnotations() {
    GenericKubernetesResource session =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("amalthea.dev/v1alpha1")
            .withKind("AmaltheaSession")
            .withNewMetadata()
            .withName("s1")
            .withNamespace("renku")
            .withUid("u-1")
            .withResourceVersion("42")
            .withLabels(Map.of("renku.io/safe-username", "user-1"))
            .withAnnotations(
                Map.of("renku.io/project_id", "P1", "renku.io/launcher_id", "L1", "other", "x"))
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("session", Map.of("image", "jupyter"))))
            .build();

    CachedObject row = manifests.toCached(ResourceKind.AMALTHEA_SESSION, session);

    assertThat(row)
        .usingRecursiveComparison()
        .ignoringFields("manifest")
        .isEqualTo(
            new CachedObject(
                "c1",
                "amalthea.dev",
                "v1alpha1",
                "AmaltheaSession",
                "renku",
                "s1",
                "u-1",
                "42",
                "user-1",
                "P1",
                "L1",
                ""));
    assertThat(row.manifest())
        .contains("\"image\":\"jupyter\"")
        .contains("\"other\":\"x\"")
        .doesNotContain("managedFields")
        .doesNotContain("kubectl");
    // the informer's object is shared: it must not be changed
    assertThat(session.getMetadata().getManagedFields()).hasSize(1);
  }

  @Test
  void leavesMissingValuesEmpty() {
    GenericKubernetesResource build =
        new GenericKubernetesResourceBuilder()
            .withNewMetadata()
            .withName("b1")
            .withNamespace("renku")
            .withResourceVersion("1")
            .endMetadata()
            .build();

    CachedObject row = manifests.toCached(ResourceKind.BUILD_RUN, build);

    assertThat(row.userId()).isNull();
    assertThat(row.projectId()).isNull();
    assertThat(row.launcherId()).isNull();
    assertThat(row.kind()).isEqualTo("BuildRun");
  }

  @Test
  void rejectsObjectsWithoutResourceVersion() {
    GenericKubernetesResource broken =
        new GenericKubernetesResourceBuilder()
            .withNewMetadata()
            .withName("x")
            .endMetadata()
            .build();

    assertThatThrownBy(() -> manifests.toCached(ResourceKind.AMALTHEA_SESSION, broken))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesResourceKinds() {
    assertThat(ResourceKind.parse("amalthea.dev/v1alpha1/AmaltheaSession"))
        .isEqualTo(ResourceKind.AMALTHEA_SESSION);
    assertThat(ResourceKind.parse(" shipwright.io/v1beta1/BuildRun "))
        .isEqualTo(ResourceKind.BUILD_RUN);
    assertThat(ResourceKind.parse("example.org/v1/Policy/policies").plural()).isEqualTo("policies");
    assertThat(ResourceKind.parse("/v1/ConfigMap").apiVersion()).isEqualTo("v1");
    assertThatThrownBy(() -> ResourceKind.parse("AmaltheaSession"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceKind.parse("a/b/c/d/e"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
