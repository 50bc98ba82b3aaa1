package io.renku.data.reservation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.renku.data.crc.ResourceClass;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The placeholder pods of capacity reservations on the cluster, as the original keeps them: one
 * Deployment per reservation, labelled {@code app=capacity-placeholder}, whose pods request what a
 * session of the class requests and only sleep, so that the cluster keeps (or scales up to) room
 * for that many sessions; with a low priority class the scheduler evicts them for real sessions.
 */
public class PlaceholderDeployments {
  static final String APP_LABEL = "capacity-placeholder";
  static final String RESERVATION_LABEL = "renku.io/capacity-reservation-id";

  /** The default image: it does nothing, which is all a placeholder has to do. */
  static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

  private final KubernetesClient client;
  private final String namespace;
  private final String priorityClass;
  private final String image;

  public PlaceholderDeployments(
      KubernetesClient client, String namespace, String priorityClass, String image) {
    this.client = client;
    this.namespace = namespace;
    this.image = image == null || image.isBlank() ? PAUSE_IMAGE : image;
    this.priorityClass = priorityClass == null || priorityClass.isBlank() ? null : priorityClass;
  }

  /** {@code cr-<name>-<id>-<class>}, a valid DNS label as the original's names. */
  static String nameOf(CapacityReservation r) {
    String safe =
        r.name()
            .toLowerCase(Locale.ROOT)
            .replace(' ', '-')
            .replace('_', '-')
            .replaceAll("[^a-z0-9-]", "")
            .replaceAll("^-+|-+$", "");
    if (safe.isEmpty()) {
      safe = "reservation";
    }
    safe = safe.substring(0, Math.min(26, safe.length())).replaceAll("-+$", "");
    return "cr-"
        + safe
        + "-"
        + r.id().substring(r.id().length() - 8).toLowerCase(Locale.ROOT)
        + "-"
        + r.resourceClassId();
  }

  /** Creates or updates the reservation's Deployment with {@code replicas} placeholders. */
  public void apply(CapacityReservation r, ResourceClass cls, int replicas) {
    Map<String, Quantity> requests = new HashMap<>();
    requests.put("cpu", new Quantity(String.valueOf(cls.cpu())));
    requests.put("memory", new Quantity(cls.memory() + "Gi"));
    if (cls.gpu() > 0) {
      requests.put("nvidia.com/gpu", new Quantity(String.valueOf(cls.gpu())));
    }
    Map<String, String> labels =
        Map.of(
            "app",
            APP_LABEL,
            RESERVATION_LABEL,
            r.id(),
            "renku.io/resource_class_id",
            String.valueOf(cls.id()));
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(nameOf(r))
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(Map.of("app", APP_LABEL, RESERVATION_LABEL, r.id()))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withPriorityClassName(priorityClass)
            .withTerminationGracePeriodSeconds(0L)
            .addNewContainer()
            .withName("placeholder")
            .withImage(image)
            .withNewResources()
            .withRequests(requests)
            .withLimits(
                cls.gpu() > 0
                    ? Map.of("nvidia.com/gpu", new Quantity(String.valueOf(cls.gpu())))
                    : Map.of())
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(namespace).resource(d).createOr(x -> x.update());
  }

  /** Deletes the placeholders of every reservation not in {@code keep}. */
  public void retainOnly(Set<String> keep) {
    for (Deployment d : list()) {
      String id = d.getMetadata().getLabels().get(RESERVATION_LABEL);
      if (!keep.contains(id)) {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(d.getMetadata().getName())
            .delete();
      }
    }
  }

  public List<Deployment> list() {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withLabel("app", APP_LABEL)
        .list()
        .getItems();
  }
}
