package io.renku.k8s.cache;

/**
 * What one write to the cache changed.
 *
 * @param added rows inserted
 * @param updated rows replaced by a newer (or, in a resync, a corrected) version
 * @param removed rows deleted
 * @param ignored changes that changed nothing: stale or repeated versions, deletes of absent rows
 */
public record WriteCounts(int added, int updated, int removed, int ignored) {

  public static final WriteCounts NONE = new WriteCounts(0, 0, 0, 0);

  public WriteCounts plus(WriteCounts other) {
    return new WriteCounts(
        added + other.added,
        updated + other.updated,
        removed + other.removed,
        ignored + other.ignored);
  }

  public boolean changedAnything() {
    return added + updated + removed > 0;
  }
}
