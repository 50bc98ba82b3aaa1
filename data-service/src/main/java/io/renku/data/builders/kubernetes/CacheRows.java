package io.renku.data.builders.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import java.util.Map;

/**
 * The k8s cache row of an object this builder just wrote, the same row the watcher makes of it (its
 * {@code Manifests}, package-private there): so that a read right after a create or a cancel sees
 * the write before the watcher's event arrives, as the original's client does with {@code
 * refresh=True}. The cache keeps the newest resource version, so the watcher's later rows win.
 */
final class CacheRows {

  private CacheRows() {}

  static CachedObject of(
      String cluster,
      ResourceKind kind,
      GenericKubernetesResource resource,
      KubernetesSerialization serialization) {
    ObjectMeta meta = resource.getMetadata();
    JsonNode tree = serialization.convertValue(resource, JsonNode.class);
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields"); // as the watcher: never read, often the largest part
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
        value(meta.getLabels(), BuildRunManifest.USER_LABEL),
        value(meta.getAnnotations(), BuildRunManifest.PROJECT_ID_ANNOTATION),
        value(meta.getAnnotations(), BuildRunManifest.LAUNCHER_ID_ANNOTATION),
        serialization.asJson(tree));
  }

  private static String value(Map<String, String> map, String key) {
    String v = map == null ? null : map.get(key);
    return v == null || v.isBlank() ? null : v;
  }
}
