package io.renku.data.crc;

import java.util.List;

/**
 * A resource class: what a session on it gets.
 *
 * @param cpu CPUs requested
 * @param memory memory in GB
 * @param maxStorage the largest disk a session may ask for, in GB
 * @param defaultStorage the disk a session gets when it asks for none, in GB
 * @param isDefault whether this is its pool's default class
 * @param quotaEnforced whether sessions on it count against the pool's quota
 * @param tolerations Kubernetes labels the session's pod tolerates
 */
public record ResourceClass(
    int id,
    int poolId,
    String name,
    double cpu,
    long memory,
    long gpu,
    long maxStorage,
    long defaultStorage,
    boolean isDefault,
    boolean quotaEnforced,
    List<String> tolerations,
    List<NodeAffinity> nodeAffinities) {

  /** A node label sessions on the class prefer, or require when {@code required}. */
  public record NodeAffinity(String key, boolean required) {}

  /** Whether the class offers at least what the filter asks for (null parts ask for nothing). */
  public boolean offers(Double minCpu, Long minMemory, Long minGpu, Long minMaxStorage) {
    return (minCpu == null || cpu >= minCpu)
        && (minMemory == null || memory >= minMemory)
        && (minGpu == null || gpu >= minGpu)
        && (minMaxStorage == null || maxStorage >= minMaxStorage);
  }

  ResourceClass withDefault(boolean value) {
    return new ResourceClass(
        id,
        poolId,
        name,
        cpu,
        memory,
        gpu,
        maxStorage,
        defaultStorage,
        value,
        quotaEnforced,
        tolerations,
        nodeAffinities);
  }
}
