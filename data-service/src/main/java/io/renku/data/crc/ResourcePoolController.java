package io.renku.data.crc;

import io.renku.api.data.ResourceClassFields;
import io.renku.api.data.api.ResourceClassesApi;
import io.renku.api.data.api.ResourcePoolsApi;
import io.renku.api.data.model.NodeAffinity;
import io.renku.api.data.model.PoolCluster;
import io.renku.api.data.model.PoolUser;
import io.renku.api.data.model.QuotaPatch;
import io.renku.api.data.model.QuotaPut;
import io.renku.api.data.model.QuotaWithId;
import io.renku.api.data.model.RemoteConfigurationPatch;
import io.renku.api.data.model.RemoteKind;
import io.renku.api.data.model.ResourceClassPatch;
import io.renku.api.data.model.ResourceClassPost;
import io.renku.api.data.model.ResourceClassPut;
import io.renku.api.data.model.ResourceClassWithId;
import io.renku.api.data.model.ResourcePoolMemberRole;
import io.renku.api.data.model.ResourcePoolMemberType;
import io.renku.api.data.model.ResourcePoolMemberWithDetails;
import io.renku.api.data.model.ResourcePoolPatch;
import io.renku.api.data.model.ResourcePoolPost;
import io.renku.api.data.model.ResourcePoolPut;
import io.renku.api.data.model.ResourcePoolWithId;
import io.renku.api.data.model.RuntimePlatform;
import io.renku.data.web.CurrentUser;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /resource_pools}, {@code /classes/{id}} and {@code /users/{id}/resource_pools}: compute
 * resources.
 */
@RestController
public class ResourcePoolController implements ResourcePoolsApi, ResourceClassesApi {
  private final ResourcePoolService pools;
  private final PoolMemberService members;
  private final CurrentUser currentUser;

