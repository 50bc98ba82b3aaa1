package io.renku.data.member;

import io.renku.authz.postgres.RelationshipStore;
import io.renku.core.Role;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Member lists: the direct roles the authorization module reads from its Postgres table (what
 * SpiceDB holds, without a round trip), joined with user names in one query.
 */
@Repository
public class MemberRepository {
  private final JdbcClient jdbc;

  public MemberRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The members in {@code roles} (rows of the authorization module's relationship table) with their
   * names, owners first, in one query.
   */
  public List<Member> members(RelationshipStore.SubjectRows roles) {
    return jdbc.sql(
            """
            SELECT r.subject_id, r.relation, n.slug, u.first_name, u.last_name
            FROM (%s) r
            LEFT JOIN users.users u ON u.id = r.subject_id
            LEFT JOIN common.namespaces n ON n.user_id = r.subject_id
            WHERE r.subject_type = 'user'
            ORDER BY CASE r.relation WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END,
                     n.slug, r.subject_id"""
                .formatted(roles.select()))
        .params(roles.params())
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
}
