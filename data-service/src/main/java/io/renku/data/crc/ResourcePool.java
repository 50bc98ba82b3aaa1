package io.renku.data.crc;

import java.util.List;
import java.util.Optional;

/**
 * A resource pool with its classes, ordered by id.
 *
 * @param quota the pool's quota, or null
 * @param isDefault whether this is the platform's default pool (exactly one is)
 * @param isPublic whether everyone, anonymous visitors included, may use it
 * @param idleThreshold seconds idle before a session is paused, or null for never
 * @param hibernationThreshold seconds a paused session is kept, or null for ever
 * @param hibernationWarningPeriod seconds of warning before hibernation, or null
 * @param clusterId the remote cluster its sessions run on (see decision 0041), or null
 * @param platform {@code linux/amd64} or {@code linux/arm64}
 * @param cpuLimitFactor the CPU limit as a multiple of the request, or null for none
 * @param remote how the pool starts its sessions elsewhere, or null for here
 */
public record ResourcePool(
    int id,
    String name,
    Quota quota,
    boolean isDefault,
    boolean isPublic,
    Integer idleThreshold,
    Integer hibernationThreshold,
    Integer hibernationWarningPeriod,
    String clusterId,
    String platform,
    Double cpuLimitFactor,
    List<ResourceClass> classes,
    RemoteConfiguration remote) {

  public static final String DEFAULT_PLATFORM = "linux/amd64";

  /** A pool that starts its sessions here (no remote configuration). */
  public ResourcePool(
      int id,
      String name,
      Quota quota,
      boolean isDefault,
      boolean isPublic,
      Integer idleThreshold,
      Integer hibernationThreshold,
      Integer hibernationWarningPeriod,
      String clusterId,
      String platform,
      Double cpuLimitFactor,
      List<ResourceClass> classes) {
    this(
        id,
        name,
        quota,
        isDefault,
        isPublic,
        idleThreshold,
        hibernationThreshold,
        hibernationWarningPeriod,
        clusterId,
        platform,
        cpuLimitFactor,
        classes,
        null);
  }

  /** Whether sessions of the pool start somewhere else than on this platform's own cluster. */
  public boolean runsElsewhere() {
    return clusterId != null || remote != null;
  }

  public Optional<ResourceClass> defaultClass() {
    return classes.stream().filter(ResourceClass::isDefault).findFirst();
  }

  public Optional<ResourceClass> resourceClass(int classId) {
    return classes.stream().filter(c -> c.id() == classId).findFirst();
  }
}
