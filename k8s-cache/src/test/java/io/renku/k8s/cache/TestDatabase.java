package io.renku.k8s.cache;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real Postgres server (zonky binaries) for the cache tests, started once per test JVM with the
 * cache schema migrated into database {@code k8s}; it stops when the JVM exits. Shared with the
 * watcher's tests through this module's test jar.
 */
public final class TestDatabase {
  private static volatile TestDatabase instance;

  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;

  private TestDatabase() {
    try {
      postgres = EmbeddedPostgres.builder().start();
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE k8s");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    dataSource = postgres.getDatabase("postgres", "k8s");
    CacheSchema.migrate(dataSource);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (IOException ignored) {
                    // the JVM is exiting anyway
                  }
                }));
  }

  public static TestDatabase get() {
    if (instance == null) {
      synchronized (TestDatabase.class) {
        if (instance == null) {
          instance = new TestDatabase();
        }
      }
    }
    return instance;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "k8s");
  }

  /** Empties the cache table. */
  public void clear() {
    execute("TRUNCATE k8s_cache.objects");
  }

  public void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public long count(String where) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM k8s_cache.objects"
                    + (where.isEmpty() ? "" : " WHERE " + where))) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
