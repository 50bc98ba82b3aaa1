package io.renku.data.launcher;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code sessions.launchers}; environments are read through {@link EnvironmentRepository}.
 */
@Repository
public class LauncherRepository {
  /** A launcher row before its environment is attached. */
  public record Row(
      String id,
      String projectId,
      String name,
      String description,
      String environmentId,
      Integer resourceClassId,
      Long diskStorage,
      List<Launcher.EnvVariable> envVariables,
      String launcherType,
      OffsetDateTime creationDate) {}

  private static final String COLUMNS =
      "id, project_id, name, description, environment_id, resource_class_id, disk_storage,"
          + " env_names, env_values, launcher_type, creation_date";

  private final JdbcClient jdbc;

  public LauncherRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Row> get(String id, boolean forUpdate) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.launchers WHERE id = :id"
                + (forUpdate ? " FOR UPDATE" : ""))
        .param("id", id)
        .query(LauncherRepository::map)
        .optional();
  }

  /** The launcher that owns or uses the environment (an own environment has exactly one). */
  public Optional<Row> byEnvironment(String environmentId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.launchers WHERE environment_id = :e ORDER BY id LIMIT 1")
        .param("e", environmentId)
        .query(LauncherRepository::map)
        .optional();
  }

  public List<Row> forProject(String projectId) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM sessions.launchers WHERE project_id = :p ORDER BY id")
        .param("p", projectId)
        .query(LauncherRepository::map)
        .list();
  }

  /** Every launcher, oldest first; callers filter by what the caller may read. */
  public List<Row> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sessions.launchers ORDER BY id")
        .query(LauncherRepository::map)
        .list();
  }

  public void insert(Row r, String createdBy) {
    jdbc.sql(
            "INSERT INTO sessions.launchers (id, project_id, name, description, environment_id,"
                + " resource_class_id, disk_storage, env_names, env_values, launcher_type,"
                + " created_by_id, creation_date) VALUES (:id, :project, :name, :description,"
                + " :env, :class, :disk, :names, :values, :type, :createdBy, :created)")
        .param("id", r.id())
        .param("project", r.projectId())
        .param("name", r.name())
        .param("description", r.description())
        .param("env", r.environmentId())
        .param("class", r.resourceClassId())
        .param("disk", r.diskStorage())
        .param("names", names(r))
        .param("values", values(r))
        .param("type", r.launcherType())
        .param("createdBy", createdBy)
        .param("created", r.creationDate())
        .update();
  }

  public void update(Row r) {
    jdbc.sql(
            "UPDATE sessions.launchers SET name = :name, description = :description,"
                + " environment_id = :env, resource_class_id = :class, disk_storage = :disk,"
                + " env_names = :names,"
                + " env_values = :values, launcher_type = :type WHERE id = :id")
        .param("id", r.id())
        .param("name", r.name())
        .param("description", r.description())
        .param("env", r.environmentId())
        .param("class", r.resourceClassId())
        .param("disk", r.diskStorage())
        .param("names", names(r))
        .param("values", values(r))
        .param("type", r.launcherType())
        .update();
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM sessions.launchers WHERE id = :id").param("id", id).update();
  }

  private static String[] names(Row r) {
    return r.envVariables().stream().map(Launcher.EnvVariable::name).toArray(String[]::new);
  }

  private static String[] values(Row r) {
    return r.envVariables().stream().map(Launcher.EnvVariable::value).toArray(String[]::new);
  }

  private static Row map(ResultSet rs, int n) throws SQLException {
    String[] names = (String[]) rs.getArray("env_names").getArray();
    String[] values = (String[]) rs.getArray("env_values").getArray();
    List<Launcher.EnvVariable> env = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      env.add(new Launcher.EnvVariable(names[i], i < values.length ? values[i] : null));
    }
    return new Row(
        rs.getString("id"),
        rs.getString("project_id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("environment_id"),
        rs.getObject("resource_class_id", Integer.class),
        rs.getObject("disk_storage", Long.class),
        env,
        rs.getString("launcher_type"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
