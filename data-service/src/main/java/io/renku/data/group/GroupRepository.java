package io.renku.data.group;

import io.renku.core.Page;
import io.renku.core.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for groups. Their slugs live in {@code common.namespaces}. */
@Repository
public class GroupRepository {
  private static final String SELECT =
      """
      SELECT g.id, g.name, n.slug, n.id AS namespace_id, g.description, g.created_by, g.creation_date
      FROM common.groups g JOIN common.namespaces n ON n.group_id = g.id
      """;

  private final JdbcClient jdbc;

  public GroupRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Group g) {
    jdbc.sql(
            """
            INSERT INTO common.groups (id, name, description, created_by, creation_date)
            VALUES (?, ?, ?, ?, ?)""")
        .params(g.id(), g.name(), g.description(), g.createdBy(), g.creationDate())
        .update();
  }

  public Optional<Group> findById(String id) {
    return jdbc.sql(SELECT + " WHERE g.id = ?").param(id).query(GroupRepository::map).optional();
  }

  /** Locks the group row until the end of the transaction (serialises member changes). */
  public Optional<Group> lock(String id) {
    return jdbc.sql(SELECT + " WHERE g.id = ? FOR UPDATE OF g")
        .param(id)
        .query(GroupRepository::map)
        .optional();
  }

  public Page<Group> list(Paging paging, List<String> onlyIds) {
    String where = onlyIds == null ? "" : " WHERE g.id IN (SELECT unnest(:ids::text[]))";
    var countQuery = jdbc.sql("SELECT count(*) FROM common.groups g" + where);
    var listQuery =
        jdbc.sql(
                SELECT + where + " ORDER BY g.creation_date DESC, g.id LIMIT :limit OFFSET :offset")
            .param("limit", paging.perPage())
            .param("offset", paging.offset());
    if (onlyIds != null) {
      String[] ids = onlyIds.toArray(String[]::new);
      countQuery = countQuery.param("ids", ids);
      listQuery = listQuery.param("ids", ids);
    }
    long total = countQuery.query(Long.class).single();
    return new Page<>(listQuery.query(GroupRepository::map).list(), paging, total);
  }

  public void update(String id, String name, String description) {
    jdbc.sql("UPDATE common.groups SET name = ?, description = ?, updated_at = now() WHERE id = ?")
        .params(name, description, id)
        .update();
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM common.groups WHERE id = ?").param(id).update();
  }

  private static Group map(ResultSet rs, int n) throws SQLException {
    return new Group(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("slug"),
        rs.getString("namespace_id"),
        rs.getString("description"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
