package io.renku.data.secret;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for a user's sealed key ({@code users.users.secret_key}) as the internal endpoint needs it.
 */
@Repository
public class UserKeyRepository {
  private final JdbcClient jdbc;

  public UserKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's row locked: empty if no such user; else their sealed key, empty if none yet. */
  public Optional<Optional<byte[]>> lock(String userId) {
    return jdbc.sql("SELECT secret_key FROM users.users WHERE id = :u FOR UPDATE")
        .param("u", userId)
        .query((rs, n) -> Optional.ofNullable(rs.getBytes(1)))
        .optional();
  }

  public void store(String userId, byte[] sealedKey) {
    jdbc.sql("UPDATE users.users SET secret_key = :k WHERE id = :u")
        .param("k", sealedKey)
        .param("u", userId)
        .update();
  }
}
