package io.renku.data.dataconnector;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for which user secret holds which credential of a connector. */
@Repository
public class DataConnectorSecretRepository {
  private final JdbcClient jdbc;

  public DataConnectorSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<DataConnectorSecret> list(String userId, String dataConnectorId) {
    return jdbc.sql(
            """
            SELECT name, secret_id FROM storage.data_connector_secrets
            WHERE user_id = ? AND data_connector_id = ? ORDER BY name""")
        .params(userId, dataConnectorId)
        .query((rs, n) -> new DataConnectorSecret(rs.getString("name"), rs.getString("secret_id")))
        .list();
  }

  public void insert(String userId, String dataConnectorId, DataConnectorSecret secret) {
    jdbc.sql(
            """
            INSERT INTO storage.data_connector_secrets (user_id, data_connector_id, name, secret_id)
            VALUES (?, ?, ?, ?)""")
        .params(userId, dataConnectorId, secret.name(), secret.secretId())
        .update();
  }

  /** A user's secret saved for a connector. */
  public record Saved(String userId, String secretId) {}

  /** Every user's secrets saved for a connector (deleted with it). */
  public List<Saved> savedFor(String dataConnectorId) {
    return jdbc.sql(
            "SELECT user_id, secret_id FROM storage.data_connector_secrets"
                + " WHERE data_connector_id = ?")
        .param(dataConnectorId)
        .query((rs, n) -> new Saved(rs.getString("user_id"), rs.getString("secret_id")))
        .list();
  }

  /** secret id → the data_connector_ids its user uses it for, among {@code secretIds}. */
  public java.util.Map<String, List<String>> connectorsBySecret(
      String userId, java.util.Collection<String> secretIds) {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    if (secretIds.isEmpty()) {
      return out;
    }
    jdbc.sql(
            "SELECT secret_id, data_connector_id FROM storage.data_connector_secrets"
                + " WHERE user_id = :u AND secret_id IN (:ids) ORDER BY secret_id, data_connector_id")
        .param("u", userId)
        .param("ids", List.copyOf(secretIds))
        .query(
            rs -> {
              out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                  .add(rs.getString(2));
            });
    return out;
  }
}
