package io.renku.k8s.cache;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the cache schema {@code k8s_cache} with its own Flyway history table ({@code
 * k8s_cache.flyway_schema_history}), migrations from {@code db/k8s_cache} on the class path. The
 * schema can live in the data service's database: neither history sees the other.
 *
 * <p>This class is the one owner of the schema: the watcher and the data service both call {@link
 * #migrate} at start, whichever comes first creates it (Flyway locks its history table, so two at
 * once are safe). Migration files, once released, never change (Flyway checks their checksums).
 */
public final class CacheSchema {

  public static final String SCHEMA = "k8s_cache";

  private CacheSchema() {}

  /**
   * Brings the schema up to date.
   *
   * @throws org.flywaydb.core.api.FlywayException if the database cannot be reached or a migration
   *     fails (it is then rolled back, Postgres DDL being transactional)
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/k8s_cache")
        .load()
        .migrate();
  }
}
