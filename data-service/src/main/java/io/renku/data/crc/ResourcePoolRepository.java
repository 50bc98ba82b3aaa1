package io.renku.data.crc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for {@code resource_pools.resource_pools} and {@code resource_pools.resource_classes}. Pool
 * members are relationships: {@code PoolMemberService} reads them through the authorization module.
 */
@Repository
public class ResourcePoolRepository {
  /** Serialises changes of which pool or class is the default, and the first-start pool. */
  private static final long DEFAULTS_LOCK = 0x52455350_4f4f4c53L; // "RESPOOLS"

  private static final String POOL_COLUMNS =
      "id, name, quota, quota_cpu, quota_memory, quota_gpu, \"default\", public, idle_threshold,"
          + " hibernation_threshold, hibernation_warning_period, cluster_id, platform,"
          + " cpu_limit_factor, remote";
  private static final String CLASS_COLUMNS =
      "id, resource_pool_id, name, cpu, memory, gpu, max_storage, default_storage, \"default\","
          + " quota_enforced, tolerations, affinity_keys, affinity_required";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  public ResourcePoolRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Takes the lock that serialises default changes until the end of the transaction. */
  public void lockDefaults() {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(DEFAULTS_LOCK).query().singleRow();
  }

  /** The pools with these ids (all of them when {@code onlyIds} is null), by id. */
  public List<ResourcePool> list(List<Integer> onlyIds) {
    if (onlyIds != null && onlyIds.isEmpty()) {
      return List.of();
    }
    String where = onlyIds == null ? "" : " WHERE id = ANY(:ids)";
    var query =
        jdbc.sql(
            "SELECT "
                + POOL_COLUMNS
                + " FROM resource_pools.resource_pools"
                + where
                + " ORDER BY id");
    if (onlyIds != null) {
      query = query.param("ids", onlyIds.toArray(Integer[]::new));
    }
    List<ResourcePool> pools = query.query(ResourcePoolRepository::mapPool).list();
    return withClasses(pools);
  }

  public Optional<ResourcePool> get(int id) {
    return one("SELECT " + POOL_COLUMNS + " FROM resource_pools.resource_pools WHERE id = :id", id);
  }

  /** The pool, its row locked until the end of the transaction. */
  public Optional<ResourcePool> lock(int id) {
    return one(
        "SELECT " + POOL_COLUMNS + " FROM resource_pools.resource_pools WHERE id = :id FOR UPDATE",
        id);
  }

  public Optional<ResourcePool> defaultPool() {
    return jdbc.sql(
            "SELECT " + POOL_COLUMNS + " FROM resource_pools.resource_pools WHERE \"default\"")
        .query(ResourcePoolRepository::mapPool)
        .optional()
        .map(p -> withClasses(List.of(p)).getFirst());
  }

  private Optional<ResourcePool> one(String sql, int id) {
    return jdbc.sql(sql)
        .param("id", id)
        .query(ResourcePoolRepository::mapPool)
        .optional()
        .map(p -> withClasses(List.of(p)).getFirst());
  }

  /** Inserts the pool (its id and classes are ignored) and returns its id. */
  public int insertPool(ResourcePool p) {
    return jdbc.sql(
            "INSERT INTO resource_pools.resource_pools (name, quota, quota_cpu, quota_memory,"
                + " quota_gpu, \"default\", public, idle_threshold, hibernation_threshold,"
                + " hibernation_warning_period, cluster_id, platform, cpu_limit_factor, remote)"
                + " VALUES (:name, :quota, :quotaCpu, :quotaMemory, :quotaGpu, :isDefault,"
                + " :isPublic, :idle, :hibernation, :warning, :cluster, :platform,"
                + " :cpuLimitFactor, :remote::jsonb)"
                + " RETURNING id")
        .params(poolValues(p))
        .query(Integer.class)
        .single();
  }

