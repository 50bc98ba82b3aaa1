package io.renku.authz.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables this module reads and writes ({@code authz.relationships}, {@code authz.pending},
 * {@code authz.schema}, the sequence {@code authz.generation}), as one script: {@code tables.sql}
 * next to this class.
 *
 * <p>The data service creates them with its Flyway migrations (a deployed database has that
 * history); the script is for a new database that has none, such as this module's tests. A test of
 * the data service compares both results so that they cannot drift apart.
 */
public final class AuthzTables {
  private static final String SCRIPT = load();

  private AuthzTables() {}

  /** The script's text. */
  public static String script() {
    return SCRIPT;
  }

  /**
   * Creates the tables in an empty database. Fails (Spring's {@code DataAccessException}) when any
   * of them exists already: this is not a migration.
   */
  public static void create(DataSource dataSource) {
    JdbcClient.create(dataSource).sql(SCRIPT).update();
  }

  private static String load() {
    try (InputStream in = AuthzTables.class.getResourceAsStream("tables.sql")) {
      if (in == null) {
        throw new IllegalStateException(
            "missing classpath resource io/renku/authz/postgres/tables.sql");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
