package io.renku.data.project;

import io.renku.authz.ResourceSet;
import io.renku.authz.postgres.RelationshipStore;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
      "SELECT "
          + COLUMNS
          + " FROM projects.projects p JOIN common.namespaces n ON n.id = p.namespace_id ";

  private final JdbcClient jdbc;

  /**
   * The number of public projects and the relationship generation it was counted at. Every project
   * list needs it for its {@code total} header; it can only change together with the relationships
   * (creation, deletion, visibility all write them), so it stays exact.
   */
  private volatile long[] publicCount;

  public ProjectRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The current relationship generation (see {@code RelationshipStore#generation()}). */
  private long generation() {
    return RelationshipStore.generation(jdbc);
  }

  private long publicCount(long generation) {
    long[] cached = publicCount;
    if (cached != null && cached[1] == generation) {
      return cached[0];
    }
    long count =
        jdbc.sql("SELECT count(*) FROM projects.projects WHERE visibility = 'public'")
            .query(Long.class)
            .single();
    publicCount = new long[] {count, generation};
    return count;
  }

  public void insert(Project p) {
    jdbc.sql(
            """
            INSERT INTO projects.projects
              (id, namespace_id, slug, name, visibility, description, keywords, repositories,
               documentation, secrets_mount_directory, created_by, creation_date, updated_at,
               template_id, is_template)
            VALUES (:id, :namespace_id, :slug, :name, :visibility, :description,
                    :keywords::varchar[], :repositories::varchar[], :documentation,
                    :secrets_mount_directory, :created_by, :creation_date, :updated_at,
                    :template_id, :is_template)""")
        .params(columns(p))
        .update();
  }

  /** Writes every changeable field of {@code p} and sets {@code updated_at} to now. */
  public void update(Project p) {
    jdbc.sql(
            """
            UPDATE projects.projects SET namespace_id = :namespace_id, slug = :slug, name = :name,
              visibility = :visibility, description = :description,
              keywords = :keywords::varchar[], repositories = :repositories::varchar[],
              documentation = :documentation, secrets_mount_directory = :secrets_mount_directory,
              template_id = :template_id, is_template = :is_template,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = :id""")
        .params(columns(p))
        .update();
  }

  private static java.util.Map<String, Object> columns(Project p) {
    var m = new java.util.HashMap<String, Object>();
    m.put("id", p.id());
    m.put("namespace_id", p.namespaceId());
    m.put("slug", p.slug());
    m.put("name", p.name());
    m.put("visibility", p.visibility().value());
    m.put("description", p.description());
    m.put("keywords", p.keywords().toArray(String[]::new));
    m.put("repositories", p.repositories().toArray(String[]::new));
    m.put("documentation", p.documentation());
    m.put("secrets_mount_directory", p.secretsMountDirectory());
    m.put("created_by", p.createdBy());
    m.put("creation_date", p.creationDate());
    m.put("updated_at", p.updatedAt());
    m.put("template_id", p.templateId());
    m.put("is_template", p.isTemplate());
    return m;
  }

  public Optional<Project> findById(String id) {
    return jdbc.sql(SELECT + "WHERE p.id = ?").param(id).query(ProjectRepository::map).optional();
  }

  public Optional<Project> lock(String id) {
    return jdbc.sql(SELECT + "WHERE p.id = ? FOR UPDATE OF p")
        .param(id)
        .query(ProjectRepository::map)
        .optional();
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
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM projects.projects WHERE namespace_id = ? AND slug = ?)")
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
    List<String> filters = new ArrayList<>();
    var params = new java.util.HashMap<String, Object>();
    if (q.namespaceId() != null) {
      filters.add("p.namespace_id = :namespace");
      params.put("namespace", q.namespaceId());
    }
    if (q.onlyIds() != null) {
      filters.add("p.id = ANY(:only::text[])");
      params.put("only", q.onlyIds().toArray(String[]::new));
    }
    String extra = filters.isEmpty() ? "" : " AND " + String.join(" AND ", filters);
    String visible;
    long total;
    if (q.everything()) {
      visible = "TRUE";
      total = count("SELECT count(*) FROM projects.projects p WHERE TRUE" + extra, params);
    } else if (q.readerId() == null) {
      visible = "p.visibility = 'public'";
      total = publicCount(generation(), extra, params);
    } else {
      return listForReader(q.readerId(), q.readable(), extra, params, paging);
    }
    if (total == 0 || paging.offset() >= total) {
      return new Page<>(List.of(), paging, total);
    }
    var query =
        jdbc.sql(
                SELECT
                    + "WHERE "
                    + visible
                    + extra
                    + " ORDER BY p.updated_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
            .params(params)
            .param("limit", paging.perPage())
            .param("offset", paging.offset());
    return new Page<>(query.query(ProjectRepository::map).list(), paging, total);
  }

  /** The readable private projects of one user as of one relationship generation. */
  private record Readable(long generation, String[] ids, Map<String, Long> privateCounts) {}

  static final int MAX_CACHED_READERS = 10_000;

  /**
   * Per reader: which private projects they can read, and how many there are per filter. Valid
   * while {@code authz.generation} has not moved, which it does after every committed change of the
   * relationships (memberships, visibility, creation, deletion, moves), in this process or another
   * replica.
   */
  private final Map<String, Readable> readableByReader = new ConcurrentHashMap<>();

  private Page<Project> listForReader(
      String readerId,
      ResourceSet.Query readableSet,
      String extra,
      java.util.Map<String, Object> params,
      Paging paging) {
    // Read the generation first: whatever is computed after it is at least that fresh.
    long generation = generation();
    Readable readable = readableByReader.get(readerId);
    if (readable == null || readable.generation() != generation) {
      String[] ids =
          jdbc.sql("SELECT DISTINCT id FROM (" + readableSet.select() + ") AS r(id)")
              .params(readableSet.params())
              .query(String.class)
              .list()
              .toArray(String[]::new);
      readable = new Readable(generation, ids, new ConcurrentHashMap<>());
      if (readableByReader.size() >= MAX_CACHED_READERS) {
        readableByReader.clear();
      }
      readableByReader.put(readerId, readable);
    }
    params.put("readable", readable.ids());
    // Counts per namespace filter are kept; direct-member lists are rare and not cached.
    String countKey =
        params.containsKey("only") ? null : String.valueOf(params.getOrDefault("namespace", ""));
    Long privateTotal = countKey == null ? null : readable.privateCounts().get(countKey);
    if (privateTotal == null) {
      privateTotal =
          readable.ids().length == 0
              ? 0L
              : count(
                  "SELECT count(*) FROM unnest(:readable::text[]) AS r(id)"
                      + " JOIN projects.projects p ON p.id = r.id"
                      + " WHERE p.visibility = 'private'"
                      + extra,
                  params);
      if (countKey != null) {
        readable.privateCounts().put(countKey, privateTotal);
      }
    }
    long total = publicCount(generation, extra, params) + privateTotal;
    if (total == 0 || paging.offset() >= total) {
      return new Page<>(List.of(), paging, total);
    }
    // IN (SELECT unnest(...)) becomes a hashed set; "= ANY(array)" would compare every row with
    // every element once Postgres switches the prepared statement to a generic plan.
    List<Project> items =
        jdbc.sql(
                SELECT
                    + "WHERE (p.visibility = 'public' OR p.id IN (SELECT unnest(:readable::text[])))"
                    + extra
                    + " ORDER BY p.updated_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
            .params(params)
            .param("limit", paging.perPage())
            .param("offset", paging.offset())
            .query(ProjectRepository::map)
            .list();
    return new Page<>(items, paging, total);
  }

  private long publicCount(long generation, String extra, java.util.Map<String, Object> params) {
    return extra.isEmpty()
        ? publicCount(generation)
        : count(
            "SELECT count(*) FROM projects.projects p WHERE p.visibility = 'public'" + extra,
            params);
  }

  private long count(String sql, java.util.Map<String, Object> params) {
    var statement = jdbc.sql(sql);
    for (var e : params.entrySet()) {
      if (sql.contains(":" + e.getKey())) {
        statement = statement.param(e.getKey(), e.getValue());
      }
    }
    return statement.query(Long.class).single();
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
