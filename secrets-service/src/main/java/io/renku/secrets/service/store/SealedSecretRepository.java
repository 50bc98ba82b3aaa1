package io.renku.secrets.service.store;

import io.renku.secrets.crypto.SealedSecret;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the rows of {@code secrets.user_secrets} (the data service owns the table and its
 * migrations): reading a user's sealed values, and rewriting their {@code encrypted_key} in a
 * rotation. Nothing here holds or sees a plaintext value.
 */
@Repository
public class SealedSecretRepository {
  private final JdbcClient jdbc;

  public SealedSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's secrets among {@code ids} (others' and unknown ids are simply not returned). */
  public List<StoredSecret> findOwned(String userId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT id, user_id, default_filename, expiration_timestamp, encrypted_value,"
                + " encrypted_key FROM secrets.user_secrets WHERE user_id = :u AND id IN (:ids)")
        .param("u", userId)
        .param("ids", List.copyOf(ids))
        .query(SealedSecretRepository::map)
        .list();
  }

  /** Up to {@code limit} rows after {@code afterId} in id order (keyset paging of a rotation). */
  public List<StoredSecret> batchAfter(String afterId, int limit) {
    return jdbc.sql(
            "SELECT id, user_id, default_filename, expiration_timestamp, encrypted_value,"
                + " encrypted_key FROM secrets.user_secrets WHERE id > :after ORDER BY id"
                + " LIMIT :n")
        .param("after", afterId)
        .param("n", limit)
        .query(SealedSecretRepository::map)
        .list();
  }

  /**
   * Replaces a row's {@code encrypted_key}, only if it still holds {@code oldKey}: a value the user
   * changed meanwhile was sealed afresh for the current key and stays as it is.
   *
   * @return whether the row was changed
   */
  public boolean replaceKey(String id, byte[] oldKey, byte[] newKey) {
    return jdbc.sql(
                "UPDATE secrets.user_secrets SET encrypted_key = :new"
                    + " WHERE id = :id AND encrypted_key = :old")
            .param("new", newKey)
            .param("id", id)
            .param("old", oldKey)
            .update()
        == 1;
  }

  private static StoredSecret map(ResultSet rs, int n) throws SQLException {
    return new StoredSecret(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("default_filename"),
        rs.getObject("expiration_timestamp", OffsetDateTime.class),
        new SealedSecret(rs.getBytes("encrypted_value"), rs.getBytes("encrypted_key")));
  }
}
