package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data directories made before Postgres had a password keep working, and get one. */
class LocalPostgresTest {
  @TempDir Path dataDir;

  @Test
  void aDataDirectoryMadeWithTrustAuthenticationIsProtectedAtItsNextStart() throws Exception {
    // The old way: the embedded library's initdb (trust authentication), no password anywhere.
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start();
        Connection c = old.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE renku");
      try (Connection r = old.getDatabase("postgres", "renku").getConnection()) {
        r.createStatement().execute("CREATE TABLE kept (v text)");
        r.createStatement().execute("INSERT INTO kept VALUES ('written before the upgrade')");
      }
    }
    assertThat(Files.exists(dataDir.resolve("keys/postgres-password"))).isFalse();

    for (int run = 0; run < 2; run++) { // the upgrade, then an ordinary start
      try (LocalPostgres pg = LocalPostgres.start(dataDir, 0)) {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/renku";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
            .isInstanceOf(SQLException.class);
        try (Connection c = DriverManager.getConnection(url, "postgres", pg.password());
            ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("written before the upgrade");
        }
      }
      assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf")))
          .isEqualTo(LocalPostgres.PG_HBA);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dataDir.resolve("keys/postgres-password"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aSecondStartOnTheSameDataDirectoryIsRefusedAndLeavesTheFirstAlone() throws Exception {
    try (LocalPostgres first = LocalPostgres.start(dataDir, 0)) {
      assertThatThrownBy(() -> LocalPostgres.start(dataDir, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not lock");
      try (Connection c =
          DriverManager.getConnection(
              first.jdbcUrl("renku"), LocalPostgres.SUPERUSER, first.password())) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }
}
