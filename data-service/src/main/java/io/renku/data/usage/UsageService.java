package io.renku.data.usage;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.crc.ResourceClass;
import io.renku.data.crc.ResourcePool;
import io.renku.data.crc.ResourcePoolService;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * The usage of pools in credits, their weekly limits and the cost of their classes (decision 0042).
 * Everyone may read their own usage of a pool they can see; another user's usage, limits and costs
 * are for administrators, who alone change them.
 */
@Service
public class UsageService {
  private final UsageRepository usage;
  private final ResourcePoolService pools;
  private final Clock clock;

  @Autowired
  public UsageService(UsageRepository usage, ResourcePoolService pools) {
    this(usage, pools, Clock.systemUTC());
  }

  UsageService(UsageRepository usage, ResourcePoolService pools, Clock clock) {
    this.usage = usage;
    this.pools = pools;
    this.clock = clock;
  }

  /**
   * Usage of the pool by {@code userId} (the caller when null) and by everyone, from {@code
   * startDate} to {@code endDate} (today when null), or in the running week (from Monday, UTC) when
   * {@code startDate} is null. 404 when the caller cannot see the pool or none of its classes
   * enforces quota (the original tracks usage only then).
   */
  public PoolUsage usage(
      ApiUser caller, int poolId, LocalDate startDate, LocalDate endDate, String userId) {
    caller.requireAuthenticated();
    String of = userId == null || userId.isBlank() ? caller.id() : userId;
    if (!of.equals(caller.id()) && !caller.admin()) {
      throw RenkuException.forbidden("Only administrators may read the usage of another user.");
    }
    ResourcePool pool = pools.get(caller, poolId);
    if (pool.classes().stream().noneMatch(ResourceClass::quotaEnforced)) {
      throw RenkuException.notFound(
          "Usage tracking for resource pool ID " + poolId + " is not available.");
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate since;
    LocalDate until;
    if (startDate == null) {
      // the original ignores end_date then, and so do we (a client sending it gets the week)
      since = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      until = today;
    } else {
      since = startDate;
      until = endDate == null ? today : endDate;
      if (until.isBefore(since)) {
        throw RenkuException.validation("end_date", "must not be before start_date");
      }
    }
    return new PoolUsage(
        usage.usage(poolId, null, since, until),
        usage.usage(poolId, of, since, until),
        usage.limits(poolId));
  }

  /** What {@code userId} used of the pool in the running week (no permission check). */
  UsageSummary runningWeek(int poolId, String userId) {
    LocalDate today = LocalDate.now(clock);
    return usage.usage(
        poolId, userId, today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today);
  }

  /** The pool's limits (no permission check). */
  PoolLimits limitsOf(int poolId) {
    return usage.limits(poolId);
  }

  public PoolLimits limits(ApiUser caller, int poolId) {
    caller.requireAdmin();
    pools.get(caller, poolId);
    return usage.limits(poolId);
  }

  public PoolLimits setLimits(ApiUser caller, int poolId, Long totalLimit, Long userLimit) {
    caller.requireAdmin();
    requireCredits("total_limit", totalLimit);
    requireCredits("user_limit", userLimit);
    if (userLimit > totalLimit) {
      throw RenkuException.validation(
          "user_limit",
          "(" + userLimit + ") must not be greater than total_limit (" + totalLimit + ")");
    }
    pools.get(caller, poolId);
    PoolLimits limits = new PoolLimits(poolId, totalLimit, userLimit);
    try {
      usage.setLimits(limits);
    } catch (DataIntegrityViolationException deletedMeanwhile) {
      throw RenkuException.notFound("Resource pool " + poolId + " does not exist.");
    }
    return limits;
  }

  public void deleteLimits(ApiUser caller, int poolId) {
    caller.requireAdmin();
    usage.deleteLimits(poolId);
  }

  public ClassCost cost(ApiUser caller, int poolId, int classId) {
    caller.requireAdmin();
    pools.getClass(caller, poolId, classId);
    return new ClassCost(poolId, classId, usage.cost(classId).orElse(0L));
  }

  public ClassCost setCost(ApiUser caller, int poolId, int classId, Long cost) {
    caller.requireAdmin();
    requireCredits("cost", cost);
    pools.getClass(caller, poolId, classId);
    try {
      usage.setCost(classId, cost);
    } catch (DataIntegrityViolationException deletedMeanwhile) {
      throw RenkuException.notFound("Resource class " + classId + " does not exist.");
    }
    return new ClassCost(poolId, classId, cost);
  }

  public void deleteCost(ApiUser caller, int poolId, int classId) {
    caller.requireAdmin();
    pools.getClass(caller, poolId, classId);
    usage.deleteCost(classId);
  }

  private static void requireCredits(String field, Long value) {
    if (value == null) {
      throw RenkuException.validation(field, "is required");
    }
    if (value < 0) {
      throw RenkuException.validation(field, "must be 0 or more credits");
    }
  }
}
