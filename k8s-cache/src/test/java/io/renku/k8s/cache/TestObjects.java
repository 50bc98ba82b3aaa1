package io.renku.k8s.cache;

/** Cache rows for tests. */
public final class TestObjects {
  private TestObjects() {}

  public static CachedObject session(
      String namespace, String name, String resourceVersion, String user) {
    return session("local", namespace, name, resourceVersion, user);
  }

  public static CachedObject session(
      String cluster, String namespace, String name, String resourceVersion, String user) {
    return new CachedObject(
        cluster,
        "amalthea.dev",
        "v1alpha1",
        "AmaltheaSession",
        namespace,
        name,
        "uid-" + name,
        resourceVersion,
        user,
        "project-" + name,
        "launcher-" + name,
        "{\"kind\": \"AmaltheaSession\", \"metadata\": {\"name\": \"%s\", \"resourceVersion\": \"%s\"}}"
            .formatted(name, resourceVersion));
  }
}