  /** Updates the pool's own fields (not its classes). */
  public void updatePool(ResourcePool p) {
    jdbc.sql(
            "UPDATE resource_pools.resource_pools SET name = :name, quota = :quota,"
                + " quota_cpu = :quotaCpu, quota_memory = :quotaMemory, quota_gpu = :quotaGpu,"
                + " \"default\" = :isDefault, public = :isPublic, idle_threshold = :idle,"
                + " hibernation_threshold = :hibernation, hibernation_warning_period = :warning,"
                + " cluster_id = :cluster, platform = :platform,"
                + " cpu_limit_factor = :cpuLimitFactor, remote = :remote::jsonb WHERE id = :id")
        .param("id", p.id())
        .params(poolValues(p))
        .update();
  }

  /** Makes no pool the default except {@code exceptId}. */
  public void clearDefaultPool(int exceptId) {
    jdbc.sql(
            "UPDATE resource_pools.resource_pools SET \"default\" = false"
                + " WHERE \"default\" AND id <> :id")
        .param("id", exceptId)
        .update();
  }

  /** Deletes the pool and its classes. */
  public void deletePool(int id) {
    jdbc.sql("DELETE FROM resource_pools.resource_pools WHERE id = :id").param("id", id).update();
  }

  public Optional<ResourceClass> getClass(int id) {
    return jdbc.sql(
            "SELECT " + CLASS_COLUMNS + " FROM resource_pools.resource_classes WHERE id = :id")
        .param("id", id)
        .query(ResourcePoolRepository::mapClass)
        .optional();
  }

  /** Inserts the class into its pool (its id is ignored) and returns its id. */
  public int insertClass(ResourceClass c) {
    return jdbc.sql(
            "INSERT INTO resource_pools.resource_classes (resource_pool_id, name, cpu, memory, gpu,"
                + " max_storage, default_storage, \"default\", quota_enforced, tolerations,"
                + " affinity_keys, affinity_required) VALUES (:pool, :name, :cpu, :memory, :gpu,"
                + " :maxStorage, :defaultStorage, :isDefault, :quotaEnforced, :tolerations,"
                + " :affinityKeys, :affinityRequired) RETURNING id")
        .params(classValues(c))
        .query(Integer.class)
        .single();
  }

  public void updateClass(ResourceClass c) {
    jdbc.sql(
            "UPDATE resource_pools.resource_classes SET name = :name, cpu = :cpu,"
                + " memory = :memory, gpu = :gpu, max_storage = :maxStorage,"
                + " default_storage = :defaultStorage, \"default\" = :isDefault,"
                + " quota_enforced = :quotaEnforced, tolerations = :tolerations,"
                + " affinity_keys = :affinityKeys, affinity_required = :affinityRequired"
                + " WHERE id = :id")
        .param("id", c.id())
        .params(classValues(c))
        .update();
  }

  /** Makes no class of the pool its default except {@code exceptId}. */
  public void clearDefaultClass(int poolId, int exceptId) {
    jdbc.sql(
            "UPDATE resource_pools.resource_classes SET \"default\" = false"
                + " WHERE resource_pool_id = :pool AND \"default\" AND id <> :id")
        .param("pool", poolId)
        .param("id", exceptId)
        .update();
  }

  public void deleteClass(int id) {
    jdbc.sql("DELETE FROM resource_pools.resource_classes WHERE id = :id").param("id", id).update();
  }

  private List<ResourcePool> withClasses(List<ResourcePool> pools) {
    if (pools.isEmpty()) {
      return pools;
    }
    Map<Integer, List<ResourceClass>> byPool = new HashMap<>();
    jdbc.sql(
            "SELECT "
                + CLASS_COLUMNS
                + " FROM resource_pools.resource_classes WHERE resource_pool_id = ANY(:ids)"
                + " ORDER BY id")
        .param("ids", pools.stream().map(ResourcePool::id).toArray(Integer[]::new))
        .query(ResourcePoolRepository::mapClass)
        .list()
        .forEach(c -> byPool.computeIfAbsent(c.poolId(), k -> new ArrayList<>()).add(c));
    Map<Integer, ResourcePool> out = new LinkedHashMap<>();
    for (ResourcePool p : pools) {
      out.put(
          p.id(),
          new ResourcePool(
              p.id(),
              p.name(),
              p.quota(),
              p.isDefault(),
              p.isPublic(),
              p.idleThreshold(),
              p.hibernationThreshold(),
              p.hibernationWarningPeriod(),
              p.clusterId(),
              p.platform(),
              p.cpuLimitFactor(),
              List.copyOf(byPool.getOrDefault(p.id(), List.of())),
              p.remote()));
    }
    return List.copyOf(out.values());
  }

