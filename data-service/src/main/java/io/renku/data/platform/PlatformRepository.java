package io.renku.data.platform;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the two single-row platform tables. */
@Repository
public class PlatformRepository {
  private final JdbcClient jdbc;

  public PlatformRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public PlatformConfig config(boolean forUpdate) {
    return jdbc.sql(
            "SELECT incident_banner, anonymous_sessions_enabled, updated_at FROM platform.config"
                + " WHERE id = 'config'"
                + (forUpdate ? " FOR UPDATE" : ""))
        .query(
            (rs, n) ->
                new PlatformConfig(
                    rs.getString(1), rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class)))
        .single();
  }

  public void updateAnonymousSessions(boolean enabled) {
    jdbc.sql(
            """
            UPDATE platform.config SET anonymous_sessions_enabled = ?,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = 'config'""")
        .param(enabled)
        .update();
  }

  public void updateIncidentBanner(String banner) {
    jdbc.sql(
            """
            UPDATE platform.config SET incident_banner = ?,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = 'config'""")
        .param(banner)
        .update();
  }

  public AuthorizationConfig authorizationConfig(boolean forUpdate) {
    return jdbc.sql(
            "SELECT create_projects, create_groups, updated_at FROM platform.authorization_config"
                + " WHERE id = 'config'"
                + (forUpdate ? " FOR UPDATE" : ""))
        .query(
            (rs, n) ->
                new AuthorizationConfig(
                    rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
        .single();
  }

  public void updateAuthorizationConfig(String createProjects, String createGroups) {
    jdbc.sql(
            """
            UPDATE platform.authorization_config SET create_projects = ?, create_groups = ?,
              updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
            WHERE id = 'config'""")
        .params(createProjects, createGroups)
        .update();
  }
}
