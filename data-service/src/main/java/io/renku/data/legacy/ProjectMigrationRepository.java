package io.renku.data.legacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code legacy.project_migrations} (one row per v1 id and per project). */
@Repository
public class ProjectMigrationRepository {
  private static final String COLUMNS = "v1_id, project_id, launcher_id";

  private final JdbcClient jdbc;

  public ProjectMigrationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ProjectMigration> byV1Id(long v1Id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM legacy.project_migrations WHERE v1_id = ?")
        .param(v1Id)
        .query(ProjectMigrationRepository::map)
        .optional();
  }

  public Optional<ProjectMigration> byProject(String projectId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM legacy.project_migrations WHERE project_id = ?")
        .param(projectId)
        .query(ProjectMigrationRepository::map)
        .optional();
  }

  public List<ProjectMigration> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM legacy.project_migrations ORDER BY v1_id")
        .query(ProjectMigrationRepository::map)
        .list();
  }

  /**
   * Records a migration; false when the v1 id was migrated already (nothing written), so that two
   * racing migrations of one v1 project end in one.
   */
  public boolean insert(ProjectMigration m, String createdBy) {
    return jdbc.sql(
                """
                INSERT INTO legacy.project_migrations (v1_id, project_id, launcher_id, created_by)
                VALUES (:v1, :project, :launcher, :by) ON CONFLICT (v1_id) DO NOTHING
                """)
            .param("v1", m.v1Id())
            .param("project", m.projectId())
            .param("launcher", m.launcherId())
            .param("by", createdBy)
            .update()
        == 1;
  }

  private static ProjectMigration map(ResultSet rs, int n) throws SQLException {
    return new ProjectMigration(
        rs.getLong("v1_id"), rs.getString("project_id"), rs.getString("launcher_id"));
  }
}
