package io.renku.k8s.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/** Turns Kubernetes objects into cache rows. */
final class Manifests {

  /** The owner's user id; Renku sets it on sessions and builds. */
  static final String USER_LABEL = "renku.io/safe-username";

  static final String PROJECT_ANNOTATION = "renku.io/project_id";
  static final String LAUNCHER_ANNOTATION = "renku.io/launcher_id";

  private final String cluster;
  private final KubernetesSerialization serialization;

  Manifests(String cluster, KubernetesSerialization serialization) {
    this.cluster = cluster;
    this.serialization = serialization;
  }

  /**
   * The cache row for an object of the given kind. The manifest keeps everything but {@code
   * metadata.managedFields} (server-side apply bookkeeping, often the largest part, never read).
   *
   * @throws IllegalArgumentException if the object has no name or resource version
   */
  CachedObject toCached(ResourceKind kind, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    if (meta == null || meta.getName() == null || meta.getResourceVersion() == null) {
      throw new IllegalArgumentException(kind + " without name or resourceVersion");
    }
    JsonNode tree = serialization.convertValue(resource, JsonNode.class);
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return new CachedObject(
        cluster,
        kind.group(),
        kind.version(),
        kind.kind(),
        meta.getNamespace() == null ? "" : meta.getNamespace(),
        meta.getName(),
        meta.getUid(),
        meta.getResourceVersion(),
        value(meta.getLabels(), USER_LABEL),
        value(meta.getAnnotations(), PROJECT_ANNOTATION),
        value(meta.getAnnotations(), LAUNCHER_ANNOTATION),
        serialization.asJson(tree));
  }

  private static String value(Map<String, String> map, String key) {
    if (map == null) {
      return null;
    }
    String value = map.get(key);
    return value == null || value.isBlank() ? null : value;
  }
}
