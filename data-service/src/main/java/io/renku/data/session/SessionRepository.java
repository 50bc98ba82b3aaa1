package io.renku.data.session;

import io.renku.data.launcher.Launcher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code sessions.sessions}. */
@Repository
public class SessionRepository {
  private static final String COLUMNS =
      "name, owner_id, anonymous, project_id, launcher_id, session_type, resource_class_id,"
          + " resource_pool_id, cpu, memory_gb, gpu, disk_gb, quota_enforced, idle_threshold_s,"
          + " hibernation_threshold_s, image, command, args, env_names, env_values, port,"
          + " default_url, working_directory, uid, gid, mount_directory, repositories, token, desired_state, created_at, started_at,"
          + " last_interaction, hibernated_at";

  /** What the running sessions of a pool request together. */
  public record Usage(double cpu, long memoryGb, long gpu) {}

  private final JdbcClient jdbc;

  public SessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Session> get(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sessions.sessions WHERE name = :n")
        .param("n", name)
        .query(SessionRepository::map)
        .optional();
  }

  public List<Session> ofOwner(String ownerId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM sessions.sessions WHERE owner_id = :o ORDER BY created_at DESC, name")
        .param("o", ownerId)
        .query(SessionRepository::map)
        .list();
  }

  public List<Session> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sessions.sessions ORDER BY name")
        .query(SessionRepository::map)
        .list();
  }

  /**
   * Serialises starts and resumes in one pool until the transaction ends, so that two of them
   * cannot both fit under the quota that only one fits.
   */
  public void lockPool(int poolId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(:k1, :k2)")
        .param("k1", 0x5e55)
        .param("k2", poolId)
        .query(Object.class)
        .single();
  }

  /**
   * Serialises one caller's starts and resumes until the transaction ends (for the per-caller cap);
   * taken before {@link #lockAnonymous} and {@link #lockPool}, always in that order.
   */
  public void lockOwner(String ownerId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(:k1, hashtext(:owner))")
        .param("k1", 0x5e56)
        .param("owner", ownerId)
        .query(Object.class)
        .single();
  }

  /** Serialises anonymous starts and resumes on the whole platform (for the anonymous cap). */
  public void lockAnonymous() {
    jdbc.sql("SELECT pg_advisory_xact_lock(:k1, 0)")
        .param("k1", 0x5e57)
        .query(Object.class)
        .single();
  }

  /** How many of the owner's sessions should be running (running or starting). */
  public int countWantingToRun(String ownerId) {
    return jdbc.sql(
            "SELECT count(*) FROM sessions.sessions WHERE owner_id = :o"
                + " AND desired_state = 'running'")
        .param("o", ownerId)
        .query(Integer.class)
        .single();
  }

  /** How many sessions anonymous visitors have, running or paused (paused ones hold disk). */
  public int countAnonymous() {
    return jdbc.sql("SELECT count(*) FROM sessions.sessions WHERE anonymous")
        .query(Integer.class)
        .single();
  }

  /** What the sessions of the pool that count against its quota request together. */
  public Usage runningUsage(int poolId) {
    return jdbc.sql(
            "SELECT coalesce(sum(cpu), 0) AS cpu, coalesce(sum(memory_gb), 0) AS memory,"
                + " coalesce(sum(gpu), 0) AS gpu FROM sessions.sessions WHERE resource_pool_id"
                + " = :p AND desired_state = 'running' AND quota_enforced")
        .param("p", poolId)
        .query((rs, n) -> new Usage(rs.getDouble("cpu"), rs.getLong("memory"), rs.getLong("gpu")))
        .single();
  }

  /** Inserts the session unless one with its name exists; true if it was inserted. */
  public boolean insertIfAbsent(Session s) {
    return jdbc.sql(
                "INSERT INTO sessions.sessions ("
                    + COLUMNS
                    + ") VALUES (:name, :owner, :anonymous, :project, :launcher, :type, :class,"
                    + " :pool, :cpu, :memory, :gpu, :disk, :quotaEnforced, :idle, :hibernation,"
                    + " :image, :command, :args, :envNames, :envValues, :port, :defaultUrl,"
                    + " :workdir, :uid, :gid, :mount, :repos, :token, :state, :created, :started, :interaction, :hibernated)"
                    + " ON CONFLICT (name) DO NOTHING")
            .param("name", s.name())
            .param("owner", s.ownerId())
            .param("anonymous", s.anonymous())
            .param("project", s.projectId())
            .param("launcher", s.launcherId())
            .param("type", s.sessionType())
            .param("class", s.resourceClassId())
            .param("pool", s.resourcePoolId())
            .param("cpu", s.cpu())
            .param("memory", s.memoryGb())
            .param("gpu", s.gpu())
            .param("disk", s.diskGb())
            .param("quotaEnforced", s.quotaEnforced())
            .param("idle", s.idleThresholdSeconds())
            .param("hibernation", s.hibernationThresholdSeconds())
            .param("image", s.image())
            .param("command", s.command().toArray(String[]::new))
            .param("args", s.args().toArray(String[]::new))
            .param(
                "envNames", s.env().stream().map(Launcher.EnvVariable::name).toArray(String[]::new))
            .param(
                "envValues",
                s.env().stream().map(Launcher.EnvVariable::value).toArray(String[]::new))
            .param("port", s.port())
            .param("defaultUrl", s.defaultUrl())
            .param("workdir", s.workingDirectory())
            .param("uid", s.uid())
            .param("gid", s.gid())
            .param("mount", s.mountDirectory())
            .param("repos", s.repositories().toArray(String[]::new))
            .param("token", s.token())
            .param("state", s.desiredState())
            .param("created", s.createdAt())
            .param("started", s.startedAt())
            .param("interaction", s.lastInteraction())
            .param("hibernated", s.hibernatedAt())
            .update()
        == 1;
  }

  public void markRunning(String name, OffsetDateTime now) {
    jdbc.sql(
            "UPDATE sessions.sessions SET desired_state = 'running', started_at = :now,"
                + " last_interaction = :now, hibernated_at = NULL WHERE name = :n")
        .param("n", name)
        .param("now", now)
        .update();
  }

  public void markHibernated(String name, OffsetDateTime now) {
    jdbc.sql(
            "UPDATE sessions.sessions SET desired_state = 'hibernated', hibernated_at = :now"
                + " WHERE name = :n")
        .param("n", name)
        .param("now", now)
        .update();
  }

  public void changeClass(
      String name,
      int classId,
      int poolId,
      double cpu,
      long memoryGb,
      long gpu,
      boolean quotaEnforced,
      Long idle,
      Long hibernation) {
    jdbc.sql(
            "UPDATE sessions.sessions SET resource_class_id = :c, resource_pool_id = :p, cpu ="
                + " :cpu, memory_gb = :m, gpu = :g, quota_enforced = :q, idle_threshold_s = :i,"
                + " hibernation_threshold_s = :h WHERE name = :n")
        .param("n", name)
        .param("c", classId)
        .param("p", poolId)
        .param("cpu", cpu)
        .param("m", memoryGb)
        .param("g", gpu)
        .param("q", quotaEnforced)
        .param("i", idle)
        .param("h", hibernation)
        .update();
  }

  /**
   * Records activity, at most once per {@code granularitySeconds} per session so that busy sessions
   * do not write on every proxied request.
   */
  public void touch(String name, OffsetDateTime at, long granularitySeconds) {
    jdbc.sql(
            "UPDATE sessions.sessions SET last_interaction = :at WHERE name = :n AND"
                + " last_interaction < :at - make_interval(secs => :g)")
        .param("n", name)
        .param("at", at)
        .param("g", granularitySeconds)
        .update();
  }

  public boolean delete(String name) {
    return jdbc.sql("DELETE FROM sessions.sessions WHERE name = :n").param("n", name).update() == 1;
  }

  private static Session map(ResultSet rs, int n) throws SQLException {
    String[] names = (String[]) rs.getArray("env_names").getArray();
    String[] values = (String[]) rs.getArray("env_values").getArray();
    List<Launcher.EnvVariable> env = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      env.add(new Launcher.EnvVariable(names[i], i < values.length ? values[i] : null));
    }
    return new Session(
        rs.getString("name"),
        rs.getString("owner_id"),
        rs.getBoolean("anonymous"),
        rs.getString("project_id"),
        rs.getString("launcher_id"),
        rs.getString("session_type"),
        rs.getInt("resource_class_id"),
        rs.getInt("resource_pool_id"),
        rs.getDouble("cpu"),
        rs.getLong("memory_gb"),
        rs.getLong("gpu"),
        rs.getLong("disk_gb"),
        rs.getBoolean("quota_enforced"),
        rs.getObject("idle_threshold_s", Long.class),
        rs.getObject("hibernation_threshold_s", Long.class),
        rs.getString("image"),
        List.of((String[]) rs.getArray("command").getArray()),
        List.of((String[]) rs.getArray("args").getArray()),
        env,
        rs.getInt("port"),
        rs.getString("default_url"),
        rs.getString("working_directory"),
        rs.getInt("uid"),
        rs.getInt("gid"),
        rs.getString("mount_directory"),
        List.of((String[]) rs.getArray("repositories").getArray()),
        rs.getString("token"),
        rs.getString("desired_state"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("started_at", OffsetDateTime.class),
        rs.getObject("last_interaction", OffsetDateTime.class),
        rs.getObject("hibernated_at", OffsetDateTime.class));
  }
}
