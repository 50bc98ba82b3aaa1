package io.renku.data.crc;

import io.renku.authz.ObjectRef;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.SubjectRef;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.group.GroupService;
import io.renku.data.project.ProjectService;
import io.renku.data.user.UserService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may use a resource pool besides the public: users ({@code viewer}, or {@code prohibited},
 * which keeps them out even of a public pool), groups ({@code group_viewer}: their direct members)
 * and projects ({@code project_viewer}: their direct members). Members are relationships on {@code
 * resource_pool} only; administrators manage them.
 */
@Service
public class PoolMemberService {
  private static final Logger log = LoggerFactory.getLogger(PoolMemberService.class);
  static final String USER = "user";
  static final String GROUP = "group";
  static final String PROJECT = "project";

  private final ResourcePoolRepository pools;
  private final ResourcePoolService poolService;
  private final Authz authz;
  private final UserService users;
  private final GroupService groups;
  private final ProjectService projects;

  public PoolMemberService(
      ResourcePoolRepository pools,
      ResourcePoolService poolService,
      Authz authz,
      UserService users,
      GroupService groups,
      ProjectService projects) {
    this.pools = pools;
    this.poolService = poolService;
    this.authz = authz;
    this.users = users;
    this.groups = groups;
    this.projects = projects;
  }

