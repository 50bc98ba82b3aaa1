package io.renku.data.compute;

/**
 * A resource class together with the pool settings a session needs.
 *
 * @param classId the class id
 * @param poolId the pool the class belongs to
 * @param cpu CPUs requested
 * @param memoryGb memory in GB
 * @param gpu GPUs requested
 * @param defaultStorageGb disk when the request and the launcher name none
 * @param maxStorageGb the largest disk a session on this class may ask for
 * @param quotaEnforced whether starting on this class counts against the pool's quota
 * @param quota the pool's quota, or null when it has none
 * @param idleThresholdSeconds idle time after which a session is paused, or null for never
 * @param hibernationThresholdSeconds time a paused session is kept before deletion, or null
 * @param placement where a cluster may schedule sessions of the class (its tolerations and node
 *     affinities, the pool quota's priority class)
 */
public record SessionClass(
    int classId,
    int poolId,
    double cpu,
    long memoryGb,
    long gpu,
    long defaultStorageGb,
    long maxStorageGb,
    boolean quotaEnforced,
    Quota quota,
    Long idleThresholdSeconds,
    Long hibernationThresholdSeconds,
    Placement placement) {

  public SessionClass {
    placement = placement == null ? Placement.NONE : placement;
  }

  /** A pool's limit on the sum of what its running sessions request. */
  public record Quota(double cpu, long memoryGb, long gpu) {}
}
