package io.renku.secrets.service;

import com.sun.net.httpserver.HttpServer;
import io.renku.core.Ulid;
import io.renku.secrets.crypto.SealedSecret;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.UserKeys;
import io.renku.secrets.crypto.UserSecretKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * What the secrets service's tests run against: a real Postgres (zonky binaries, one per test JVM)
 * with the tables the data service makes, rows sealed as the data service seals them, and a
 * stand-in for the data service's internal {@code GET /api/data/user/secret_key} on loopback (the
 * real one is the data service's, exercised end to end by the launcher's tests).
 */
final class SecretsFixture {
  static final String TOKEN = "internal-token-for-tests-0123456789";

  private static volatile SecretsFixture instance;

  private final EmbeddedPostgres postgres;
  private final HttpServer dataService;
  private final Map<String, UserSecretKey> userKeys = new ConcurrentHashMap<>();
  private final SecretSealing sealing = new SecretSealing();

  private SecretsFixture() {
    try {
      postgres = EmbeddedPostgres.builder().start();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          InputStream schema = SecretsFixture.class.getResourceAsStream("/secrets-schema.sql")) {
        s.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
      }
      dataService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      dataService.createContext(
          "/api/data/user/secret_key",
          exchange -> {
            String user = exchange.getRequestHeaders().getFirst("Renku-User-Id");
            UserSecretKey key = user == null ? null : userKeys.get(user);
            int status;
            byte[] body;
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("Renku-Internal-Token"))) {
              status = 401;
              body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (key == null) {
              status = 404;
              body = "{}".getBytes(StandardCharsets.UTF_8);
            } else {
              status = 200;
              body = ("{\"secret_key\":\"" + key.text() + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      dataService.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dataService.stop(0);
                  try {
                    postgres.close();
                  } catch (IOException ignored) {
                    // exiting anyway
                  }
                }));
  }

  static SecretsFixture get() {
    if (instance == null) {
      synchronized (SecretsFixture.class) {
        if (instance == null) {
          instance = new SecretsFixture();
        }
      }
    }
    return instance;
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  String dataServiceUrl() {
    return "http://127.0.0.1:" + dataService.getAddress().getPort();
  }

  /** A new user with a key, known to the stand-in data service. */
  String newUser() {
    String user = "user-" + Ulid.next().toLowerCase();
    UserSecretKey key = UserKeys.newKey();
    userKeys.put(user, key);
    execute("INSERT INTO users.users (id) VALUES ('" + user + "')");
    return user;
  }

  UserSecretKey keyOf(String user) {
    return userKeys.get(user);
  }

  /** Stores a secret as the data service does; its id. */
  String store(String user, String value, RSAPublicKey servicePublicKey, OffsetDateTime expires) {
    String id = Ulid.next();
    SealedSecret sealed = sealing.seal(user, userKeys.get(user), value, servicePublicKey);
    try (Connection c = dataSource().getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO secrets.user_secrets (id, user_id, name, kind, default_filename,"
                    + " encrypted_value, encrypted_key, expiration_timestamp, modification_date)"
                    + " VALUES (?, ?, ?, 'general', ?, ?, ?, ?, now())")) {
      p.setString(1, id);
      p.setString(2, user);
      p.setString(3, "secret-" + id);
      p.setString(4, "file-" + id.toLowerCase());
      p.setBytes(5, sealed.encryptedValue());
      p.setBytes(6, sealed.encryptedKey());
      p.setObject(7, expires);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return id;
  }

  String store(String user, String value, RSAPublicKey servicePublicKey) {
    return store(user, value, servicePublicKey, null);
  }

  byte[] encryptedKeyOf(String id) {
    return bytes("SELECT encrypted_key FROM secrets.user_secrets WHERE id = '" + id + "'");
  }

  byte[] encryptedValueOf(String id) {
    return bytes("SELECT encrypted_value FROM secrets.user_secrets WHERE id = '" + id + "'");
  }

  static OffsetDateTime inSeconds(long seconds) {
    return OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(seconds);
  }

  private byte[] bytes(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBytes(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void execute(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
