package io.renku.data.crc;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.compute.ComputeResources;
import io.renku.data.compute.NodeAffinity;
import io.renku.data.compute.Placement;
import io.renku.data.compute.SessionClass;
import org.springframework.stereotype.Component;

/** {@link ComputeResources} from the resource pools. */
@Component
public class PoolComputeResources implements ComputeResources {
  private static final String FIELD = "resource_class_id";

  private final ResourcePoolRepository pools;
  private final ResourcePoolService poolService;

  public PoolComputeResources(ResourcePoolRepository pools, ResourcePoolService poolService) {
    this.pools = pools;
    this.poolService = poolService;
  }

  @Override
  public SessionClass classFor(ApiUser caller, Integer requestedClassId, Integer launcherClassId) {
    Integer classId = requestedClassId != null ? requestedClassId : launcherClassId;
    if (classId == null) {
      ResourcePool pool =
          pools
              .defaultPool()
              .orElseThrow(
                  () -> RenkuException.validation(FIELD, "there is no default resource class"));
      ResourceClass c =
          pool.defaultClass()
              .orElseThrow(
                  () -> RenkuException.validation(FIELD, "there is no default resource class"));
      if (!poolService.mayUse(caller, pool.id())) {
        throw RenkuException.validation(
            FIELD, "you may not use the default resource class; choose a class you may use");
      }
      return sessionClass(c, requireHere(pool));
    }
    ResourceClass c =
        pools
            .getClass(classId)
            .filter(found -> poolService.mayUse(caller, found.poolId()))
            .orElseThrow(() -> unusable(classId));
    return sessionClass(c, requireHere(pools.get(c.poolId()).orElseThrow(() -> unusable(classId))));
  }

  /**
   * This platform starts sessions on its own machine or cluster only: a pool on a remote cluster or
   * with a remote configuration is refused with 409 before anything is written (decision 0041).
   */
  private static ResourcePool requireHere(ResourcePool p) {
    if (p.remote() != null) {
      throw RenkuException.conflict(
          "The resource pool "
              + p.name()
              + " starts its sessions remotely ("
              + p.remote().kind()
              + "), which this platform cannot do; choose a class of another pool.");
    }
    if (p.clusterId() != null) {
      throw RenkuException.conflict(
          "The resource pool "
              + p.name()
              + " runs its sessions on the remote cluster "
              + p.clusterId()
              + ", which this platform cannot reach; choose a class of another pool.");
    }
    return p;
  }

  @Override
  public SessionClass byId(int classId) {
    return pools
        .getClass(classId)
        .flatMap(c -> pools.get(c.poolId()).map(p -> sessionClass(c, p)))
        .orElse(null);
  }

  /** The same for a class that does not exist and one the caller may not use. */
  private static RenkuException unusable(int classId) {
    return RenkuException.validation(
        FIELD, "there is no resource class " + classId + " that you may use");
  }

  private static SessionClass sessionClass(ResourceClass c, ResourcePool p) {
    Quota q = p.quota();
    return new SessionClass(
        c.id(),
        p.id(),
        c.cpu(),
        c.memory(),
        c.gpu(),
        c.defaultStorage(),
        c.maxStorage(),
        c.quotaEnforced(),
        q == null ? null : new SessionClass.Quota(q.cpu(), q.memory(), q.gpu()),
        p.idleThreshold() == null ? null : p.idleThreshold().longValue(),
        p.hibernationThreshold() == null ? null : p.hibernationThreshold().longValue(),
        new Placement(
            q == null ? null : q.id(),
            c.tolerations(),
            c.nodeAffinities().stream()
                .map(a -> new NodeAffinity(a.key(), a.required()))
                .toList()));
  }
}