  public List<PoolMember> list(ApiUser caller, int poolId) {
    caller.requireAdmin();
    pools.get(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    return members(poolId);
  }

  /** The pool's members as the relationship table holds them, by type, id and role. */
  private List<PoolMember> members(int poolId) {
    return authz
        .readDirectSubjects(
            PlatformRelations.resourcePool(poolId),
            "viewer",
            "prohibited",
            "group_viewer",
            "project_viewer")
        .stream()
        .map(r -> new PoolMember(r.subject().type(), r.subject().id(), r.relation()))
        .toList();
  }

  /** 404 when the user, group or project is not a member. */
  public PoolMember get(ApiUser caller, int poolId, String type, String id) {
    return list(caller, poolId).stream()
        .filter(m -> m.type().equals(type) && m.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                RenkuException.notFound(
                    "The "
                        + type
                        + " "
                        + id
                        + " is not a member of resource pool "
                        + poolId
                        + "."));
  }

  /**
   * Adds the members or changes their roles; with {@code replace}, removes every other member.
   * Returns all members afterwards.
   */
  @Transactional
  public List<PoolMember> set(
      ApiUser caller, int poolId, List<PoolMember> wanted, boolean replace) {
    caller.requireAdmin();
    pools.lock(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    Map<String, PoolMember> byKey = new LinkedHashMap<>();
    for (PoolMember m : wanted) {
      PoolMember checked = withRole(m);
      byKey.put(checked.type() + ":" + checked.id(), checked);
    }
    for (PoolMember m : byKey.values()) {
      requireExists(m);
    }
    ObjectRef pool = PlatformRelations.resourcePool(poolId);
    List<RelationshipUpdate> updates = new ArrayList<>();
    if (replace) {
      for (PoolMember m : members(poolId)) {
        if (!byKey.containsKey(m.type() + ":" + m.id())) {
          updates.addAll(removal(pool, m.type(), m.id()));
        }
      }
    }
    for (PoolMember m : byKey.values()) {
      SubjectRef subject = new SubjectRef(m.type(), m.id());
      if (USER.equals(m.type())) {
        String other = "viewer".equals(m.role()) ? "prohibited" : "viewer";
        updates.add(PlatformRelations.delete(pool, other, subject));
      }
      updates.add(PlatformRelations.touch(pool, m.role(), subject));
    }
    authz.write(updates);
    log.info("User {} set {} member(s) of resource pool {}", caller.id(), byKey.size(), poolId);
    return members(poolId);
  }

  /** Removing a non-member is fine. */
  @Transactional
  public void remove(ApiUser caller, int poolId, String type, String id) {
    caller.requireAdmin();
    pools.lock(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    authz.write(removal(PlatformRelations.resourcePool(poolId), type, id));
  }

  /** The pools a user may use; 404 when there is no such user. */
  public List<ResourcePool> poolsOf(ApiUser caller, String userId) {
    caller.requireAdmin();
    users
        .find(userId)
        .orElseThrow(() -> RenkuException.notFound("User with id " + userId + " does not exist."));
    return poolService.listFor(userId);
  }

  /** The members with their details; a member whose user, group or project is gone has none. */
  public List<PoolMemberDetails> describe(List<PoolMember> members) {
    return members.stream().map(this::describe).toList();
  }

  private PoolMemberDetails describe(PoolMember m) {
    return switch (m.type()) {
      case USER ->
          new PoolMemberDetails(
              m, users.find(m.id()).map(u -> u.email()).orElse(null), null, null, null);
      case GROUP ->
          groups
              .findById(m.id())
              .map(g -> new PoolMemberDetails(m, null, g.name(), g.slug(), null))
              .orElse(new PoolMemberDetails(m, null, null, null, null));
      default ->
          projects
              .findById(m.id())
              .map(
                  p ->
                      new PoolMemberDetails(
                          m, null, p.name(), null, p.namespaceSlug() + "/" + p.slug()))
              .orElse(new PoolMemberDetails(m, null, null, null, null));
    };
  }

  /**
   * The original's older allow-list view of a pool: its user members with the role viewer, the same
   * relationships {@code /members} lists (groups, projects and prohibited users only there).
   */
  public List<String> users(ApiUser caller, int poolId) {
    caller.requireAdmin();
    pools.get(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    return viewerUsers(poolId);
  }

  private List<String> viewerUsers(int poolId) {
    return members(poolId).stream()
        .filter(m -> USER.equals(m.type()) && "viewer".equals(m.role()))
        .map(PoolMember::id)
        .toList();
  }

  /**
   * Makes the users viewers of the pool (also prohibited ones); with {@code replace}, the other
   * viewer users lose their membership (prohibited users, groups and projects are kept). 404 for a
   * user that does not exist, before anything is written. Returns the viewer users afterwards.
   */
  @Transactional
  public List<String> setUsers(ApiUser caller, int poolId, List<String> userIds, boolean replace) {
    caller.requireAdmin();
    pools.lock(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    Set<String> wanted = new LinkedHashSet<>(userIds);
    wanted.forEach(this::requireUser);
    ObjectRef pool = PlatformRelations.resourcePool(poolId);
    List<RelationshipUpdate> updates = new ArrayList<>();
    if (replace) {
      for (String id : viewerUsers(poolId)) {
        if (!wanted.contains(id)) {
          updates.add(PlatformRelations.delete(pool, "viewer", PlatformRelations.user(id)));
        }
      }
    }
    for (String id : wanted) {
      updates.addAll(grant(pool, id));
    }
    authz.write(updates);
    log.info("User {} set {} user(s) of resource pool {}", caller.id(), wanted.size(), poolId);
    return viewerUsers(poolId);
  }

  /**
   * Whether the user has access of its own: a viewer member, or (as the original) any existing user
   * not prohibited from a public pool. 404 otherwise, and for an unknown pool or user.
   */
  public String user(ApiUser caller, int poolId, String userId) {
    caller.requireAdmin();
    ResourcePool p = pools.get(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    requireUser(userId);
    List<PoolMember> all = members(poolId);
    boolean viewer =
        all.stream()
            .anyMatch(
                m -> USER.equals(m.type()) && m.id().equals(userId) && "viewer".equals(m.role()));
    boolean prohibited =
        all.stream()
            .anyMatch(
                m ->
                    USER.equals(m.type())
                        && m.id().equals(userId)
                        && "prohibited".equals(m.role()));
    if (viewer || (p.isPublic() && !prohibited)) {
      return userId;
    }
    throw RenkuException.notFound(
        "The user with id "
            + userId
            + " has no access of its own to resource pool "
            + poolId
            + ".");
  }

  /**
   * Takes the user's access away: on the default pool the user becomes prohibited (the original's
   * {@code no_default_access}), elsewhere its viewer membership goes. 404 for an unknown user.
   */
  @Transactional
  public void removeUser(ApiUser caller, int poolId, String userId) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> ResourcePoolService.notFound(poolId));
    requireUser(userId);
    ObjectRef pool = PlatformRelations.resourcePool(poolId);
    SubjectRef subject = PlatformRelations.user(userId);
    List<RelationshipUpdate> updates = new ArrayList<>();
    updates.add(PlatformRelations.delete(pool, "viewer", subject));
    if (p.isDefault()) {
      updates.add(PlatformRelations.touch(pool, "prohibited", subject));
    }
    authz.write(updates);
  }

  /**
   * Makes the user a viewer of each pool; with {@code replace}, the user's viewer memberships of
   * other pools go (prohibitions, groups and projects are kept). 404 for an unknown user or pool,
   * before anything is written. The caller reads the user's pools afterwards with {@link #poolsOf},
   * once the relationships reached SpiceDB (after the commit).
   */
  @Transactional
  public void setPoolsOf(ApiUser caller, String userId, List<Integer> poolIds, boolean replace) {
    caller.requireAdmin();
    requireUser(userId);
    Set<Integer> wanted = new TreeSet<>(poolIds);
    // Locked in id order, so that concurrent requests cannot deadlock.
    for (int id : wanted) {
      pools.lock(id).orElseThrow(() -> ResourcePoolService.notFound(id));
    }
    SubjectRef subject = PlatformRelations.user(userId);
    List<RelationshipUpdate> updates = new ArrayList<>();
    if (replace) {
      for (ResourcePool p : pools.list(null)) {
        if (!wanted.contains(p.id()) && viewerUsers(p.id()).contains(userId)) {
          updates.add(
              PlatformRelations.delete(PlatformRelations.resourcePool(p.id()), "viewer", subject));
        }
      }
    }
    for (int id : wanted) {
      updates.addAll(grant(PlatformRelations.resourcePool(id), userId));
    }
    authz.write(updates);
    log.info("User {} set {} pool(s) of user {}", caller.id(), wanted.size(), userId);
  }

  private static List<RelationshipUpdate> grant(ObjectRef pool, String userId) {
    SubjectRef subject = PlatformRelations.user(userId);
    return List.of(
        PlatformRelations.delete(pool, "prohibited", subject),
        PlatformRelations.touch(pool, "viewer", subject));
  }

  private void requireUser(String userId) {
    users
        .find(userId)
        .orElseThrow(() -> RenkuException.notFound("User with id " + userId + " does not exist."));
  }

  private static List<RelationshipUpdate> removal(ObjectRef pool, String type, String id) {
    SubjectRef subject = new SubjectRef(type, id);
    return switch (type) {
      case USER ->
          List.of(
              PlatformRelations.delete(pool, "viewer", subject),
              PlatformRelations.delete(pool, "prohibited", subject));
      case GROUP -> List.of(PlatformRelations.delete(pool, "group_viewer", subject));
      case PROJECT -> List.of(PlatformRelations.delete(pool, "project_viewer", subject));
      default -> throw RenkuException.validation("member_type", "must be user, group or project");
    };
  }

  /** The member with its role checked against its type, or the type's usual role when none. */
  private static PoolMember withRole(PoolMember m) {
    String role = m.role();
    switch (m.type()) {
      case USER -> {
        if (role == null) {
          role = "viewer";
        } else if (!role.equals("viewer") && !role.equals("prohibited")) {
          throw RenkuException.validation("role", "a user's role is viewer or prohibited");
        }
      }
      case GROUP -> {
        if (role == null) {
          role = "group_viewer";
        } else if (!role.equals("group_viewer")) {
          throw RenkuException.validation("role", "a group's role is group_viewer");
        }
      }
      case PROJECT -> {
        if (role == null) {
          role = "project_viewer";
        } else if (!role.equals("project_viewer")) {
          throw RenkuException.validation("role", "a project's role is project_viewer");
        }
      }
      default -> throw RenkuException.validation("member_type", "must be user, group or project");
    }
    return new PoolMember(m.type(), m.id(), role);
  }

  private void requireExists(PoolMember m) {
    boolean exists =
        switch (m.type()) {
          case USER -> users.find(m.id()).isPresent();
          case GROUP -> groups.findById(m.id()).isPresent();
          default -> projects.findById(m.id()).isPresent();
        };
    if (!exists) {
      throw RenkuException.validation("id", "there is no " + m.type() + " with id " + m.id());
    }
  }
}
