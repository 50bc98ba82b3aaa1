package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.Culling;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default idle probe reading {@code metrics.k8s.io} from the mock server. */
@EnableKubernetesMockClient(crud = true)
class MetricsIdleProbeTest {

  KubernetesClient client;

  private static PodMetrics metrics(String cpu) {
    return new PodMetricsBuilder()
        .withNewMetadata()
        .withName(DesiredChildren.podName("s1"))
        .withNamespace("test")
        .endMetadata()
        .addNewContainer()
        .withName("authproxy")
        .withUsage(Map.of("cpu", new Quantity("900m")))
        .endContainer()
        .addNewContainer()
        .withName(DesiredChildren.SESSION_CONTAINER)
        .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("200Mi")))
        .endContainer()
        .build();
  }

  private AmaltheaSession session(String threshold) {
    var culling =
        threshold == null
            ? null
            : new Culling(null, null, null, null, null, null, new Quantity(threshold));
    return Sessions.session("s1", Sessions.spec("s1").culling(culling).build());
  }

  @Test
  void sessionContainerBelowTheThresholdIsIdle() {
    client.resource(metrics("120m")).create();
    var probe = new MetricsIdleProbe(client);
    assertThat(probe.isIdle(session(null), Pods.running("s1", java.time.Instant.now())))
        .contains(true);
    assertThat(probe.isIdle(session("100m"), Pods.running("s1", java.time.Instant.now())))
        .contains(false);
  }

  @Test
  void busySessionIsNotIdle() {
    client.resource(metrics("1500m")).create();
    assertThat(
            new MetricsIdleProbe(client)
                .isIdle(session(null), Pods.running("s1", java.time.Instant.now())))
        .contains(false);
  }

  @Test
  void noMetricsIsUnknown() {
    assertThat(
            new MetricsIdleProbe(client)
                .isIdle(session(null), Pods.running("s1", java.time.Instant.now())))
        .isEmpty();
  }

  @Test
  void quantitiesCompareAcrossUnits() {
    assertThat(MetricsIdleProbe.isBelow(new Quantity("299m"), new Quantity("0.3"))).isTrue();
    assertThat(MetricsIdleProbe.isBelow(new Quantity("1"), new Quantity("300m"))).isFalse();
    assertThat(MetricsIdleProbe.isBelow(new Quantity("150000000n"), new Quantity("300m"))).isTrue();
  }
}
