package io.renku.data.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.postgres.AuthzTables;
import io.renku.data.support.TestBackends;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The authorization module creates its tables from one script ({@code AuthzTables}); this service
 * creates them with its Flyway history. Both must give the same tables, columns, indexes and
 * sequence, or the module's own tests would test something the service does not run.
 */
class AuthzTablesMatchMigrationsTest {

  @Test
  void theModulesScriptAndTheMigrationsMakeTheSameAuthzSchema() throws Exception {
    DataSource migrated = newDatabase("authz_migrated");
    Flyway.configure().dataSource(migrated).locations("classpath:db/migration").load().migrate();
    DataSource scripted = newDatabase("authz_scripted");
    AuthzTables.create(scripted);

    List<String> fromMigrations = catalog(migrated);
    assertThat(fromMigrations).anyMatch(l -> l.startsWith("column relationships.subject_relation"));
    assertThat(catalog(scripted)).isEqualTo(fromMigrations);
  }

  private static List<String> catalog(DataSource ds) {
    JdbcClient jdbc = JdbcClient.create(ds);
    List<String> out = new java.util.ArrayList<>();
    out.addAll(
        jdbc.sql(
                """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '
                       || coalesce(character_maximum_length::text, '') || ' ' || is_nullable
                       || ' ' || coalesce(column_default, '')
                FROM information_schema.columns WHERE table_schema = 'authz'
                ORDER BY table_name, column_name""")
            .query(String.class)
            .list());
    out.addAll(
        jdbc.sql(
                """
                SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'authz'
                ORDER BY indexname""")
            .query(String.class)
            .list());
    out.addAll(
        jdbc.sql(
                """
                SELECT 'sequence ' || sequence_name || ' ' || data_type || ' ' || start_value
                FROM information_schema.sequences WHERE sequence_schema = 'authz'
                ORDER BY sequence_name""")
            .query(String.class)
            .list());
    out.addAll(
        jdbc.sql(
                """
                SELECT 'check ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'authz'::regnamespace
                ORDER BY conname""")
            .query(String.class)
            .list());
    return out;
  }

  private static DataSource newDatabase(String prefix) throws Exception {
    String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = TestBackends.get().postgres().getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + db);
    }
    return TestBackends.get().postgres().getDatabase("postgres", db);
  }
}
