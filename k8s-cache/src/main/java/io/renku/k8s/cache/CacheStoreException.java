package io.renku.k8s.cache;

/** The cache database could not be read or written; the cause says why. */
public class CacheStoreException extends RuntimeException {
  public CacheStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
