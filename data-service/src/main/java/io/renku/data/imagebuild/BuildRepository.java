package io.renku.data.imagebuild;

import io.renku.data.build.BuildStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code sessions.builds}. */
@Repository
public class BuildRepository {
  private static final String COLUMNS =
      "id, environment_id, status, created_at, error_reason, completed_at, result_image,"
          + " result_repository_url, result_commit_sha";

  private final JdbcClient jdbc;

  public BuildRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a new build in progress. Fails with Spring's {@code DuplicateKeyException} when the
   * environment already has one in progress (the unique index {@code builds_one_in_progress_idx}).
   */
  public void insert(Build b, String createdBy) {
    jdbc.sql(
            "INSERT INTO sessions.builds (id, environment_id, status, created_at, created_by_id)"
                + " VALUES (:id, :env, :status, :created, :by)")
        .param("id", b.id())
        .param("env", b.environmentId())
        .param("status", b.status().value())
        .param("created", b.createdAt())
        .param("by", createdBy)
        .update();
  }

  public Optional<Build> get(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sessions.builds WHERE id = :id")
        .param("id", id)
        .query(BuildRepository::map)
        .optional();
  }

  /** Newest first. */
  public List<Build> forEnvironment(String environmentId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.builds WHERE environment_id = :env"
                + " ORDER BY created_at DESC, id DESC")
        .param("env", environmentId)
        .query(BuildRepository::map)
        .list();
  }

  public Optional<Build> inProgress(String environmentId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.builds WHERE environment_id = :env AND status = 'in_progress'")
        .param("env", environmentId)
        .query(BuildRepository::map)
        .optional();
  }

  /**
   * Ends a build that is still in progress; false when it had ended already (another request got
   * there first), so that what follows a build's end happens once.
   */
  public boolean finish(
      String id,
      BuildStatus status,
      String errorReason,
      OffsetDateTime completedAt,
      String image,
      String repositoryUrl,
      String commitSha) {
    return jdbc.sql(
                "UPDATE sessions.builds SET status = :status, error_reason = :reason,"
                    + " completed_at = :completed, result_image = :image,"
                    + " result_repository_url = :url, result_commit_sha = :sha"
                    + " WHERE id = :id AND status = 'in_progress'")
            .param("id", id)
            .param("status", status.value())
            .param("reason", errorReason)
            .param("completed", completedAt)
            .param("image", image)
            .param("url", repositoryUrl)
            .param("sha", commitSha)
            .update()
        == 1;
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM sessions.builds WHERE id = :id").param("id", id).update();
  }

  private static Build map(ResultSet rs, int n) throws SQLException {
    return new Build(
        rs.getString("id"),
        rs.getString("environment_id"),
        BuildStatus.parse(rs.getString("status")),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("error_reason"),
        rs.getObject("completed_at", OffsetDateTime.class),
        rs.getString("result_image"),
        rs.getString("result_repository_url"),
        rs.getString("result_commit_sha"));
  }
}
