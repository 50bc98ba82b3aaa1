package io.renku.k8s.cache;

import java.util.List;

/**
 * The full list of objects of one kind (in one namespace, or in all) at one moment, as a list call
 * returned it.
 *
 * @param objects every object the list returned
 * @param resourceVersion the list's {@code metadata.resourceVersion}, or null if unknown; cache
 *     rows newer than this are left alone, as the watch may have added them after the list
 */
public record Snapshot(List<CachedObject> objects, String resourceVersion) {
  public Snapshot {
    objects = List.copyOf(objects);
  }
}
