package io.renku.data.secret;

import io.renku.secrets.crypto.SealedSecret;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code secrets.user_secrets} and the users' sealed keys ({@code users.users}). */
@Repository
public class UserSecretRepository {
  private static final String COLUMNS =
      "id, user_id, name, kind, default_filename, expiration_timestamp, modification_date";

  private final JdbcClient jdbc;

  public UserSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<UserSecret> list(String userId, String kind) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM secrets.user_secrets WHERE user_id = :u AND kind = :k ORDER BY name, id")
        .param("u", userId)
        .param("k", kind)
        .query(UserSecretRepository::map)
        .list();
  }

  /** The caller's secret by id, optionally locked for a change. */
  public Optional<UserSecret> get(String userId, String id, boolean forUpdate) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM secrets.user_secrets WHERE id = :id AND user_id = :u"
                + (forUpdate ? " FOR UPDATE" : ""))
        .param("id", id)
        .param("u", userId)
        .query(UserSecretRepository::map)
        .optional();
  }

  /** Those of the given ids that are the user's secrets. */
  public List<UserSecret> byIds(String userId, java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM secrets.user_secrets WHERE user_id = :u AND id IN (:ids) ORDER BY id")
        .param("u", userId)
        .param("ids", List.copyOf(ids))
        .query(UserSecretRepository::map)
        .list();
  }

  public boolean nameTaken(String userId, String kind, String name) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM secrets.user_secrets"
                + " WHERE user_id = :u AND kind = :k AND name = :n)")
        .param("u", userId)
        .param("k", kind)
        .param("n", name)
        .query(Boolean.class)
        .single();
  }

  /** Fails with Spring's {@code DuplicateKeyException} when the name is taken for that kind. */
  public void insert(UserSecret s, SealedSecret sealed) {
    jdbc.sql(
            "INSERT INTO secrets.user_secrets (id, user_id, name, kind, default_filename,"
                + " encrypted_value, encrypted_key, expiration_timestamp, modification_date)"
                + " VALUES (:id, :u, :name, :kind, :file, :value, :key, :expires, :modified)")
        .param("id", s.id())
        .param("u", s.userId())
        .param("name", s.name())
        .param("kind", s.kind())
        .param("file", s.defaultFilename())
        .param("value", sealed.encryptedValue())
        .param("key", sealed.encryptedKey())
        .param("expires", s.expirationTimestamp())
        .param("modified", s.modificationDate())
        .update();
  }

  /** Changes the fields; a null {@code sealed} keeps the value. */
  public void update(UserSecret s, SealedSecret sealed) {
    jdbc.sql(
            "UPDATE secrets.user_secrets SET name = :name, default_filename = :file,"
                + " expiration_timestamp = :expires, modification_date = :modified"
                + (sealed == null ? "" : ", encrypted_value = :value, encrypted_key = :key")
                + " WHERE id = :id AND user_id = :u")
        .param("id", s.id())
        .param("u", s.userId())
        .param("name", s.name())
        .param("file", s.defaultFilename())
        .param("expires", s.expirationTimestamp())
        .param("modified", s.modificationDate())
        .params(
            sealed == null
                ? java.util.Map.of()
                : java.util.Map.of("value", sealed.encryptedValue(), "key", sealed.encryptedKey()))
        .update();
  }

  public void delete(String userId, String id) {
    jdbc.sql("DELETE FROM secrets.user_secrets WHERE id = :id AND user_id = :u")
        .param("id", id)
        .param("u", userId)
        .update();
  }

  /** The user's sealed key, without a lock: once made, it never changes. */
  public Optional<byte[]> userKey(String userId) {
    return jdbc.sql("SELECT secret_key FROM users.users WHERE id = :u")
        .param("u", userId)
        .query((rs, n) -> Optional.ofNullable(rs.getBytes(1)))
        .optional()
        .flatMap(o -> o);
  }

  /** The user's sealed key, under a row lock (so two first secrets make one key). */
  public Optional<byte[]> lockUserKey(String userId) {
    return jdbc.sql("SELECT secret_key FROM users.users WHERE id = :u FOR UPDATE")
        .param("u", userId)
        .query((rs, n) -> Optional.ofNullable(rs.getBytes(1)))
        .optional()
        .flatMap(o -> o);
  }

  public void storeUserKey(String userId, byte[] sealedKey) {
    jdbc.sql("UPDATE users.users SET secret_key = :k WHERE id = :u")
        .param("k", sealedKey)
        .param("u", userId)
        .update();
  }

  private static UserSecret map(ResultSet rs, int n) throws SQLException {
    return new UserSecret(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("name"),
        rs.getString("kind"),
        rs.getString("default_filename"),
        rs.getObject("expiration_timestamp", OffsetDateTime.class),
        rs.getObject("modification_date", OffsetDateTime.class));
  }
}
