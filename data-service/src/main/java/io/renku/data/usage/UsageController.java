package io.renku.data.usage;

import io.renku.api.data.api.ResourceUsageApi;
import io.renku.api.data.model.ResourceClassCost;
import io.renku.api.data.model.ResourceClassCostPut;
import io.renku.api.data.model.ResourcePoolLimitPut;
import io.renku.api.data.model.ResourcePoolLimits;
import io.renku.api.data.model.ResourcePoolUsage;
import io.renku.api.data.model.ResourceUsageSummary;
import io.renku.data.web.CurrentUser;
import java.time.LocalDate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /resource_pools/{id}/usage}, {@code /resource_pools/{id}/limits} and {@code
 * /resource_pools/{id}/classes/{class_id}/cost}.
 */
@RestController
public class UsageController implements ResourceUsageApi {
  private final UsageService usage;
  private final CurrentUser currentUser;

  public UsageController(UsageService usage, CurrentUser currentUser) {
    this.usage = usage;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<ResourcePoolUsage> getResourcePoolUsage(
      Integer resourcePoolId, LocalDate startDate, LocalDate endDate, String userId) {
    PoolUsage u = usage.usage(currentUser.get(), resourcePoolId, startDate, endDate, userId);
    return ResponseEntity.ok(
        new ResourcePoolUsage(summary(u.total()), summary(u.user()), limits(u.limits())));
  }

  @Override
  public ResponseEntity<ResourcePoolLimits> getResourcePoolLimits(Integer resourcePoolId) {
    return ResponseEntity.ok(limits(usage.limits(currentUser.get(), resourcePoolId)));
  }

  @Override
  public ResponseEntity<ResourcePoolLimitPut> putResourcePoolLimits(
      Integer resourcePoolId, ResourcePoolLimitPut body) {
    PoolLimits l =
        usage.setLimits(
            currentUser.get(), resourcePoolId, body.getTotalLimit(), body.getUserLimit());
    return ResponseEntity.ok(new ResourcePoolLimitPut(l.totalLimit(), l.userLimit()));
  }

  @Override
  public ResponseEntity<Void> deleteResourcePoolLimits(Integer resourcePoolId) {
    usage.deleteLimits(currentUser.get(), resourcePoolId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<ResourceClassCost> getResourceClassCost(
      Integer resourcePoolId, Integer classId) {
    ClassCost c = usage.cost(currentUser.get(), resourcePoolId, classId);
    return ResponseEntity.ok(new ResourceClassCost(c.poolId(), c.classId(), c.cost()));
  }

  @Override
  public ResponseEntity<ResourceClassCostPut> putResourceClassCost(
      Integer resourcePoolId, Integer classId, ResourceClassCostPut body) {
    ClassCost c = usage.setCost(currentUser.get(), resourcePoolId, classId, body.getCost());
    return ResponseEntity.ok(new ResourceClassCostPut(c.cost()));
  }

  @Override
  public ResponseEntity<Void> deleteResourceClassCost(Integer resourcePoolId, Integer classId) {
    usage.deleteCost(currentUser.get(), resourcePoolId, classId);
    return ResponseEntity.noContent().build();
  }

  private static ResourceUsageSummary summary(UsageSummary s) {
    return new ResourceUsageSummary(s.runtimeHours(), s.cost());
  }

  private static ResourcePoolLimits limits(PoolLimits l) {
    return new ResourcePoolLimits(l.poolId(), l.totalLimit(), l.userLimit());
  }
}
