package io.renku.data.tasks;

import io.renku.search.solr.Members;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who has which role on one entity while its members are put together: each user keeps the highest
 * role found (owner over editor over viewer), whether direct or through the namespace, so that a
 * user is in exactly one role field of the document.
 */
final class RoleTable {
  static final int VIEWER = 1;
  static final int EDITOR = 2;
  static final int OWNER = 3;

  private final Map<String, Integer> roles = new HashMap<>();

  static int rank(String relation) {
    return switch (relation) {
      case "owner" -> OWNER;
      case "editor" -> EDITOR;
      case "viewer" -> VIEWER;
      default -> throw new IllegalArgumentException("not a role: " + relation);
    };
  }

  void add(String userId, int rank) {
    roles.merge(userId, rank, Math::max);
  }

  void addAll(RoleTable other) {
    other.roles.forEach(this::add);
  }

  Set<String> users() {
    return Set.copyOf(roles.keySet());
  }

  /** The document's member fields; {@code direct} are the entity's own members. */
  Members members(Set<String> direct) {
    Set<String> owners = new HashSet<>();
    Set<String> editors = new HashSet<>();
    Set<String> viewers = new HashSet<>();
    roles.forEach(
        (user, rank) -> {
          switch (rank) {
            case OWNER -> owners.add(user);
            case EDITOR -> editors.add(user);
            default -> viewers.add(user);
          }
        });
    return new Members(owners, editors, viewers, direct);
  }
}
