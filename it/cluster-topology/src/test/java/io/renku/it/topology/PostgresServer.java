package io.renku.it.topology;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A real Postgres (zonky's binaries) listening on loopback and on the podman network's gateway
 * address, with what the chart's database-init job makes: the role and database of the values and
 * the extensions pg_trgm and pgcrypto. The containers log in with the role's password (scram).
 */
final class PostgresServer implements AutoCloseable {
  final EmbeddedPostgres postgres;
  final int port;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.port = postgres.getPort();
  }

  static PostgresServer start(
      String address, String subnet, String database, String user, String password)
      throws Exception {
    Path data = Files.createTempDirectory("renku-topology-pg");
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1," + address)
            .setServerConfig("max_connections", "200")
            .start();
    // Containers come from the network's subnet, with a password.
    Files.writeString(
        data.resolve("pg_hba.conf"),
        "\nhost all all " + subnet + " scram-sha-256\n",
        StandardOpenOption.APPEND);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      s.execute("CREATE DATABASE " + database + " OWNER " + user);
      s.execute("SELECT pg_reload_conf()");
    }
    try (Connection c = pg.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      s.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto");
      s.execute("GRANT ALL ON SCHEMA public TO " + user);
    }
    return new PostgresServer(pg);
  }

  @Override
  public void close() throws Exception {
    postgres.close();
  }
}
