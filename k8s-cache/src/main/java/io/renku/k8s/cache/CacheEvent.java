package io.renku.k8s.cache;

/**
 * A change to apply to the cache: the watch's ADDED and MODIFIED become {@link Type#UPSERT},
 * DELETED becomes {@link Type#DELETE}. Both carry the object as the watch delivered it, so that its
 * resource version can tell a stale event from a current one.
 */
public record CacheEvent(Type type, CachedObject object) {

  public enum Type {
    UPSERT,
    DELETE
  }

  public static CacheEvent upsert(CachedObject object) {
    return new CacheEvent(Type.UPSERT, object);
  }

  public static CacheEvent delete(CachedObject object) {
    return new CacheEvent(Type.DELETE, object);
  }

  public ObjectKey key() {
    return object.key();
  }
}
