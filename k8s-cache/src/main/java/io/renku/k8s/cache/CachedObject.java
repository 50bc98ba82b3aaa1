package io.renku.k8s.cache;

import java.util.Objects;

/**
 * One Kubernetes object as the cache holds it.
 *
 * @param cluster the id of the cluster the object lives in
 * @param resourceVersion {@code metadata.resourceVersion}; newer versions replace older ones
 * @param userId the owner, from the label {@code renku.io/safe-username}, or null
 * @param projectId annotation {@code renku.io/project_id}, or null
 * @param launcherId annotation {@code renku.io/launcher_id}, or null
 * @param manifest the object as JSON
 */
public record CachedObject(
    String cluster,
    String group,
    String version,
    String kind,
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    String userId,
    String projectId,
    String launcherId,
    String manifest) {

  public CachedObject {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(manifest, "manifest");
  }

  public ObjectKey key() {
    return new ObjectKey(cluster, group, kind, namespace, name);
  }
}
