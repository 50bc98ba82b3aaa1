package io.renku.data.usage;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL for the usage log ({@code resource_pools.resource_requests_log}), pool limits and class costs
 * (V22).
 */
@Repository
public class UsageRepository {
  private final JdbcClient jdbc;

  public UsageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Appends the samples, each with its class's cost at this moment. */
  @Transactional
  public void insert(List<UsageSample> samples) {
    for (UsageSample s : samples) {
      jdbc.sql(
              """
              INSERT INTO resource_pools.resource_requests_log
                (session_name, since, user_id, project_id, launcher_id, resource_pool_id,
                 resource_class_id, resource_class_cost, cpu_request, memory_request_gb,
                 gpu_request, disk_request_gb, capture_date, capture_interval)
              VALUES (:name, :since, :user, :project, :launcher, :pool, :class,
                (SELECT cost FROM resource_pools.resource_class_costs
                  WHERE resource_class_id = :class),
                :cpu, :mem, :gpu, :disk, :at, make_interval(secs => :secs))
              """)
          .param("name", s.sessionName())
          .param("since", s.since())
          .param("user", s.userId())
          .param("project", s.projectId())
          .param("launcher", s.launcherId())
          .param("pool", s.poolId())
          .param("class", s.classId())
          .param("cpu", s.cpu())
          .param("mem", s.memoryGb())
          .param("gpu", s.gpu())
          .param("disk", s.diskGb())
          .param("at", s.captureDate())
          .param("secs", (double) s.captureInterval().toMillis() / 1000.0)
          .update();
    }
  }

  /**
   * The usage of a pool from {@code since} to {@code until} (both days included, UTC), by one user
   * or ({@code userId} null) by everyone. Each capture counts until the session's next capture, at
   * most its capture interval (so overlapping samplers or a sampler restart count no time twice),
   * as the original's query does; captures up to a day later are read for that.
   */
  public UsageSummary usage(int poolId, String userId, LocalDate since, LocalDate until) {
    OffsetDateTime from = since.atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = until.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    String byUser = userId == null ? "" : " AND user_id = :user";
    var spec =
        jdbc.sql(
                """
                WITH corrected AS (
                  SELECT capture_date, coalesce(resource_class_cost, 0) AS cost,
                    least(lead(capture_date) OVER (PARTITION BY session_name, since
                                                   ORDER BY capture_date) - capture_date,
                          capture_interval) AS counted
                  FROM resource_pools.resource_requests_log
                  WHERE resource_pool_id = :pool
                    AND capture_date >= :from AND capture_date < :lookahead
                """
                    + byUser
                    + """
                )
                SELECT coalesce(sum(extract(epoch FROM counted)), 0) / 3600.0 AS hours,
                       coalesce(sum(extract(epoch FROM counted) / 3600.0 * cost), 0) AS credits
                FROM corrected WHERE capture_date < :to
                """)
            .param("pool", poolId)
            .param("from", from)
            .param("to", to)
            .param("lookahead", to.plusDays(1));
    if (userId != null) {
      spec = spec.param("user", userId);
    }
    return spec.query((rs, i) -> new UsageSummary(rs.getDouble("hours"), rs.getDouble("credits")))
        .single();
  }

  /** The pool's limits; zeros when none are set. */
  public PoolLimits limits(int poolId) {
    return jdbc.sql(
            "SELECT total_limit, user_limit FROM resource_pools.resource_requests_limits"
                + " WHERE resource_pool_id = :pool")
        .param("pool", poolId)
        .query((rs, i) -> new PoolLimits(poolId, rs.getLong(1), rs.getLong(2)))
        .optional()
        .orElse(new PoolLimits(poolId, 0, 0));
  }

  public void setLimits(PoolLimits l) {
    jdbc.sql(
            """
            INSERT INTO resource_pools.resource_requests_limits
              (resource_pool_id, total_limit, user_limit) VALUES (:pool, :total, :user)
            ON CONFLICT (resource_pool_id) DO UPDATE
              SET total_limit = EXCLUDED.total_limit, user_limit = EXCLUDED.user_limit
            """)
        .param("pool", l.poolId())
        .param("total", l.totalLimit())
        .param("user", l.userLimit())
        .update();
  }

  public void deleteLimits(int poolId) {
    jdbc.sql("DELETE FROM resource_pools.resource_requests_limits WHERE resource_pool_id = :pool")
        .param("pool", poolId)
        .update();
  }

  /** The class's cost, if one is set. */
  public Optional<Long> cost(int classId) {
    return jdbc.sql(
            "SELECT cost FROM resource_pools.resource_class_costs WHERE resource_class_id = :c")
        .param("c", classId)
        .query(Long.class)
        .optional();
  }

  public void setCost(int classId, long cost) {
    jdbc.sql(
            """
            INSERT INTO resource_pools.resource_class_costs (resource_class_id, cost)
            VALUES (:c, :cost)
            ON CONFLICT (resource_class_id) DO UPDATE SET cost = EXCLUDED.cost
            """)
        .param("c", classId)
        .param("cost", cost)
        .update();
  }

  public void deleteCost(int classId) {
    jdbc.sql("DELETE FROM resource_pools.resource_class_costs WHERE resource_class_id = :c")
        .param("c", classId)
        .update();
  }
}
