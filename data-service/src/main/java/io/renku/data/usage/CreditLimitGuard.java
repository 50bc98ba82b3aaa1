package io.renku.data.usage;

import io.renku.core.RenkuException;
import io.renku.data.session.LaunchGuard;
import org.springframework.stereotype.Component;

/**
 * Refuses to start or resume a session on a class that enforces quota once its owner has used the
 * pool's effective weekly limit, as the original does at launch (422). Running sessions are not
 * paused when they pass the limit (the original's periodic task does; decision 0042).
 */
@Component
public class CreditLimitGuard implements LaunchGuard {
  private final UsageService usage;

  public CreditLimitGuard(UsageService usage) {
    this.usage = usage;
  }

  @Override
  public void beforeLaunch(String ownerId, int poolId, int classId, boolean quotaEnforced) {
    if (!quotaEnforced) {
      return;
    }
    long limit = usage.limitsOf(poolId).effectiveUserLimit();
    if (limit <= 0) {
      return;
    }
    long used = usage.runningWeek(poolId, ownerId).cost();
    if (used >= limit) {
      throw RenkuException.validation(
          "resource_class_id",
          "cannot start the session because your quota in the selected resource pool is"
              + " exhausted ("
              + used
              + " of "
              + limit
              + " credits used this week)");
    }
  }
}
