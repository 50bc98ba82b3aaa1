package io.renku.authz.postgres;

import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.SubjectRef;
import io.renku.core.Role;
import java.util.ArrayList;
import java.util.List;

/** The relationships Renku writes for each kind of entity (renku-data-api §4.2). */
public final class PlatformRelations {
  public static final ObjectRef PLATFORM = new ObjectRef("platform", "renku");
  public static final SubjectRef PLATFORM_SUBJECT = new SubjectRef("platform", "renku", null);
  public static final SubjectRef ALL_USERS = new SubjectRef("user", "*", null);
  public static final SubjectRef ALL_ANONYMOUS = new SubjectRef("anonymous_user", "*", null);

  private PlatformRelations() {}

  public static ObjectRef project(String id) {
    return new ObjectRef("project", id);
  }

  public static ObjectRef group(String id) {
    return new ObjectRef("group", id);
  }

  public static ObjectRef userNamespace(String id) {
    return new ObjectRef("user_namespace", id);
  }

  public static ObjectRef resourcePool(int id) {
    return new ObjectRef("resource_pool", String.valueOf(id));
  }

  public static SubjectRef user(String id) {
    return new SubjectRef("user", id, null);
  }

  public static RelationshipUpdate touch(ObjectRef resource, String relation, SubjectRef subject) {
    return new RelationshipUpdate(
        RelationshipUpdate.Operation.TOUCH, new Relationship(resource, relation, subject));
  }

  public static RelationshipUpdate delete(ObjectRef resource, String relation, SubjectRef subject) {
    return new RelationshipUpdate(
        RelationshipUpdate.Operation.DELETE, new Relationship(resource, relation, subject));
  }

  /** Both public_viewer wildcards: everyone logged in, and anonymous visitors. */
  public static List<RelationshipUpdate> publicViewers(ObjectRef resource, boolean add) {
    return add
        ? List.of(
            touch(resource, "public_viewer", ALL_USERS),
            touch(resource, "public_viewer", ALL_ANONYMOUS))
        : List.of(
            delete(resource, "public_viewer", ALL_USERS),
            delete(resource, "public_viewer", ALL_ANONYMOUS));
  }

  public static List<RelationshipUpdate> newUserNamespace(String namespaceId, String userId) {
    ObjectRef ns = userNamespace(namespaceId);
    List<RelationshipUpdate> out = new ArrayList<>();
    out.add(touch(ns, "owner", user(userId)));
    out.add(touch(ns, "user_namespace_platform", PLATFORM_SUBJECT));
    out.addAll(publicViewers(ns, true));
    return out;
  }

  public static List<RelationshipUpdate> newGroup(String groupId, String creatorId) {
    ObjectRef g = group(groupId);
    List<RelationshipUpdate> out = new ArrayList<>();
    out.add(touch(g, "owner", user(creatorId)));
    out.add(touch(g, "group_platform", PLATFORM_SUBJECT));
    out.addAll(publicViewers(g, true));
    return out;
  }

  /** A new resource pool: linked to the platform (admins), and readable by all when public. */
  public static List<RelationshipUpdate> newResourcePool(int poolId, boolean isPublic) {
    ObjectRef pool = resourcePool(poolId);
    List<RelationshipUpdate> out = new ArrayList<>();
    out.add(touch(pool, "resource_pool_platform", PLATFORM_SUBJECT));
    if (isPublic) {
      out.addAll(publicViewers(pool, true));
    }
    return out;
  }

  /** Sets {@code userId}'s role on {@code resource}, removing any other role it had. */
  public static List<RelationshipUpdate> setRole(ObjectRef resource, String userId, Role role) {
    List<RelationshipUpdate> out = new ArrayList<>();
    for (Role r : Role.values()) {
      out.add(
          r == role
              ? touch(resource, r.value(), user(userId))
              : delete(resource, r.value(), user(userId)));
    }
    return out;
  }

  public static List<RelationshipUpdate> removeMember(ObjectRef resource, String userId) {
    List<RelationshipUpdate> out = new ArrayList<>();
    for (Role r : Role.values()) {
      out.add(delete(resource, r.value(), user(userId)));
    }
    return out;
  }
}
