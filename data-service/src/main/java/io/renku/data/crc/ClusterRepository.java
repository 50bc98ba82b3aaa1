package io.renku.data.crc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code resource_pools.clusters}. */
@Repository
public class ClusterRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, name, config_name, session_protocol, session_host, session_port, session_path,"
          + " session_ingress_class_name, session_ingress_annotations, session_tls_secret_name,"
          + " session_storage_class, service_account_name,"
          + " session_ingress_use_default_cluster_tls_cert";

  private final JdbcClient jdbc;

  public ClusterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Cluster> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM resource_pools.clusters ORDER BY id")
        .query(ClusterRepository::map)
        .list();
  }

  public Optional<Cluster> get(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM resource_pools.clusters WHERE id = :id")
        .param("id", id)
        .query(ClusterRepository::map)
        .optional();
  }

  /** The cluster, its row locked until the end of the transaction. */
  public Optional<Cluster> lock(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM resource_pools.clusters WHERE id = :id FOR UPDATE")
        .param("id", id)
        .query(ClusterRepository::map)
        .optional();
  }

  /** Whether another cluster than {@code exceptId} has this name or configuration name. */
  public Optional<String> clash(String exceptId, String name, String configName) {
    return jdbc.sql(
            "SELECT CASE WHEN name = :name THEN 'name' ELSE 'config_name' END"
                + " FROM resource_pools.clusters"
                + " WHERE (name = :name OR config_name = :config) AND id IS DISTINCT FROM :id"
                + " LIMIT 1")
        .param("name", name)
        .param("config", configName)
        .param("id", exceptId)
        .query(String.class)
        .optional();
  }

  public void insert(Cluster c) {
    jdbc.sql(
            "INSERT INTO resource_pools.clusters ("
                + COLUMNS
                + ") VALUES (:id, :name, :config, :protocol, :host, :port, :path, :ingressClass,"
                + " :annotations::jsonb, :tlsSecret, :storageClass, :serviceAccount, :defaultTls)")
        .params(values(c))
        .update();
  }

  public void update(Cluster c) {
    jdbc.sql(
            "UPDATE resource_pools.clusters SET name = :name, config_name = :config,"
                + " session_protocol = :protocol, session_host = :host, session_port = :port,"
                + " session_path = :path, session_ingress_class_name = :ingressClass,"
                + " session_ingress_annotations = :annotations::jsonb,"
                + " session_tls_secret_name = :tlsSecret, session_storage_class = :storageClass,"
                + " service_account_name = :serviceAccount,"
                + " session_ingress_use_default_cluster_tls_cert = :defaultTls WHERE id = :id")
        .params(values(c))
        .update();
  }

  /** Pools on the cluster keep running locally (the foreign key sets their cluster to null). */
  public void delete(String id) {
    jdbc.sql("DELETE FROM resource_pools.clusters WHERE id = :id").param("id", id).update();
  }

  private static Map<String, Object> values(Cluster c) {
    Map<String, Object> v = new HashMap<>();
    v.put("id", c.id());
    v.put("name", c.name());
    v.put("config", c.configName());
    v.put("protocol", c.sessionProtocol());
    v.put("host", c.sessionHost());
    v.put("port", c.sessionPort());
    v.put("path", c.sessionPath());
    v.put("ingressClass", c.sessionIngressClassName());
    v.put("annotations", JSON.writeValueAsString(c.sessionIngressAnnotations()));
    v.put("tlsSecret", c.sessionTlsSecretName());
    v.put("storageClass", c.sessionStorageClass());
    v.put("serviceAccount", c.serviceAccountName());
    v.put("defaultTls", c.useDefaultClusterTlsCert());
    return v;
  }

  private static Cluster map(ResultSet rs, int n) throws SQLException {
    return new Cluster(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("config_name"),
        rs.getString("session_protocol"),
        rs.getString("session_host"),
        rs.getInt("session_port"),
        rs.getString("session_path"),
        rs.getString("session_ingress_class_name"),
        JSON.readValue(rs.getString("session_ingress_annotations"), MAP),
        rs.getString("session_tls_secret_name"),
        rs.getString("session_storage_class"),
        rs.getString("service_account_name"),
        rs.getBoolean("session_ingress_use_default_cluster_tls_cert"));
  }
}