  private static Map<String, Object> poolValues(ResourcePool p) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", p.name());
    v.put("quota", p.quota() == null ? null : p.quota().id());
    v.put("quotaCpu", p.quota() == null ? null : p.quota().cpu());
    v.put("quotaMemory", p.quota() == null ? null : p.quota().memory());
    v.put("quotaGpu", p.quota() == null ? null : p.quota().gpu());
    v.put("isDefault", p.isDefault());
    v.put("isPublic", p.isPublic());
    v.put("idle", p.idleThreshold());
    v.put("hibernation", p.hibernationThreshold());
    v.put("warning", p.hibernationWarningPeriod());
    v.put("cluster", p.clusterId());
    v.put("platform", p.platform());
    v.put("cpuLimitFactor", p.cpuLimitFactor());
    v.put("remote", p.remote() == null ? null : JSON.writeValueAsString(p.remote()));
    return v;
  }

  private static Map<String, Object> classValues(ResourceClass c) {
    Map<String, Object> v = new HashMap<>();
    v.put("pool", c.poolId());
    v.put("name", c.name());
    v.put("cpu", c.cpu());
    v.put("memory", c.memory());
    v.put("gpu", c.gpu());
    v.put("maxStorage", c.maxStorage());
    v.put("defaultStorage", c.defaultStorage());
    v.put("isDefault", c.isDefault());
    v.put("quotaEnforced", c.quotaEnforced());
    v.put("tolerations", c.tolerations().toArray(String[]::new));
    v.put(
        "affinityKeys",
        c.nodeAffinities().stream().map(ResourceClass.NodeAffinity::key).toArray(String[]::new));
    v.put(
        "affinityRequired",
        c.nodeAffinities().stream()
            .map(ResourceClass.NodeAffinity::required)
            .toArray(Boolean[]::new));
    return v;
  }

  private static ResourcePool mapPool(ResultSet rs, int n) throws SQLException {
    String remote = rs.getString("remote");
    String quotaId = rs.getString("quota");
    Quota quota =
        quotaId == null
            ? null
            : new Quota(
                quotaId,
                rs.getDouble("quota_cpu"),
                rs.getLong("quota_memory"),
                rs.getLong("quota_gpu"));
    return new ResourcePool(
        rs.getInt("id"),
        rs.getString("name"),
        quota,
        rs.getBoolean("default"),
        rs.getBoolean("public"),
        rs.getObject("idle_threshold", Integer.class),
        rs.getObject("hibernation_threshold", Integer.class),
        rs.getObject("hibernation_warning_period", Integer.class),
        rs.getString("cluster_id"),
        rs.getString("platform"),
        rs.getObject("cpu_limit_factor", Double.class),
        List.of(),
        remote == null ? null : JSON.readValue(remote, RemoteConfiguration.class));
  }

  private static ResourceClass mapClass(ResultSet rs, int n) throws SQLException {
    String[] keys = (String[]) rs.getArray("affinity_keys").getArray();
    Boolean[] required = (Boolean[]) rs.getArray("affinity_required").getArray();
    List<ResourceClass.NodeAffinity> affinities = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      affinities.add(
          new ResourceClass.NodeAffinity(
              keys[i], i < required.length && Boolean.TRUE.equals(required[i])));
    }
    return new ResourceClass(
        rs.getInt("id"),
        rs.getInt("resource_pool_id"),
        rs.getString("name"),
        rs.getDouble("cpu"),
        rs.getLong("memory"),
        rs.getLong("gpu"),
        rs.getLong("max_storage"),
        rs.getLong("default_storage"),
        rs.getBoolean("default"),
        rs.getBoolean("quota_enforced"),
        strings(rs.getArray("tolerations")),
        List.copyOf(affinities));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
  }
}
