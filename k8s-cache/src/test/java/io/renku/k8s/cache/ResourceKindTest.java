package io.renku.k8s.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceKindTest {

  @Test
  void parsesResourceKinds() {
    assertThat(ResourceKind.parse("amalthea.dev/v1alpha1/AmaltheaSession"))
        .isEqualTo(ResourceKind.AMALTHEA_SESSION);
    assertThat(ResourceKind.parse(" shipwright.io/v1beta1/BuildRun "))
        .isEqualTo(ResourceKind.BUILD_RUN);
    assertThat(ResourceKind.parse("tekton.dev/v1/TaskRun")).isEqualTo(ResourceKind.TASK_RUN);
    assertThat(ResourceKind.parse("example.org/v1/Policy/policies").plural()).isEqualTo("policies");
    assertThat(ResourceKind.parse("/v1/ConfigMap").apiVersion()).isEqualTo("v1");
    assertThatThrownBy(() -> ResourceKind.parse("AmaltheaSession"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceKind.parse("a/b/c/d/e"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void knowsTheBuildKindsWithTheirPlurals() {
    assertThat(ResourceKind.BUILD_KINDS)
        .extracting(ResourceKind::toString, ResourceKind::plural)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shipwright.io/v1beta1 BuildRun", "buildruns"),
            org.assertj.core.groups.Tuple.tuple("tekton.dev/v1 TaskRun", "taskruns"));
  }

  @Test
  void sameKindIgnoresVersionAndPlural() {
    assertThat(ResourceKind.TASK_RUN.sameKind(ResourceKind.parse("tekton.dev/v1beta1/TaskRun")))
        .isTrue();
    assertThat(ResourceKind.TASK_RUN.sameKind(ResourceKind.parse("other.dev/v1/TaskRun")))
        .isFalse();
    assertThat(ResourceKind.TASK_RUN.sameKind(ResourceKind.BUILD_RUN)).isFalse();
  }
}
