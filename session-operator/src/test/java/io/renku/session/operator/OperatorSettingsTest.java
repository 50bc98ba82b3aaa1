package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.session.crd.ReconcileStrategy;
import io.renku.session.crd.SessionSecretKeyRef;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaults() {
    var s = OperatorSettings.fromEnv(Map.of());
    assertThat(s.namespace()).isNull();
    assertThat(s.clusterScoped()).isFalse();
    assertThat(s.requeueInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.idleGracePeriod()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.failedSchedulingTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.oauth2ProxyImage()).isEqualTo(OperatorSettings.DEFAULT_OAUTH2_PROXY_IMAGE);
  }

  @Test
  void fromEnvironment() {
    var s =
        OperatorSettings.fromEnv(
            Map.of(
                "RELEASE_NAMESPACE", "renku",
                "CLUSTER_SCOPED", "true",
                "HTTPS_SESSION_INGRESS", "true",
                "SIDECARS_IMAGE", "renku/sidecars:0.5.0",
                "REQUEUE_INTERVAL", "30s",
                "RECONCILE_THREADS", "8"));
    assertThat(s.namespace()).isEqualTo("renku");
    assertThat(s.clusterScoped()).isTrue();
    assertThat(s.httpsSessionIngress()).isTrue();
    assertThat(s.sidecarsImage()).isEqualTo("renku/sidecars:0.5.0");
    assertThat(s.requeueInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.reconcileThreads()).isEqualTo(8);
  }

  @Test
  void rejectsBadDurations() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("REQUEUE_INTERVAL", "0s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REQUEUE_INTERVAL");
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("REQUEUE_INTERVAL", "soon")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reconcileStrategies() {
    assertThat(AmaltheaSessionReconciler.fullUpdateAllowed(null, SessionState.RUNNING)).isTrue();
    assertThat(
            AmaltheaSessionReconciler.fullUpdateAllowed(
                ReconcileStrategy.NEVER, SessionState.FAILED))
        .isFalse();
    assertThat(
            AmaltheaSessionReconciler.fullUpdateAllowed(
                ReconcileStrategy.WHEN_FAILED_OR_HIBERNATED, SessionState.RUNNING))
        .isFalse();
    assertThat(
            AmaltheaSessionReconciler.fullUpdateAllowed(
                ReconcileStrategy.WHEN_FAILED_OR_HIBERNATED, SessionState.HIBERNATED))
        .isTrue();
  }

  @Test
  void adoptedSecretsAreCollected() {
    var spec =
        Sessions.spec("s1")
            .imagePullSecrets(
                java.util.List.of(
                    new SessionSecretRef("pull", null, true),
                    new SessionSecretRef("shared", null, false)))
            .codeRepositories(
                java.util.List.of(
                    new io.renku.session.crd.CodeRepository(
                        null,
                        null,
                        "https://x",
                        null,
                        new SessionSecretKeyRef("clone", "k", true),
                        null)))
            .build();
    assertThat(AmaltheaSessionReconciler.adoptedSecrets(spec))
        .containsExactlyInAnyOrder("s1", "pull", "clone");
  }
}
