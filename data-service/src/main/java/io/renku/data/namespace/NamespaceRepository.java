package io.renku.data.namespace;

import io.renku.authz.ResourceSet;
import io.renku.core.Page;
import io.renku.core.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for namespaces: slugs shared by users and groups, and the slugs they had before. */
@Repository
public class NamespaceRepository {
  private static final String SELECT =
      """
      SELECT n.id, n.slug, n.user_id, n.group_id,
             CASE WHEN n.user_id IS NOT NULL
                  THEN nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '')
                  ELSE g.name END AS name,
             coalesce(g.created_by, n.user_id) AS created_by,
             coalesce(g.creation_date, u.creation_date) AS creation_date
      FROM common.namespaces n
      LEFT JOIN users.users u ON u.id = n.user_id
      LEFT JOIN common.groups g ON g.id = n.group_id
      """;

  private final JdbcClient jdbc;

  public NamespaceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The namespace with this slug now, or whose slug this was before a rename. */
  public Optional<Namespace> findBySlug(String slug) {
    Optional<Namespace> current = findByCurrentSlug(slug);
    if (current.isPresent()) {
      return current;
    }
    return jdbc.sql(
            SELECT + " JOIN common.namespaces_old o ON o.latest_slug_id = n.id WHERE o.slug = ?")
        .param(slug)
        .query(NamespaceRepository::map)
        .optional();
  }

  public Optional<Namespace> findByCurrentSlug(String slug) {
    return jdbc.sql(SELECT + " WHERE n.slug = ?")
        .param(slug)
        .query(NamespaceRepository::map)
        .optional();
  }

  /**
   * The namespace a project makes: the project {@code projectSlug} in the user or group namespace
   * {@code namespaceId}, with its path under the namespace's current slug.
   */
  public Optional<Namespace> findProject(String namespaceId, String projectSlug) {
    return jdbc.sql(
            """
            SELECT p.id, n.slug || '/' || p.slug AS path, p.name, p.created_by, p.creation_date
            FROM projects.projects p JOIN common.namespaces n ON n.id = p.namespace_id
            WHERE p.namespace_id = ? AND p.slug = ?""")
        .params(namespaceId, projectSlug)
        .query(
            (rs, n) ->
                new Namespace(
                    rs.getString("id"),
                    rs.getString("path"),
                    Namespace.Kind.PROJECT,
                    rs.getString("id"),
                    rs.getString("name"),
                    rs.getString("created_by"),
                    rs.getObject("creation_date", OffsetDateTime.class)))
        .optional();
  }

  public Optional<Namespace> findById(String id) {
    return jdbc.sql(SELECT + " WHERE n.id = ?")
        .param(id)
        .query(NamespaceRepository::map)
        .optional();
  }

  public Optional<Namespace> findByUser(String userId) {
    return jdbc.sql(SELECT + " WHERE n.user_id = ?")
        .param(userId)
        .query(NamespaceRepository::map)
        .optional();
  }

  public Optional<Namespace> findByGroup(String groupId) {
    return jdbc.sql(SELECT + " WHERE n.group_id = ?")
        .param(groupId)
        .query(NamespaceRepository::map)
        .optional();
  }

