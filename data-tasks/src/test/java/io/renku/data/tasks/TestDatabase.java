package io.renku.data.tasks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real Postgres (zonky binaries) with the data service's schema: its Flyway migrations from the
 * data service's jar ({@code classpath:db/migration}). Started once per test JVM.
 */
final class TestDatabase {
  /**
   * The outbox as the data service's V17 creates it (OUTBOX.md), made here only when the migrations
   * on the class path do not have it yet, so that these tests keep working once V17 is merged.
   */
  private static final String OUTBOX_IF_MISSING =
      """
      CREATE SCHEMA IF NOT EXISTS search;
      CREATE TABLE IF NOT EXISTS search.outbox (
          id          bigserial    PRIMARY KEY,
          entity_type varchar(20)  NOT NULL CHECK (entity_type IN ('user','group','project','data_connector')),
          entity_id   varchar(64)  NOT NULL,
          op          varchar(10)  NOT NULL CHECK (op IN ('upsert','delete')),
          namespace_path varchar(500),
          created_at  timestamptz  NOT NULL DEFAULT now(),
          attempts    int          NOT NULL DEFAULT 0,
          last_error  varchar(1000),
          next_attempt_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS outbox_due_idx ON search.outbox (next_attempt_at, id);
      """;

  /**
   * The rebuild requests as the data service's V18 creates them, made here only when the migrations
   * on the class path do not have them yet.
   */
  private static final String REPROVISIONING_IF_MISSING =
      """
      CREATE TABLE IF NOT EXISTS search.reprovisioning (
          id           varchar(26) PRIMARY KEY,
          start_date   timestamptz NOT NULL DEFAULT now(),
          requested_by varchar(64),
          only_one     boolean     NOT NULL DEFAULT true UNIQUE CHECK (only_one)
      );
      """;

  private static volatile TestDatabase instance;

  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;

  private TestDatabase() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    execute(OUTBOX_IF_MISSING);
    execute(REPROVISIONING_IF_MISSING);
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

  static TestDatabase get() {
    if (instance == null) {
      synchronized (TestDatabase.class) {
        if (instance == null) {
          instance = new TestDatabase();
        }
      }
    }
    return instance;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** For code that opens its own connections (the jobs). */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
