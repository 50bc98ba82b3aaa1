package io.renku.data.usage;

/**
 * The weekly credit limits of a pool; 0 means no limit.
 *
 * @param totalLimit credits per week for all the pool's users together
 * @param userLimit credits per week for each user
 */
public record PoolLimits(int poolId, long totalLimit, long userLimit) {

  /**
   * The limit that applies to one user, as the original computes it: the smaller nonzero of the
   * two, 0 (none) only when both are 0.
   */
  public long effectiveUserLimit() {
    if (totalLimit == 0) {
      return userLimit;
    }
    return userLimit == 0 ? totalLimit : Math.min(userLimit, totalLimit);
  }
}