  /** Whether a slug is used by a namespace now or was used by one before. */
  public boolean slugTaken(String slug) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM common.namespaces WHERE slug = :s)
                OR EXISTS (SELECT 1 FROM common.namespaces_old WHERE slug = :s)""")
        .param("s", slug)
        .query(Boolean.class)
        .single();
  }

  public void insertForUser(String id, String slug, String userId) {
    jdbc.sql("INSERT INTO common.namespaces (id, slug, user_id) VALUES (?, ?, ?)")
        .params(id, slug, userId)
        .update();
  }

  public void insertForGroup(String id, String slug, String groupId) {
    jdbc.sql("INSERT INTO common.namespaces (id, slug, group_id) VALUES (?, ?, ?)")
        .params(id, slug, groupId)
        .update();
  }

  /** Renames a namespace and remembers the old slug so old links still resolve. */
  public void rename(String namespaceId, String oldSlug, String newSlug) {
    jdbc.sql("DELETE FROM common.namespaces_old WHERE slug = ? AND latest_slug_id = ?")
        .params(newSlug, namespaceId)
        .update();
    jdbc.sql("UPDATE common.namespaces SET slug = ? WHERE id = ?")
        .params(newSlug, namespaceId)
        .update();
    jdbc.sql(
            """
            INSERT INTO common.namespaces_old (slug, latest_slug_id) VALUES (?, ?)
            ON CONFLICT (slug) DO UPDATE SET latest_slug_id = excluded.latest_slug_id""")
        .params(oldSlug, namespaceId)
        .update();
  }

  /**
   * The namespaces a user can act in: their own, the groups in {@code groups} and (when asked) the
   * projects in {@code projects} (sets from the authorization module, e.g. where the user holds at
   * least some role), in that order, newest first within each kind.
   */
  public Page<Namespace> listForUser(
      String userId,
      ResourceSet.Query groups,
      ResourceSet.Query projects,
      List<Namespace.Kind> kinds,
      Paging paging) {
    String sql =
        """
        WITH all_ns AS (
          SELECT 0 AS ord, n.id, n.slug, 'USER' AS kind, n.user_id AS owner_id,
                 nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS name,
                 n.user_id AS created_by, u.creation_date, n.slug AS path
          FROM common.namespaces n JOIN users.users u ON u.id = n.user_id
          WHERE n.user_id = :user AND :withUser
          UNION ALL
          SELECT 1, n.id, n.slug, 'GROUP', g.id, g.name, g.created_by, g.creation_date, n.slug
          FROM common.groups g JOIN common.namespaces n ON n.group_id = g.id
          WHERE :withGroups AND g.id IN (%s)
          UNION ALL
          SELECT 2, p.id, p.slug, 'PROJECT', p.id, p.name, p.created_by, p.creation_date,
                 n.slug || '/' || p.slug
          FROM projects.projects p JOIN common.namespaces n ON n.id = p.namespace_id
          WHERE :withProjects AND p.id IN (%s))
        SELECT *, count(*) OVER () AS total FROM all_ns
        ORDER BY ord, creation_date DESC, id
        LIMIT :limit OFFSET :offset"""
            .formatted(groups.select(), projects.select());
    long[] total = {0};
    List<Namespace> items =
        jdbc.sql(sql)
            .param("user", userId)
            .param("withUser", kinds.contains(Namespace.Kind.USER))
            .param("withGroups", kinds.contains(Namespace.Kind.GROUP))
            .param("withProjects", kinds.contains(Namespace.Kind.PROJECT))
            .params(groups.params())
            .params(projects.params())
            .param("limit", paging.perPage())
            .param("offset", paging.offset())
            .query(
                (rs, n) -> {
                  total[0] = rs.getLong("total");
                  return new Namespace(
                      rs.getString("id"),
                      rs.getString("path"),
                      Namespace.Kind.valueOf(rs.getString("kind")),
                      rs.getString("owner_id"),
                      rs.getString("name"),
                      rs.getString("created_by"),
                      rs.getObject("creation_date", OffsetDateTime.class));
                })
            .list();
    if (items.isEmpty() && paging.page() > 1) {
      total[0] = countForUser(userId, groups, projects, kinds);
    }
    return new Page<>(items, paging, total[0]);
  }

  private long countForUser(
      String userId,
      ResourceSet.Query groups,
      ResourceSet.Query projects,
      List<Namespace.Kind> kinds) {
    return jdbc.sql(
            """
            SELECT (CASE WHEN :withUser THEN
                      (SELECT count(*) FROM common.namespaces WHERE user_id = :user) ELSE 0 END)
                 + (CASE WHEN :withGroups THEN (SELECT count(*) FROM common.groups g
                      WHERE g.id IN (%s)) ELSE 0 END)
                 + (CASE WHEN :withProjects THEN (SELECT count(*) FROM projects.projects p
                      WHERE p.id IN (%s)) ELSE 0 END)"""
                .formatted(groups.select(), projects.select()))
        .param("user", userId)
        .param("withUser", kinds.contains(Namespace.Kind.USER))
        .param("withGroups", kinds.contains(Namespace.Kind.GROUP))
        .param("withProjects", kinds.contains(Namespace.Kind.PROJECT))
        .params(groups.params())
        .params(projects.params())
        .query(Long.class)
        .single();
  }

  static Namespace map(ResultSet rs, int n) throws SQLException {
    boolean user = rs.getString("user_id") != null;
    return new Namespace(
        rs.getString("id"),
        rs.getString("slug"),
        user ? Namespace.Kind.USER : Namespace.Kind.GROUP,
        user ? rs.getString("user_id") : rs.getString("group_id"),
        rs.getString("name"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
