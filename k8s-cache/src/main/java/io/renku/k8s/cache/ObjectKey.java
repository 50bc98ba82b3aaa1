package io.renku.k8s.cache;

/**
 * Identifies one cached object: the unique key of {@code k8s_cache.objects}. The version is not
 * part of it: the same object served under two API versions is one object.
 */
public record ObjectKey(String cluster, String group, String kind, String namespace, String name) {}
