package io.renku.authz.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One real Postgres server per test JVM (the zonky binaries), and a new database with the authz
 * tables ({@link AuthzTables}) for each test class that asks.
 */
final class TestDatabases {
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  static synchronized DataSource newDatabase(String prefix) {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.close();
                      } catch (IOException ignored) {
                        // the JVM is exiting anyway
                      }
                    }));
      }
      String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE " + db);
      }
      DataSource ds = postgres.getDatabase("postgres", db);
      AuthzTables.create(ds);
      return ds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
