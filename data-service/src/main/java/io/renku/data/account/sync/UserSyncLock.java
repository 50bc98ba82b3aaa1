package io.renku.data.account.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * One user synchronisation at a time across every replica of the data service: a Postgres
 * session-level advisory lock, held on a connection of its own for the whole run. A replica that
 * does not get it skips its scheduled run (another one is doing the work); an admin's request
 * answers 409. If the holder dies, Postgres ends its session and the lock goes with it.
 */
@Component
public class UserSyncLock {
  /** The lock's key (any number no other lock of the platform uses: "USERSYNC" in ASCII). */
  public static final long KEY = 0x5553455253594E43L;

  private final DataSource dataSource;

  public UserSyncLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The held lock, released by {@link Held#close()}; empty when another run holds it. */
  public Optional<Held> tryAcquire() {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(true);
      if (call(c, "SELECT pg_try_advisory_lock(?)")) {
        return Optional.of(new Held(c));
      }
      c.close();
      return Optional.empty();
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IllegalStateException("could not take the user synchronisation lock", e);
    }
  }

  /** A taken lock; closing it releases the lock and returns the connection to the pool. */
  public static final class Held implements AutoCloseable {
    private final Connection connection;

    private Held(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void close() {
      try {
        call(connection, "SELECT pg_advisory_unlock(?)");
      } catch (SQLException e) {
        // The connection is broken: its session, and the lock with it, ends when it closes.
      } finally {
        closeQuietly(connection);
      }
    }
  }

  private static boolean call(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, KEY);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing left to release
      }
    }
  }
}
