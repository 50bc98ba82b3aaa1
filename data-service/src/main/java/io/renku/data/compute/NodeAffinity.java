package io.renku.data.compute;

/** A node label key the pod prefers, or requires when {@code required}. */
public record NodeAffinity(String key, boolean required) {}
