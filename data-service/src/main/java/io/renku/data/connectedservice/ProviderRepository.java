package io.renku.data.connectedservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code connected_services.oauth2_clients}. */
@Repository
public class ProviderRepository {
  private static final String COLUMNS =
      "id, kind, app_slug, client_id, display_name, scope, url, use_pkce, image_registry_url,"
          + " oidc_issuer_url, client_secret IS NOT NULL AS has_secret";

  private final JdbcClient jdbc;

  public ProviderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Provider> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM connected_services.oauth2_clients ORDER BY id")
        .query(ProviderRepository::map)
        .list();
  }

  public Optional<Provider> get(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM connected_services.oauth2_clients WHERE id = :id")
        .param("id", id)
        .query(ProviderRepository::map)
        .optional();
  }

  /** The encrypted client secret, if there is one. */
  public Optional<byte[]> clientSecret(String id) {
    return jdbc.sql(
            "SELECT client_secret FROM connected_services.oauth2_clients"
                + " WHERE id = :id AND client_secret IS NOT NULL")
        .param("id", id)
        .query((rs, n) -> rs.getBytes(1))
        .optional();
  }

  /** Inserts; false when the id is taken (nothing written). */
  public boolean insert(Provider p, byte[] sealedSecret, String createdBy) {
    return jdbc.sql(
                "INSERT INTO connected_services.oauth2_clients (id, kind, app_slug, client_id,"
                    + " client_secret, display_name, scope, url, use_pkce, image_registry_url,"
                    + " oidc_issuer_url, created_by_id) VALUES (:id, :kind, :slug, :cid, :secret,"
                    + " :name, :scope, :url, :pkce, :reg, :oidc, :by) ON CONFLICT (id) DO NOTHING")
            .params(params(p))
            .param("secret", sealedSecret)
            .param("by", createdBy)
            .update()
        == 1;
  }

  /**
   * Writes the fields of {@code p}; the secret only when {@code changeSecret} (null removes it).
   */
  public boolean update(Provider p, boolean changeSecret, byte[] sealedSecret) {
    return jdbc.sql(
                "UPDATE connected_services.oauth2_clients SET kind = :kind, app_slug = :slug,"
                    + " client_id = :cid, display_name = :name, scope = :scope, url = :url,"
                    + " use_pkce = :pkce, image_registry_url = :reg, oidc_issuer_url = :oidc,"
                    + (changeSecret ? " client_secret = :secret," : "")
                    + " updated_at = now() WHERE id = :id")
            .params(params(p))
            .param("secret", sealedSecret)
            .update()
        == 1;
  }

  public void delete(String id) {
    jdbc.sql("DELETE FROM connected_services.oauth2_clients WHERE id = :id")
        .param("id", id)
        .update();
  }

  private static java.util.Map<String, Object> params(Provider p) {
    var m = new java.util.HashMap<String, Object>();
    m.put("id", p.id());
    m.put("kind", p.kind());
    m.put("slug", p.appSlug() == null ? "" : p.appSlug());
    m.put("cid", p.clientId());
    m.put("name", p.displayName());
    m.put("scope", p.scope());
    m.put("url", p.url());
    m.put("pkce", p.usePkce());
    m.put("reg", p.imageRegistryUrl());
    m.put("oidc", p.oidcIssuerUrl());
    return m;
  }

  private static Provider map(ResultSet rs, int n) throws SQLException {
    return new Provider(
        rs.getString("id"),
        rs.getString("kind"),
        rs.getString("app_slug"),
        rs.getString("client_id"),
        rs.getString("display_name"),
        rs.getString("scope"),
        rs.getString("url"),
        rs.getBoolean("use_pkce"),
        rs.getString("image_registry_url"),
        rs.getString("oidc_issuer_url"),
        rs.getBoolean("has_secret"));
  }
}
