package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.renku.session.crd.AmaltheaSession;
import java.math.BigDecimal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original's idleness: the {@code amalthea-session} container's CPU usage from {@code
 * metrics.k8s.io} is below {@code spec.culling.cpuIdleThreshold} (default {@code 300m}). Needs
 * metrics-server and RBAC to read {@code pods} in {@code metrics.k8s.io}.
 */
public final class MetricsIdleProbe implements IdleProbe {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsIdleProbe.class);
  static final Quantity DEFAULT_THRESHOLD = new Quantity("300m");

  private final KubernetesClient client;

  public MetricsIdleProbe(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Boolean> isIdle(AmaltheaSession session, Pod pod) {
    PodMetrics metrics;
    try {
      metrics =
          client
              .top()
              .pods()
              .metrics(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    } catch (KubernetesClientException e) {
      LOG.debug("no metrics for pod {}: {}", pod.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
    if (metrics == null || metrics.getContainers() == null) {
      return Optional.empty();
    }
    return metrics.getContainers().stream()
        .filter(c -> DesiredChildren.SESSION_CONTAINER.equals(c.getName()))
        .map(ContainerMetrics::getUsage)
        .filter(usage -> usage != null && usage.get("cpu") != null)
        .map(usage -> isBelow(usage.get("cpu"), threshold(session)))
        .findFirst();
  }

  static boolean isBelow(Quantity usage, Quantity threshold) {
    BigDecimal used = usage.getNumericalAmount();
    return used.compareTo(threshold.getNumericalAmount()) < 0;
  }

  private static Quantity threshold(AmaltheaSession session) {
    var culling = session.getSpec().culling();
    return culling == null || culling.cpuIdleThreshold() == null
        ? DEFAULT_THRESHOLD
        : culling.cpuIdleThreshold();
  }
}
