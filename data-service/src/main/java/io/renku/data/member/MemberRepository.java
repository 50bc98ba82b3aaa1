package io.renku.data.member;

import io.renku.authz.ObjectRef;
import io.renku.core.Role;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads direct memberships from the Postgres relationship table, which holds exactly what SpiceDB
 * holds, so member lists need no SpiceDB round trip and join user names in one query.
 */
@Repository
public class MemberRepository {
  private final JdbcClient jdbc;

  public MemberRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Member> members(ObjectRef resource) {
    return jdbc.sql(
            """
            SELECT r.subject_id, r.relation, n.slug, u.first_name, u.last_name
            FROM authz.relationships r
            LEFT JOIN users.users u ON u.id = r.subject_id
            LEFT JOIN common.namespaces n ON n.user_id = r.subject_id
            WHERE r.resource_type = ? AND r.resource_id = ? AND r.subject_type = 'user'
              AND r.relation IN ('owner', 'editor', 'viewer') AND r.subject_id <> '*'
            ORDER BY CASE r.relation WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END,
                     n.slug, r.subject_id""")
        .params(resource.type(), resource.id())
        .query(
            (rs, n) ->
                new Member(
                    rs.getString("subject_id"),
                    rs.getString("slug"),
                    rs.getString("first_name"),
                    rs.getString("last_name"),
                    Role.parse(rs.getString("relation"))))
        .list();
  }

  /** Which of these user ids are registered users. */
  public Set<String> existingUsers(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        jdbc.sql("SELECT id FROM users.users WHERE id IN (:ids)")
            .param("ids", userIds)
            .query(String.class)
            .list());
  }

  /** Ids of the resources of a type on which the user holds a direct role. */
  public List<String> directlyMemberOf(String userId, String resourceType) {
    return jdbc.sql(
            """
            SELECT resource_id FROM authz.relationships
            WHERE subject_type = 'user' AND subject_id = ? AND resource_type = ?
              AND relation IN ('owner', 'editor', 'viewer')""")
        .params(userId, resourceType)
        .query(String.class)
        .list();
  }
}
