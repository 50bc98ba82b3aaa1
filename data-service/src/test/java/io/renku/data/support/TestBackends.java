package io.renku.data.support;

import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The real servers every service test uses, started once per test JVM and shared by all test
 * classes: Postgres (a real server from the zonky binaries), the SpiceDB engine behind its gRPC
 * endpoint, and an OIDC issuer. They stop when the JVM exits.
 */
public final class TestBackends {
  private static volatile TestBackends instance;

  private final EmbeddedPostgres postgres;
  private final EmbeddedSpiceDb spicedb;
  private final TestIdentityProvider identity;

  private TestBackends() {
    try {
      postgres = EmbeddedPostgres.builder().start();
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE renku");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    spicedb = EmbeddedSpiceDb.start();
    identity = new TestIdentityProvider();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  identity.close();
                  spicedb.close();
                  try {
                    postgres.close();
                  } catch (IOException ignored) {
                    // the JVM is exiting anyway
                  }
                }));
  }

  public static TestBackends get() {
    if (instance == null) {
      synchronized (TestBackends.class) {
        if (instance == null) {
          instance = new TestBackends();
        }
      }
    }
    return instance;
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "renku");
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  public EmbeddedSpiceDb spicedb() {
    return spicedb;
  }

  public TestIdentityProvider identity() {
    return identity;
  }
}
