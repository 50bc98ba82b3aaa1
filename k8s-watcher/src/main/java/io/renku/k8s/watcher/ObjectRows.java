package io.renku.k8s.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.Manifests;
import io.renku.k8s.cache.ResourceKind;

/**
 * The fabric8 side of {@link Manifests}: a watched object becomes a JSON tree (a copy, so the
 * informer's object stays as it is), the tree a cache row.
 */
final class ObjectRows {

  private final Manifests manifests;
  private final KubernetesSerialization serialization;

  ObjectRows(String cluster, KubernetesSerialization serialization) {
    this.manifests = new Manifests(cluster);
    this.serialization = serialization;
  }

  /**
   * @throws IllegalArgumentException if the object has no name or resource version
   */
  CachedObject toCached(ResourceKind kind, GenericKubernetesResource resource) {
    return manifests.toCached(kind, serialization.convertValue(resource, JsonNode.class));
  }
}