  public ResourcePoolController(
      ResourcePoolService pools, PoolMemberService members, CurrentUser currentUser) {
    this.pools = pools;
    this.members = members;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<ResourcePoolWithId>> listResourcePools(
      Double cpu, Long memory, Long gpu, Long maxStorage) {
    return ResponseEntity.ok(
        pools.list(currentUser.get()).stream()
            .map(p -> dto(p, c -> dto(c).matching(c.offers(cpu, memory, gpu, maxStorage))))
            .toList());
  }

  @Override
  public ResponseEntity<ResourcePoolWithId> createResourcePool(ResourcePoolPost body) {
    var draft =
        new ResourcePoolService.PoolDraft(
            body.getName(),
            body.getClasses() == null
                ? null
                : body.getClasses().stream().map(c -> draft(null, c)).toList(),
            quota(body.getQuota()),
            body.getPublic(),
            body.getDefault(),
            body.getIdleThreshold(),
            body.getHibernationThreshold(),
            body.getHibernationWarningPeriod(),
            body.getClusterId(),
            value(body.getPlatform()),
            body.getCpuLimitFactor(),
            remote(body.getRemote()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(pools.create(currentUser.get(), draft)));
  }

  @Override
  public ResponseEntity<ResourcePoolWithId> getResourcePool(Integer resourcePoolId) {
    return ResponseEntity.ok(dto(pools.get(currentUser.get(), resourcePoolId)));
  }

  @Override
  public ResponseEntity<ResourcePoolWithId> replaceResourcePool(
      Integer resourcePoolId, ResourcePoolPut body) {
    var draft =
        new ResourcePoolService.PoolDraft(
            body.getName(),
            body.getClasses().stream().map(c -> draft(c.getId(), c)).toList(),
            quota(body.getQuota()),
            body.getPublic(),
            body.getDefault(),
            body.getIdleThreshold(),
            body.getHibernationThreshold(),
            body.getHibernationWarningPeriod(),
            body.getClusterId(),
            value(body.getPlatform()),
            body.getCpuLimitFactor(),
            remote(body.getRemote()));
    return ResponseEntity.ok(dto(pools.update(currentUser.get(), resourcePoolId, draft, true)));
  }

  @Override
  public ResponseEntity<ResourcePoolWithId> updateResourcePool(
      Integer resourcePoolId, ResourcePoolPatch body) {
    QuotaPatch q = body.getQuota();
    var draft =
        new ResourcePoolService.PoolDraft(
            body.getName(),
            body.getClasses() == null
                ? null
                : body.getClasses().stream().map(c -> draft(c.getId(), c)).toList(),
            q == null
                ? null
                : new ResourcePoolService.QuotaDraft(q.getCpu(), q.getMemory(), q.getGpu()),
            body.getPublic(),
            body.getDefault(),
            body.getIdleThreshold(),
            body.getHibernationThreshold(),
            body.getHibernationWarningPeriod(),
            body.getClusterId(),
            value(body.getPlatform()),
            body.getCpuLimitFactor(),
            remote(body.getRemote()));
    return ResponseEntity.ok(dto(pools.update(currentUser.get(), resourcePoolId, draft, false)));
  }

  @Override
  public ResponseEntity<Void> deleteResourcePool(Integer resourcePoolId) {
    pools.delete(currentUser.get(), resourcePoolId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<ResourceClassWithId>> listResourceClasses(
      Integer resourcePoolId, String name) {
    return ResponseEntity.ok(
        pools.classes(currentUser.get(), resourcePoolId, name).stream()
            .map(ResourcePoolController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<ResourceClassWithId> createResourceClass(
      Integer resourcePoolId, ResourceClassPost body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(pools.createClass(currentUser.get(), resourcePoolId, draft(null, body))));
  }

  @Override
  public ResponseEntity<ResourceClassWithId> getPoolResourceClass(
      Integer resourcePoolId, Integer classId) {
    return ResponseEntity.ok(dto(pools.getClass(currentUser.get(), resourcePoolId, classId)));
  }

  @Override
  public ResponseEntity<ResourceClassWithId> replaceResourceClass(
      Integer resourcePoolId, Integer classId, ResourceClassPut body) {
    var draft = draft(body.getId(), body);
    return ResponseEntity.ok(
        dto(pools.updateClass(currentUser.get(), resourcePoolId, classId, draft, true)));
  }

  @Override
  public ResponseEntity<ResourceClassWithId> updateResourceClass(
      Integer resourcePoolId, Integer classId, ResourceClassPatch body) {
    var draft = draft(null, body);
    return ResponseEntity.ok(
        dto(pools.updateClass(currentUser.get(), resourcePoolId, classId, draft, false)));
  }

  @Override
  public ResponseEntity<Void> deleteResourceClass(Integer resourcePoolId, Integer classId) {
    pools.deleteClass(currentUser.get(), resourcePoolId, classId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<ResourceClassWithId> getResourceClass(Integer classId) {
    return ResponseEntity.ok(dto(pools.getClass(currentUser.get(), classId)));
  }

  @Override
  public ResponseEntity<QuotaWithId> getResourcePoolQuota(Integer resourcePoolId) {
    return ResponseEntity.ok(dto(pools.quota(currentUser.get(), resourcePoolId)));
  }

  @Override
  public ResponseEntity<QuotaWithId> replaceResourcePoolQuota(
      Integer resourcePoolId, QuotaPut body) {
    return ResponseEntity.ok(
        dto(pools.setQuota(currentUser.get(), resourcePoolId, quota(body), true)));
  }

  @Override
  public ResponseEntity<QuotaWithId> updateResourcePoolQuota(
      Integer resourcePoolId, QuotaPatch body) {
    var draft = new ResourcePoolService.QuotaDraft(body.getCpu(), body.getMemory(), body.getGpu());
    return ResponseEntity.ok(dto(pools.setQuota(currentUser.get(), resourcePoolId, draft, false)));
  }

  @Override
  public ResponseEntity<List<ResourcePoolMemberWithDetails>> listResourcePoolMembers(
      Integer resourcePoolId) {
    return ResponseEntity.ok(dtos(members.list(currentUser.get(), resourcePoolId)));
  }

  @Override
  public ResponseEntity<List<ResourcePoolMemberWithDetails>> addResourcePoolMembers(
      Integer resourcePoolId, List<io.renku.api.data.model.ResourcePoolMember> body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dtos(members.set(currentUser.get(), resourcePoolId, members(body), false)));
  }

  @Override
  public ResponseEntity<List<ResourcePoolMemberWithDetails>> replaceResourcePoolMembers(
      Integer resourcePoolId, List<io.renku.api.data.model.ResourcePoolMember> body) {
    return ResponseEntity.ok(
        dtos(members.set(currentUser.get(), resourcePoolId, members(body), true)));
  }

  @Override
  public ResponseEntity<ResourcePoolMemberWithDetails> getResourcePoolMember(
      Integer resourcePoolId, ResourcePoolMemberType memberType, String memberId) {
    return ResponseEntity.ok(
        dtos(List.of(
                members.get(currentUser.get(), resourcePoolId, memberType.getValue(), memberId)))
            .getFirst());
  }

  @Override
  public ResponseEntity<Void> removeResourcePoolMember(
      Integer resourcePoolId, ResourcePoolMemberType memberType, String memberId) {
    members.remove(currentUser.get(), resourcePoolId, memberType.getValue(), memberId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<ResourcePoolWithId>> listUserResourcePools(
      String userId, String name) {
    return ResponseEntity.ok(
        members.poolsOf(currentUser.get(), userId).stream()
            .map(
                p ->
                    dto(
                        p,
                        c -> name == null || c.name().startsWith(name),
                        ResourcePoolController::dto))
            .toList());
  }

  private static List<PoolMember> members(List<io.renku.api.data.model.ResourcePoolMember> body) {
    return body.stream()
        .map(
            m ->
                new PoolMember(
                    m.getMemberType().getValue(),
                    m.getId(),
                    m.getRole() == null ? null : m.getRole().getValue()))
        .toList();
  }

  private List<ResourcePoolMemberWithDetails> dtos(List<PoolMember> list) {
    return members.describe(list).stream().map(ResourcePoolController::dto).toList();
  }

  private static ResourcePoolMemberWithDetails dto(PoolMemberDetails d) {
    PoolMember m = d.member();
    var dto =
        new ResourcePoolMemberWithDetails(
            ResourcePoolMemberType.fromValue(m.type()),
            m.id(),
            ResourcePoolMemberRole.fromValue(m.role()));
    // As the original: users always carry an e-mail address, groups a slug and a name, projects
    // a namespace and a name (empty when the user, group or project is gone).
    switch (m.type()) {
      case PoolMemberService.USER -> dto.setEmail(orEmpty(d.email()));
      case PoolMemberService.GROUP -> {
        dto.setSlug(orEmpty(d.slug()));
        dto.setName(orEmpty(d.name()));
      }
      default -> {
        dto.setNamespace(orEmpty(d.namespace()));
        dto.setName(orEmpty(d.name()));
      }
    }
    return dto;
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }

  @Override
  public ResponseEntity<List<PoolUser>> listResourcePoolUsers(Integer resourcePoolId) {
    return ResponseEntity.ok(poolUsers(members.users(currentUser.get(), resourcePoolId)));
  }

  @Override
  public ResponseEntity<List<PoolUser>> addResourcePoolUsers(
      Integer resourcePoolId, List<PoolUser> body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(poolUsers(members.setUsers(currentUser.get(), resourcePoolId, userIds(body), false)));
  }

  @Override
  public ResponseEntity<List<PoolUser>> replaceResourcePoolUsers(
      Integer resourcePoolId, List<PoolUser> body) {
    return ResponseEntity.ok(
        poolUsers(members.setUsers(currentUser.get(), resourcePoolId, userIds(body), true)));
  }

  @Override
  public ResponseEntity<PoolUser> getResourcePoolUser(Integer resourcePoolId, String userId) {
    return ResponseEntity.ok(
        new PoolUser(members.user(currentUser.get(), resourcePoolId, userId))
            .noDefaultAccess(false));
  }

  @Override
  public ResponseEntity<Void> removeResourcePoolUser(Integer resourcePoolId, String userId) {
    members.removeUser(currentUser.get(), resourcePoolId, userId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<ResourcePoolWithId>> addUserResourcePools(
      String userId, List<Integer> body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(setPoolsOf(userId, body, false).stream().map(ResourcePoolController::dto).toList());
  }

  @Override
  public ResponseEntity<List<ResourcePoolWithId>> replaceUserResourcePools(
      String userId, List<Integer> body) {
    return ResponseEntity.ok(
        setPoolsOf(userId, body, true).stream().map(ResourcePoolController::dto).toList());
  }

  @Override
  public ResponseEntity<List<String>> getResourceClassTolerations(
      Integer resourcePoolId, Integer classId) {
    return ResponseEntity.ok(pools.tolerations(currentUser.get(), resourcePoolId, classId));
  }

  @Override
  public ResponseEntity<Void> deleteResourceClassTolerations(
      Integer resourcePoolId, Integer classId) {
    pools.clearPlacement(currentUser.get(), resourcePoolId, classId, true);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<NodeAffinity>> getResourceClassNodeAffinities(
      Integer resourcePoolId, Integer classId) {
    return ResponseEntity.ok(
        pools.nodeAffinities(currentUser.get(), resourcePoolId, classId).stream()
            .map(a -> new NodeAffinity(a.key()).requiredDuringScheduling(a.required()))
            .toList());
  }

  @Override
  public ResponseEntity<Void> deleteResourceClassNodeAffinities(
      Integer resourcePoolId, Integer classId) {
    pools.clearPlacement(currentUser.get(), resourcePoolId, classId, false);
    return ResponseEntity.noContent().build();
  }

  /** Writes in one transaction, then reads what the user may use from SpiceDB. */
  private List<ResourcePool> setPoolsOf(String userId, List<Integer> poolIds, boolean replace) {
    members.setPoolsOf(currentUser.get(), userId, poolIds, replace);
    return members.poolsOf(currentUser.get(), userId);
  }

  private static List<PoolUser> poolUsers(List<String> ids) {
    return ids.stream().map(id -> new PoolUser(id).noDefaultAccess(false)).toList();
  }

  /** The ids; {@code no_default_access} is accepted for the original's clients and ignored. */
  private static List<String> userIds(List<PoolUser> body) {
    return body.stream().map(PoolUser::getId).toList();
  }

  private static RemoteConfiguration remote(io.renku.api.data.model.RemoteConfiguration r) {
    return r == null
        ? null
        : new RemoteConfiguration(
            r.getKind() == null ? null : r.getKind().getValue(),
            r.getProviderId(),
            r.getApiUrl(),
            r.getSystemName(),
            r.getPartition(),
            r.getBaseUrl());
  }

  private static RemoteConfiguration remote(RemoteConfigurationPatch r) {
    return r == null
        ? null
        : new RemoteConfiguration(
            r.getKind() == null ? null : r.getKind().getValue(),
            r.getProviderId(),
            r.getApiUrl(),
            r.getSystemName(),
            r.getPartition(),
            r.getBaseUrl());
  }

  private static ResourcePoolService.QuotaDraft quota(QuotaPut q) {
    return q == null
        ? null
        : new ResourcePoolService.QuotaDraft(q.getCpu(), q.getMemory(), q.getGpu());
  }

  private static String value(RuntimePlatform platform) {
    return platform == null ? null : platform.getValue();
  }

  private static List<ResourceClass.NodeAffinity> affinities(List<NodeAffinity> list) {
    return list == null
        ? null
        : list.stream()
            .map(
                a ->
                    new ResourceClass.NodeAffinity(
                        a.getKey(), Boolean.TRUE.equals(a.getRequiredDuringScheduling())))
            .toList();
  }

  /**
   * Every request variant of a class, the pool's own ones included, as a draft: {@code id} is the
   * one the variant names (null for a new class and a PATCH of the class's own path).
   */
  private static ResourcePoolService.ClassDraft draft(Integer id, ResourceClassFields c) {
    return new ResourcePoolService.ClassDraft(
        id,
        c.getName(),
        c.getCpu(),
        c.getMemory(),
        c.getGpu(),
        c.getMaxStorage(),
        c.getDefaultStorage(),
        c.getDefault(),
        c.getQuotaEnforced(),
        c.getTolerations(),
        affinities(c.getNodeAffinities()));
  }

  private static ResourcePoolWithId dto(ResourcePool p) {
    return dto(p, ResourcePoolController::dto);
  }

  private static ResourcePoolWithId dto(
      ResourcePool p, Function<ResourceClass, ResourceClassWithId> classDto) {
    return dto(p, c -> true, classDto);
  }

  /** The pool with the classes {@code shown} lets through. */
  private static ResourcePoolWithId dto(
      ResourcePool p,
      Predicate<ResourceClass> shown,
      Function<ResourceClass, ResourceClassWithId> classDto) {
    var dto =
        new ResourcePoolWithId(
            p.id(),
            p.name(),
            p.classes().stream().filter(shown).map(classDto).toList(),
            p.isPublic(),
            p.isDefault(),
            RuntimePlatform.fromValue(p.platform()));
    dto.setQuota(p.quota() == null ? null : dto(p.quota()));
    dto.setIdleThreshold(p.idleThreshold());
    dto.setHibernationThreshold(p.hibernationThreshold());
    dto.setHibernationWarningPeriod(p.hibernationWarningPeriod());
    dto.setClusterId(p.clusterId());
    dto.setCluster(p.clusterId() == null ? null : new PoolCluster(p.clusterId()));
    dto.setRemote(p.remote() == null ? null : dto(p.remote()));
    dto.setCpuLimitFactor(p.cpuLimitFactor());
    return dto;
  }

  static ResourceClassWithId dto(ResourceClass c) {
    return new ResourceClassWithId(
        c.id(),
        c.name(),
        c.cpu(),
        c.memory(),
        c.gpu(),
        c.maxStorage(),
        c.defaultStorage(),
        c.isDefault(),
        c.quotaEnforced(),
        c.tolerations(),
        c.nodeAffinities().stream()
            .map(a -> new NodeAffinity(a.key()).requiredDuringScheduling(a.required()))
            .toList());
  }

  private static io.renku.api.data.model.RemoteConfiguration dto(RemoteConfiguration r) {
    return new io.renku.api.data.model.RemoteConfiguration(RemoteKind.fromValue(r.kind()))
        .providerId(r.providerId())
        .apiUrl(r.apiUrl())
        .systemName(r.systemName())
        .partition(r.partition())
        .baseUrl(r.baseUrl());
  }

  private static QuotaWithId dto(Quota q) {
    return new QuotaWithId(q.cpu(), q.memory(), q.gpu(), q.id());
  }
}
