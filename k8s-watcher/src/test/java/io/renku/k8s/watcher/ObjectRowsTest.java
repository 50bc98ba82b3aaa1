package io.renku.k8s.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectRowsTest {

  private final ObjectRows rows = new ObjectRows("c1", new KubernetesSerialization());

  @Test
  void turnsAnInformersObjectIntoARowWithoutChangingIt() {
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
            .withAnnotations(Map.of("renku.io/project_id", "P1", "renku.io/launcher_id", "L1"))
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("session", Map.of("image", "jupyter"))))
            .build();

    CachedObject row = rows.toCached(ResourceKind.AMALTHEA_SESSION, session);

    assertThat(row.cluster()).isEqualTo("c1");
    assertThat(row.userId()).isEqualTo("user-1");
    assertThat(row.projectId()).isEqualTo("P1");
    assertThat(row.launcherId()).isEqualTo("L1");
    assertThat(row.manifest()).contains("\"image\":\"jupyter\"").doesNotContain("kubectl");
    // the informer's object is shared: it must not be changed
    assertThat(session.getMetadata().getManagedFields()).hasSize(1);
  }

  @Test
  void ownsTaskRunsByTheFixedUser() {
    GenericKubernetesResource taskRun =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("tekton.dev/v1")
            .withKind("TaskRun")
            .withNewMetadata()
            .withName("renku-b1-abcde")
            .withNamespace("renku")
            .withResourceVersion("3")
            .withLabels(Map.of("buildrun.shipwright.io/name", "renku-b1"))
            .endMetadata()
            .build();

    assertThat(rows.toCached(ResourceKind.TASK_RUN, taskRun).userId())
        .isEqualTo("DummyTaskRunUser");
  }
}
