package io.renku.data.project;

import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.Visibility;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for projects. */
@Repository
public class ProjectRepository {
  private static final String COLUMNS =
      """
      p.id, p.name, p.namespace_id, n.slug AS namespace_slug, p.slug, p.visibility, p.description,
      p.keywords, p.repositories, p.documentation, p.secrets_mount_directory, p.created_by,
      p.creation_date, p.updated_at, p.template_id, p.is_template
      """;
  private static final String SELECT =
      "SELECT " + COLUMNS + " FROM projects.projects p JOIN common.namespaces n ON n.id = p.namespace_id ";

  private final JdbcClient jdbc;

  public ProjectRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Project p) {
    jdbc.sql(
            """
            INSERT INTO projects.projects
              (id, namespace_id, slug, name, visibility, description, keywords, repositories,
               documentation, secrets_mount_directory, created_by, creation_date, updated_at,
               template_id, is_template)
            VALUES (?, ?, ?, ?, ?, ?, ?::varchar[], ?::varchar[], ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            p.id(),
            p.namespaceId(),
            p.slug(),
            p.name(),
            p.visibility().value(),
            p.description(),
            p.keywords().toArray(String[]::new),
            p.repositories().toArray(String[]::new),
            p.documentation(),
            p.secretsMountDirectory(),
            p.createdBy(),
            p.creationDate(),
            p.updatedAt(),
            p.templateId(),
            p.isTemplate())
        .update();
  }

  /** Writes every field of {@code p} and sets {@code updated_at} to now. */
  public void update(Project p) {
    jdbc.sql(
            """
            UPDATE projects.projects SET namespace_id = ?, slug = ?, name = ?, visibility = ?,
              description = ?, keywords = ?::varchar[], repositories = ?::varchar[], documentation = ?,
              secrets_mount_directory = ?, template_id = ?, is_template = ?,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = ?""")
        .params(
            p.namespaceId(),
            p.slug(),
            p.name(),
            p.visibility().value(),
            p.description(),
            p.keywords().toArray(String[]::new),
            p.repositories().toArray(String[]::new),
            p.documentation(),
            p.secretsMountDirectory(),
            p.templateId(),
            p.isTemplate(),
            p.id())
        .update();
  }

  public Optional<Project> findById(String id) {
    return jdbc.sql(SELECT + "WHERE p.id = ?").param(id).query(ProjectRepository::map).optional();
  }

  public Optional<Project> lock(String id) {
    return jdbc.sql(SELECT + "WHERE p.id = ? FOR UPDATE OF p").param(id).query(ProjectRepository::map).optional();
  }

  /** The project at a path now, or the one that had this path before a rename or move. */
  public Optional<Project> findByPath(String namespaceId, String slug) {
    Optional<Project> current =
        jdbc.sql(SELECT + "WHERE p.namespace_id = ? AND p.slug = ?")
            .params(namespaceId, slug)
            .query(ProjectRepository::map)
            .optional();
    if (current.isPresent()) {
      return current;
    }
    return jdbc.sql(
            SELECT
                + "JOIN projects.project_slugs_old o ON o.project_id = p.id"
                + " WHERE o.namespace_id = ? AND o.slug = ?")
        .params(namespaceId, slug)
        .query(ProjectRepository::map)
        .optional();
  }

  public boolean slugTaken(String namespaceId, String slug) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM projects.projects WHERE namespace_id = ? AND slug = ?)")
        .params(namespaceId, slug)
        .query(Boolean.class)
        .single();
  }

  /** Remembers a path the project had, so that links to it keep working. */
  public void rememberOldPath(String namespaceId, String slug, String projectId) {
    jdbc.sql(
            """
            INSERT INTO projects.project_slugs_old (namespace_id, slug, project_id) VALUES (?, ?, ?)
            ON CONFLICT (namespace_id, slug) DO UPDATE SET project_id = excluded.project_id,
              created_at = now()""")
        .params(namespaceId, slug, projectId)
        .update();
  }

  public boolean delete(String id) {
    return jdbc.sql("DELETE FROM projects.projects WHERE id = ?").param(id).update() == 1;
  }

  public List<String> idsInNamespace(String namespaceId) {
    return jdbc.sql("SELECT id FROM projects.projects WHERE namespace_id = ?")
        .param(namespaceId)
        .query(String.class)
        .list();
  }

  public List<Project> copiesOf(String templateId) {
    return jdbc.sql(SELECT + "WHERE p.template_id = ? ORDER BY p.creation_date DESC, p.id DESC")
        .param(templateId)
        .query(ProjectRepository::map)
        .list();
  }

  /** Newest first (by last update), as the original orders project lists. */
  public Page<Project> list(ProjectQuery q, Paging paging) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (!q.everything()) {
      if (q.privateIds().isEmpty()) {
        conditions.add("p.visibility = 'public'");
      } else {
        conditions.add("(p.visibility = 'public' OR p.id = ANY(?::text[]))");
        params.add(q.privateIds().toArray(String[]::new));
      }
    }
    if (q.namespaceId() != null) {
      conditions.add("p.namespace_id = ?");
      params.add(q.namespaceId());
    }
    if (q.onlyIds() != null) {
      conditions.add("p.id = ANY(?::text[])");
      params.add(q.onlyIds().toArray(String[]::new));
    }
    String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
    long total =
        jdbc.sql("SELECT count(*) FROM projects.projects p " + where)
            .params(params)
            .query(Long.class)
            .single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(paging.perPage());
    pageParams.add(paging.offset());
    List<Project> items =
        total == 0
            ? List.of()
            : jdbc.sql(SELECT + where + "ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?")
                .params(pageParams)
                .query(ProjectRepository::map)
                .list();
    return new Page<>(items, paging, total);
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  static Project map(ResultSet rs, int n) throws SQLException {
    return new Project(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("namespace_id"),
        rs.getString("namespace_slug"),
        rs.getString("slug"),
        Visibility.parse(rs.getString("visibility")),
        rs.getString("description"),
        strings(rs.getArray("keywords")),
        strings(rs.getArray("repositories")),
        rs.getString("documentation"),
        rs.getString("secrets_mount_directory"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class),
        rs.getString("template_id"),
        rs.getBoolean("is_template"));
  }
}
