package io.renku.data.legacy;

import io.renku.data.dataconnector.DataConnectorStorage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for {@code legacy.cloud_storage}. Names are unique per project (a constraint, so that racing
 * writes end in one).
 */
@Repository
public class LegacyStorageRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> CONFIG =
      new TypeReference<>() {};
  private static final String COLUMNS =
      "id, project_id, project_ref, name, storage_type, configuration, source_path, target_path,"
          + " readonly";

  private final JdbcClient jdbc;

  public LegacyStorageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<LegacyStorage> forProject(String projectId) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM legacy.cloud_storage WHERE project_id = ? ORDER BY id")
        .param(projectId)
        .query(LegacyStorageRepository::map)
        .list();
  }

  /** The entry; {@code forUpdate} locks its row until the transaction ends. */
  public Optional<LegacyStorage> get(String id, boolean forUpdate) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM legacy.cloud_storage WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))
        .param(id)
        .query(LegacyStorageRepository::map)
        .optional();
  }

  public boolean nameTaken(String projectId, String name, String exceptId) {
    return Boolean.TRUE.equals(
        jdbc.sql(
                "SELECT EXISTS (SELECT 1 FROM legacy.cloud_storage"
                    + " WHERE project_id = ? AND name = ? AND id <> ?)")
            .params(projectId, name, exceptId == null ? "" : exceptId)
            .query(Boolean.class)
            .single());
  }

  public void insert(LegacyStorage s) {
    jdbc.sql(
            """
            INSERT INTO legacy.cloud_storage (id, project_id, project_ref, name, storage_type,
                configuration, source_path, target_path, readonly)
            VALUES (:id, :project_id, :project_ref, :name, :storage_type, :configuration::jsonb,
                :source_path, :target_path, :readonly)
            """)
        .params(values(s))
        .update();
  }

  public void update(LegacyStorage s) {
    jdbc.sql(
            """
            UPDATE legacy.cloud_storage SET name = :name, storage_type = :storage_type,
                configuration = :configuration::jsonb, source_path = :source_path,
                target_path = :target_path, readonly = :readonly
            WHERE id = :id
            """)
        .params(values(s))
        .update();
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM legacy.cloud_storage WHERE id = ?").param(id).update();
  }

  private static Map<String, Object> values(LegacyStorage s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("project_id", s.projectId());
    m.put("project_ref", s.projectRef());
    m.put("name", s.name());
    m.put("storage_type", s.storage().storageType());
    m.put("configuration", JSON.writeValueAsString(s.storage().configuration()));
    m.put("source_path", s.storage().sourcePath());
    m.put("target_path", s.storage().targetPath());
    m.put("readonly", s.storage().readonly());
    return m;
  }

  private static LegacyStorage map(ResultSet rs, int n) throws SQLException {
    return new LegacyStorage(
        rs.getString("id"),
        rs.getString("project_id"),
        rs.getString("project_ref"),
        rs.getString("name"),
        new DataConnectorStorage(
            rs.getString("storage_type"),
            JSON.readValue(rs.getString("configuration"), CONFIG),
            rs.getString("source_path"),
            rs.getString("target_path"),
            rs.getBoolean("readonly")));
  }
}
