package io.renku.data.environment;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code sessions.environments}. */
@Repository
public class EnvironmentRepository {
  private static final String COLUMNS =
      "id, name, description, container_image, default_url, uid, gid, working_directory,"
          + " mount_directory, port, command, args, is_archived, strip_path_prefix,"
          + " environment_kind, environment_image_source, creation_date, build_repository,"
          + " build_builder_variant, build_frontend_variant, build_repository_revision,"
          + " build_context_dir, build_platforms";
  private static final RowMapper<Environment> ROW = EnvironmentRepository::map;

  private final JdbcClient jdbc;

  public EnvironmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Environment> listGlobal(boolean includeArchived) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.environments WHERE environment_kind = 'GLOBAL'"
                + (includeArchived ? "" : " AND NOT is_archived")
                + " ORDER BY id")
        .query(ROW)
        .list();
  }

  public Optional<Environment> get(String id, boolean forUpdate) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.environments WHERE id = :id"
                + (forUpdate ? " FOR UPDATE" : ""))
        .param("id", id)
        .query(ROW)
        .optional();
  }

  /** Who created the environment; empty when unknown (the platform made it, or they left). */
  public Optional<String> createdBy(String id) {
    return jdbc.sql("SELECT created_by_id FROM sessions.environments WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(o -> o);
  }

  public void insert(Environment e, String createdBy) {
    jdbc.sql(
            "INSERT INTO sessions.environments (id, name, description, container_image,"
                + " default_url, uid, gid, working_directory, mount_directory, port, command, args,"
                + " is_archived, strip_path_prefix, environment_kind, environment_image_source,"
                + " created_by_id, creation_date, build_repository, build_builder_variant,"
                + " build_frontend_variant, build_repository_revision, build_context_dir,"
                + " build_platforms) VALUES (:id, :name, :description, :image, :url,"
                + " :uid, :gid, :workdir, :mountdir, :port, :command, :args, :archived, :strip,"
                + " :kind, :source, :createdBy, :created, :buildRepository, :builderVariant,"
                + " :frontendVariant, :revision, :contextDir, :platforms)")
        .param("id", e.id())
        .param("createdBy", createdBy)
        .param("created", e.creationDate())
        .params(values(e))
        .update();
  }

  public void update(Environment e) {
    jdbc.sql(
            "UPDATE sessions.environments SET name = :name, description = :description,"
                + " container_image = :image, default_url = :url, uid = :uid, gid = :gid,"
                + " working_directory = :workdir, mount_directory = :mountdir, port = :port,"
                + " command = :command, args = :args, is_archived = :archived,"
                + " strip_path_prefix = :strip, environment_image_source = :source,"
                + " build_repository = :buildRepository, build_builder_variant = :builderVariant,"
                + " build_frontend_variant = :frontendVariant, build_repository_revision = :revision,"
                + " build_context_dir = :contextDir, build_platforms = :platforms WHERE id = :id")
        .param("id", e.id())
        .params(values(e))
        .update();
  }

  /** Returns whether a row was deleted. */
  public boolean delete(String id) {
    return jdbc.sql("DELETE FROM sessions.environments WHERE id = :id").param("id", id).update()
        > 0;
  }

  private static Map<String, Object> values(Environment e) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", e.name());
    v.put("description", e.description());
    v.put("image", e.containerImage());
    v.put("url", e.defaultUrl());
    v.put("uid", e.uid());
    v.put("gid", e.gid());
    v.put("workdir", e.workingDirectory());
    v.put("mountdir", e.mountDirectory());
    v.put("port", e.port());
    v.put("command", e.command() == null ? null : e.command().toArray(String[]::new));
    v.put("args", e.args() == null ? null : e.args().toArray(String[]::new));
    v.put("archived", e.archived());
    v.put("strip", e.stripPathPrefix());
    v.put("kind", e.kind());
    v.put("source", e.imageSource());
    BuildParameters b = e.build();
    v.put("buildRepository", b == null ? null : b.repository());
    v.put("builderVariant", b == null ? null : b.builderVariant());
    v.put("frontendVariant", b == null ? null : b.frontendVariant());
    v.put("revision", b == null ? null : b.revision());
    v.put("contextDir", b == null ? null : b.contextDir());
    v.put("platforms", b == null ? null : b.platforms().toArray(String[]::new));
    return v;
  }

  private static Environment map(ResultSet rs, int n) throws SQLException {
    return new Environment(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("container_image"),
        rs.getString("default_url"),
        rs.getInt("uid"),
        rs.getInt("gid"),
        rs.getString("working_directory"),
        rs.getString("mount_directory"),
        rs.getInt("port"),
        strings(rs.getArray("command")),
        strings(rs.getArray("args")),
        rs.getBoolean("is_archived"),
        rs.getBoolean("strip_path_prefix"),
        rs.getString("environment_kind"),
        rs.getString("environment_image_source"),
        rs.getObject("creation_date", OffsetDateTime.class),
        rs.getString("build_repository") == null
            ? null
            : new BuildParameters(
                rs.getString("build_repository"),
                rs.getString("build_builder_variant"),
                rs.getString("build_frontend_variant"),
                rs.getString("build_repository_revision"),
                rs.getString("build_context_dir"),
                strings(rs.getArray("build_platforms"))));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }

  /**
   * How many launchers use this environment. Asked here, not of the launchers, so that environments
   * (below launchers) need not know them.
   */
  public long launchersUsing(String environmentId) {
    return jdbc.sql("SELECT count(*) FROM sessions.launchers WHERE environment_id = :e")
        .param("e", environmentId)
        .query(Long.class)
        .single();
  }
}
