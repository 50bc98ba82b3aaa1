package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failures reported in the status of a session's claims, Service and Ingress, as the original's
 * {@code pvcFailureReason}, {@code serviceFailureReason} and {@code ingressFailureReason}: an
 * infeasible resize or a failed resize condition of an unbound claim, or a port error of a load
 * balancer.
 */
final class ChildFailures {

  private ChildFailures() {}

  /** The first failure, checked in the original's order (claim, data claims, Service, Ingress). */
  static Optional<String> of(
      PersistentVolumeClaim pvc,
      List<PersistentVolumeClaim> dataSourceClaims,
      Service service,
      Ingress ingress) {
    Optional<String> failure = pvc(pvc);
    for (var claim : dataSourceClaims) {
      if (failure.isPresent()) {
        return failure;
      }
      failure = pvc(claim);
    }
    return failure.or(() -> service(service)).or(() -> ingress(ingress));
  }

  static Optional<String> pvc(PersistentVolumeClaim pvc) {
    if (pvc == null
        || pvc.getMetadata().getDeletionTimestamp() != null
        || pvc.getStatus() == null) {
      return Optional.empty();
    }
    var status = pvc.getStatus();
    if ("Bound".equals(status.getPhase())) {
      return Optional.empty();
    }
    Map<String, String> allocation = status.getAllocatedResourceStatuses();
    if (allocation != null) {
      for (var e : allocation.entrySet()) {
        if ("NodeResizeInfeasible".equals(e.getValue())
            || "ControllerResizeInfeasible".equals(e.getValue())) {
          return Optional.of(
              "the PVC \""
                  + pvc.getMetadata().getName()
                  + "\" failed with status \""
                  + e.getValue()
                  + "\" for resource "
                  + e.getKey());
        }
      }
    }
    if (status.getConditions() != null) {
      for (var c : status.getConditions()) {
        if (("Resizing".equals(c.getType()) || "FileSystemResizePending".equals(c.getType()))
            && "False".equals(c.getStatus())) {
          return Optional.ofNullable(c.getMessage()).filter(m -> !m.isEmpty());
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> service(Service service) {
    if (service == null
        || service.getMetadata().getDeletionTimestamp() != null
        || service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .flatMap(
            i -> i.getPorts() == null ? java.util.stream.Stream.empty() : i.getPorts().stream())
        .map(p -> p.getError())
        .filter(e -> e != null)
        .findFirst();
  }

  static Optional<String> ingress(Ingress ingress) {
    if (ingress == null
        || ingress.getMetadata().getDeletionTimestamp() != null
        || ingress.getStatus() == null
        || ingress.getStatus().getLoadBalancer() == null
        || ingress.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return ingress.getStatus().getLoadBalancer().getIngress().stream()
        .flatMap(
            i -> i.getPorts() == null ? java.util.stream.Stream.empty() : i.getPorts().stream())
        .map(p -> p.getError())
        .filter(e -> e != null)
        .findFirst();
  }
}
