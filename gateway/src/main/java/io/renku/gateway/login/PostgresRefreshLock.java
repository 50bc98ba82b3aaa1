package io.renku.gateway.login;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link RefreshLock} on a Postgres transaction-scoped advisory lock: released by the commit or
 * rollback at the end, so a gateway that dies mid-refresh leaves nothing locked.
 */
public class PostgresRefreshLock implements RefreshLock {
  private final DataSource dataSource;

  public PostgresRefreshLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public <T> T withLock(String sessionId, Supplier<T> action) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("the refresh lock store is unavailable", e);
    }
    try (c) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
          c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 7301))")) {
        lock.setString(1, "renku-refresh:" + sessionId);
        lock.execute();
      }
      try {
        return action.get();
      } finally {
        c.rollback(); // nothing was written on this connection; this releases the lock
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the refresh lock store is unavailable", e);
    }
  }
}
