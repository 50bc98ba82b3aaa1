package io.renku.data.member;

import io.renku.authz.ObjectRef;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.authz.postgres.RelationshipStore;
import io.renku.core.RenkuException;
import io.renku.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Member changes shared by groups and projects. The caller's permission check and row lock come
 * first (in the owning service); this enforces that the entity always keeps an owner.
 */
@Component
public class Memberships {
  static final int MAX_CHANGES = 100;

  private final MemberRepository members;
  private final Authz authz;

  public Memberships(MemberRepository members, Authz authz) {
    this.members = members;
    this.authz = authz;
  }

  /** The ids of the resources of this type the user is a direct member of (no permission check). */
  public List<String> directlyMemberOf(String userId, String resourceType) {
    return authz.readableIds(PlatformRelations.user(userId), resourceType, "direct_member");
  }

  public List<Member> list(ObjectRef resource) {
    return members.members(roles(resource));
  }

  /** Who holds a role on the resource directly, as the authorization module reads it. */
  private RelationshipStore.SubjectRows roles(ObjectRef resource) {
    return authz.directSubjects(
        resource, Role.OWNER.value(), Role.EDITOR.value(), Role.VIEWER.value());
  }

  /** Adds members or changes their roles; never removes anyone. */
  public void upsert(ObjectRef resource, List<MemberChange> changes) {
    if (changes.size() > MAX_CHANGES) {
      throw RenkuException.validation("body", "at most " + MAX_CHANGES + " members per request");
    }
    Map<String, Role> wanted = new LinkedHashMap<>();
    for (MemberChange c : changes) {
      wanted.put(c.userId(), c.role());
    }
    var known = members.existingUsers(new ArrayList<>(wanted.keySet()));
    for (String id : wanted.keySet()) {
      if (!known.contains(id)) {
        throw RenkuException.notFound("User with id " + id + " does not exist.");
      }
    }
    Map<String, Role> after = new HashMap<>();
    for (Member m : members.members(roles(resource))) {
      after.put(m.userId(), m.role());
    }
    after.putAll(wanted);
    requireOwner(after);
    List<io.renku.authz.RelationshipUpdate> updates = new ArrayList<>();
    wanted.forEach((id, role) -> updates.addAll(PlatformRelations.setRole(resource, id, role)));
    authz.write(updates);
  }

  /** Removes a member; true if they were one (removing someone who is not changes nothing). */
  public boolean remove(ObjectRef resource, String userId) {
    Map<String, Role> after = new HashMap<>();
    boolean present = false;
    for (Member m : members.members(roles(resource))) {
      if (m.userId().equals(userId)) {
        present = true;
      } else {
        after.put(m.userId(), m.role());
      }
    }
    if (!present) {
      return false;
    }
    requireOwner(after);
    authz.write(PlatformRelations.removeMember(resource, userId));
    return true;
  }

  private static void requireOwner(Map<String, Role> after) {
    if (!after.containsValue(Role.OWNER)) {
      throw RenkuException.validation(
          "role", "the last owner cannot be removed or demoted; add another owner first");
    }
  }
}
