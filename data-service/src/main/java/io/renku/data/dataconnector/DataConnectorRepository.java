package io.renku.data.dataconnector;

import io.renku.authz.ResourceSet;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.Visibility;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for data connectors. */
@Repository
public class DataConnectorRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> CONFIG =
      new TypeReference<>() {};

  /**
   * The owner's path as the API shows it: the namespace's slug, or the project's namespace slug and
   * the project's slug; null for global connectors.
   */
  private static final String SELECT =
      """
      SELECT d.*, COALESCE(n.slug, pn.slug || '/' || p.slug) AS namespace_path
      FROM storage.data_connectors d
      LEFT JOIN common.namespaces n ON n.id = d.namespace_id
      LEFT JOIN projects.projects p ON p.id = d.project_id
      LEFT JOIN common.namespaces pn ON pn.id = p.namespace_id
      """;

  private final JdbcClient jdbc;

  public DataConnectorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(DataConnector d) {
    jdbc.sql(
            """
            INSERT INTO storage.data_connectors
              (id, namespace_id, project_id, slug, name, visibility, description, keywords,
               storage_type, configuration, source_path, target_path, readonly, doi,
               publisher_name, publisher_url, created_by, creation_date, updated_at)
            VALUES (:id, :namespace_id, :project_id, :slug, :name, :visibility, :description,
                    :keywords::varchar[], :storage_type, :configuration::jsonb, :source_path,
                    :target_path, :readonly, :doi, :publisher_name, :publisher_url, :created_by,
                    :creation_date, :updated_at)""")
        .params(columns(d))
        .update();
  }

  /** Writes every changeable field and moves {@code updated_at} forward. */
  public void update(DataConnector d) {
    jdbc.sql(
            """
            UPDATE storage.data_connectors SET namespace_id = :namespace_id,
              project_id = :project_id, slug = :slug, name = :name, visibility = :visibility,
              description = :description, keywords = :keywords::varchar[],
              storage_type = :storage_type, configuration = :configuration::jsonb,
              source_path = :source_path, target_path = :target_path, readonly = :readonly,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = :id""")
        .params(columns(d))
        .update();
  }

  private static Map<String, Object> columns(DataConnector d) {
    var m = new HashMap<String, Object>();
    m.put("id", d.id());
    m.put("namespace_id", d.namespaceId());
    m.put("project_id", d.projectId());
    m.put("slug", d.slug());
    m.put("name", d.name());
    m.put("visibility", d.visibility().value());
    m.put("description", d.description());
    m.put("keywords", d.keywords().toArray(String[]::new));
    m.put("storage_type", d.storage().storageType());
    m.put("configuration", JSON.writeValueAsString(d.storage().configuration()));
    m.put("source_path", d.storage().sourcePath());
    m.put("target_path", d.storage().targetPath());
    m.put("readonly", d.storage().readonly());
    m.put("doi", d.doi());
    m.put("publisher_name", d.publisherName());
    m.put("publisher_url", d.publisherUrl());
    m.put("created_by", d.createdBy());
    m.put("creation_date", d.creationDate());
    m.put("updated_at", d.updatedAt());
    return m;
  }

  public Optional<DataConnector> findById(String id) {
    return jdbc.sql(SELECT + "WHERE d.id = ?")
        .param(id)
        .query(DataConnectorRepository::map)
        .optional();
  }

  public Optional<DataConnector> lock(String id) {
    return jdbc.sql(SELECT + "WHERE d.id = ? FOR UPDATE OF d")
        .param(id)
        .query(DataConnectorRepository::map)
        .optional();
  }

  public Optional<DataConnector> findInNamespace(String namespaceId, String slug) {
    return jdbc.sql(SELECT + "WHERE d.namespace_id = ? AND d.slug = ?")
        .params(namespaceId, slug)
        .query(DataConnectorRepository::map)
        .optional();
  }

  public Optional<DataConnector> findInProject(String projectId, String slug) {
    return jdbc.sql(SELECT + "WHERE d.project_id = ? AND d.slug = ?")
        .params(projectId, slug)
        .query(DataConnectorRepository::map)
        .optional();
  }

  public Optional<DataConnector> findGlobalBySlug(String slug) {
    return jdbc.sql(SELECT + "WHERE d.namespace_id IS NULL AND d.project_id IS NULL AND d.slug = ?")
        .param(slug)
        .query(DataConnectorRepository::map)
        .optional();
  }

  public Optional<DataConnector> findGlobalByDoi(String doi) {
    return jdbc.sql(SELECT + "WHERE d.namespace_id IS NULL AND d.project_id IS NULL AND d.doi = ?")
        .param(doi)
        .query(DataConnectorRepository::map)
        .optional();
  }

  /** Whether the owner (a namespace or a project, exactly one not null) has this slug already. */
  public boolean slugTaken(String namespaceId, String projectId, String slug) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM storage.data_connectors
              WHERE slug = :slug AND (namespace_id = :ns OR project_id = :project))""")
        .param("slug", slug)
        .param("ns", namespaceId)
        .param("project", projectId)
        .query(Boolean.class)
        .single();
  }

  public boolean delete(String id) {
    return jdbc.sql("DELETE FROM storage.data_connectors WHERE id = ?").param(id).update() == 1;
  }

  /** The connectors a project owns (removed with it). */
  public List<String> idsOwnedByNamespace(String namespaceId) {
    return jdbc.sql("SELECT id FROM storage.data_connectors WHERE namespace_id = ?")
        .param(namespaceId)
        .query(String.class)
        .list();
  }

  public List<String> idsOwnedByProject(String projectId) {
    return jdbc.sql("SELECT id FROM storage.data_connectors WHERE project_id = ?")
        .param(projectId)
        .query(String.class)
        .list();
  }

  /**
   * Newest first. {@code readable} is null for a caller who sees everything (an admin); otherwise
   * the private connectors the caller can read (public ones are always listed).
   *
   * @param namespaceId only connectors of this user or group namespace, when not null
   * @param projectId only connectors of this project, when not null
   */
  public Page<DataConnector> list(
      ResourceSet.Query readable, String namespaceId, String projectId, Paging paging) {
    StringBuilder where = new StringBuilder("WHERE TRUE");
    var params = new HashMap<String, Object>();
    if (readable != null) {
      where.append(
          " AND (d.visibility = 'public' OR d.id IN (SELECT r.id FROM ("
              + readable.select()
              + ") AS r(id)))");
      params.putAll(readable.params());
    }
    if (namespaceId != null) {
      where.append(" AND d.namespace_id = :namespace");
      params.put("namespace", namespaceId);
    }
    if (projectId != null) {
      where.append(" AND d.project_id = :project");
      params.put("project", projectId);
    }
    long total =
        jdbc.sql("SELECT count(*) FROM storage.data_connectors d " + where)
            .params(params)
            .query(Long.class)
            .single();
    if (total == 0 || paging.offset() >= total) {
      return new Page<>(List.of(), paging, total);
    }
    List<DataConnector> items =
        jdbc.sql(
                SELECT
                    + where
                    + " ORDER BY d.creation_date DESC, d.id DESC LIMIT :limit OFFSET :offset")
            .params(params)
            .param("limit", paging.perPage())
            .param("offset", paging.offset())
            .query(DataConnectorRepository::map)
            .list();
    return new Page<>(items, paging, total);
  }

  /** Connectors by id, in no particular order (missing ids are left out). */
  public List<DataConnector> findAll(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(SELECT + "WHERE d.id = ANY(:ids::text[])")
        .param("ids", ids.toArray(String[]::new))
        .query(DataConnectorRepository::map)
        .list();
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  static DataConnector map(ResultSet rs, int n) throws SQLException {
    Map<String, Object> configuration = JSON.readValue(rs.getString("configuration"), CONFIG);
    return new DataConnector(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("namespace_id"),
        rs.getString("project_id"),
        rs.getString("namespace_path"),
        rs.getString("slug"),
        Visibility.parse(rs.getString("visibility")),
        rs.getString("description"),
        strings(rs.getArray("keywords")),
        new DataConnectorStorage(
            rs.getString("storage_type"),
            configuration,
            rs.getString("source_path"),
            rs.getString("target_path"),
            rs.getBoolean("readonly")),
        rs.getString("doi"),
        rs.getString("publisher_name"),
        rs.getString("publisher_url"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
