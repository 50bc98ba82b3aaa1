package io.renku.data.session;

/**
 * A check another domain makes before a session starts or resumes (credit limits, for example); it
 * throws a {@link io.renku.core.RenkuException} to refuse. An interface here, implemented above, so
 * that those domains may read sessions without this package depending on them.
 */
public interface LaunchGuard {
  /**
   * @param ownerId who starts or resumes the session
   * @param poolId the pool of its class
   * @param classId its class
   * @param quotaEnforced whether the class counts against the pool's limits
   */
  void beforeLaunch(String ownerId, int poolId, int classId, boolean quotaEnforced);
}
