package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests, limits and security contexts of the operator's own containers, the original's values.
 * Requests matter: a resource pool whose ResourceQuota requires them refuses a pod without them.
 */
final class SidecarResources {

  private SidecarResources() {}

  /**
   * The authproxy and oauth2-proxy: 16Mi and 20m requested, 16Mi memory limit. No CPU limit on
   * purpose: without one a sidecar may use spare CPU, and is only throttled relative to its request
   * when the node is busy.
   */
  static ResourceRequirements proxy() {
    return requirements("16Mi", "20m");
  }

  /**
   * The authproxy from {@code image}: {@link #proxy()} for the Go image, and 64Mi requested with a
   * 128Mi memory limit for ours, since a JVM cannot even start in 16Mi (the kernel counts the
   * mapped {@code libjvm.so} and module image against the container; decision 0022). About 27 MB
   * idle.
   */
  static ResourceRequirements authproxy(String image) {
    if (OperatorSettings.isGoSidecars(image)) {
      return proxy();
    }
    ResourceRequirements r = requirements("64Mi", "20m");
    r.getLimits().put("memory", new Quantity("128Mi"));
    return r;
  }

  /** The remote session controller and the tunnel: 64Mi and 100m, 64Mi memory limit. */
  static ResourceRequirements remote() {
    return requirements("64Mi", "100m");
  }

  private static ResourceRequirements requirements(String memory, String cpu) {
    Map<String, Quantity> requests = new TreeMap<>();
    requests.put("cpu", new Quantity(cpu));
    requests.put("memory", new Quantity(memory));
    return new ResourceRequirementsBuilder()
        .withRequests(requests)
        .withLimits(new TreeMap<>(Map.of("memory", new Quantity(memory))))
        .build();
  }

  /** No privilege escalation, not root, no capabilities. */
  static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /** {@link #restricted()} as uid and gid 1000 (the authproxy). */
  static SecurityContext restrictedAs1000() {
    return new SecurityContextBuilder(restricted())
        .withRunAsUser(1000L)
        .withRunAsGroup(1000L)
        .build();
  }
}
