package io.renku.data.connectedservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code connected_services.oauth2_connections} and the sessions' refresh tokens. Every
 * read by id also names the user, so that another user's connection is simply not found.
 */
@Repository
public class ConnectionRepository {
  private static final String COLUMNS = "id, user_id, client_id, status";

  private final JdbcClient jdbc;

  public ConnectionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A pending connection found by its state: what the callback needs to finish it. */
  public record Pending(Connection connection, byte[] sealedVerifier, String nextUrl) {}

  /** The stored tokens of a connection (encrypted) and their expiry. */
  public record StoredTokens(Connection connection, byte[] sealed, Instant expiresAt) {}

  public List<Connection> ofUser(String userId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM connected_services.oauth2_connections WHERE user_id = :u ORDER BY id")
        .param("u", userId)
        .query(ConnectionRepository::map)
        .list();
  }

  public Optional<Connection> get(String userId, String id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM connected_services.oauth2_connections WHERE id = :id AND user_id = :u")
        .param("id", id)
        .param("u", userId)
        .query(ConnectionRepository::map)
        .optional();
  }

  public Optional<Connection> ofUserAndProvider(String userId, String providerId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM connected_services.oauth2_connections"
                + " WHERE user_id = :u AND client_id = :c")
        .param("u", userId)
        .param("c", providerId)
        .query(ConnectionRepository::map)
        .optional();
  }

  /**
   * Makes the user's connection to the provider pending with a new state and verifier (a new row,
   * or the existing one reset, keeping its tokens until the callback replaces them, as the original
   * does); answers it.
   */
  public Connection startPending(
      String newId,
      String userId,
      String providerId,
      String state,
      byte[] sealedVerifier,
      String nextUrl) {
    return jdbc.sql(
            "INSERT INTO connected_services.oauth2_connections (id, user_id, client_id, status,"
                + " state, code_verifier, next_url, pending_since) VALUES (:id, :u, :c, 'pending',"
                + " :s, :v, :n, now()) ON CONFLICT (user_id, client_id) DO UPDATE SET status ="
                + " 'pending', state = :s, code_verifier = :v, next_url = :n, pending_since = now(),"
                + " updated_at = now() RETURNING "
                + COLUMNS)
        .param("id", newId)
        .param("u", userId)
        .param("c", providerId)
        .param("s", state)
        .param("v", sealedVerifier)
        .param("n", nextUrl)
        .query(ConnectionRepository::map)
        .single();
  }

  /**
   * Takes a pending connection by its state: the state is cleared in the same statement, so that it
   * is used once even when two callbacks race. States older than {@code maxAgeSeconds} are not
   * found.
   */
  public Optional<Pending> takeByState(String userId, String state, long maxAgeSeconds) {
    return jdbc.sql(
            "UPDATE connected_services.oauth2_connections c SET state = NULL, code_verifier = NULL"
                + " FROM (SELECT id, code_verifier, next_url FROM"
                + " connected_services.oauth2_connections WHERE state = :s AND user_id = :u AND pending_since >"
                + " now() - make_interval(secs => :age) FOR UPDATE) old WHERE c.id = old.id"
                + " RETURNING c.id, c.user_id, c.client_id, c.status, old.code_verifier,"
                + " old.next_url")
        .param("s", state)
        .param("u", userId)
        .param("age", (double) maxAgeSeconds)
        .query(
            (rs, n) ->
                new Pending(map(rs, n), rs.getBytes("code_verifier"), rs.getString("next_url")))
        .optional();
  }

  /** The next_url of a pending connection by its state (to pass a provider's error on). */
  public Optional<String> nextUrlByState(String userId, String state) {
    return jdbc.sql(
            "SELECT next_url FROM connected_services.oauth2_connections"
                + " WHERE state = :s AND user_id = :u")
        .param("s", state)
        .param("u", userId)
        .query((rs, n) -> rs.getString(1))
        .optional()
        .filter(u -> u != null);
  }

  public void storeTokens(String id, byte[] sealed, Instant expiresAt, boolean connect) {
    jdbc.sql(
            "UPDATE connected_services.oauth2_connections SET token = :t, token_expires_at = :e,"
                + (connect ? " status = 'connected', next_url = NULL," : "")
                + " updated_at = now() WHERE id = :id")
        .param("id", id)
        .param("t", sealed)
        .param("e", expiresAt == null ? null : Timestamp.from(expiresAt))
        .update();
  }

  /** The stored tokens of the user's connected connection, without a lock. */
  public Optional<StoredTokens> tokens(String userId, String id) {
    return tokens(userId, id, false);
  }

  /**
   * The same, locking the row until the transaction ends ({@code SELECT ... FOR UPDATE}): the one
   * that refreshes holds it, and the others then read what it stored.
   */
  public Optional<StoredTokens> tokensForUpdate(String userId, String id) {
    return tokens(userId, id, true);
  }

  private Optional<StoredTokens> tokens(String userId, String id, boolean lock) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + ", token, token_expires_at FROM connected_services.oauth2_connections"
                + " WHERE id = :id AND user_id = :u AND status = 'connected'"
                + " AND token IS NOT NULL"
                + (lock ? " FOR UPDATE" : ""))
        .param("id", id)
        .param("u", userId)
        .query(
            (rs, n) -> {
              Timestamp e = rs.getTimestamp("token_expires_at");
              return new StoredTokens(
                  map(rs, n), rs.getBytes("token"), e == null ? null : e.toInstant());
            })
        .optional();
  }

  public boolean delete(String userId, String id) {
    return jdbc.sql(
                "DELETE FROM connected_services.oauth2_connections WHERE id = :id AND user_id = :u")
            .param("id", id)
            .param("u", userId)
            .update()
        == 1;
  }

  /** Stores the digest of a refresh token handed to a session. */
  public void addSessionToken(
      byte[] digest, String connectionId, String sessionName, Instant expiresAt) {
    jdbc.sql(
            "INSERT INTO connected_services.session_refresh_tokens (digest, connection_id,"
                + " session_name, expires_at) VALUES (:d, :c, :s, :e)")
        .param("d", digest)
        .param("c", connectionId)
        .param("s", sessionName)
        .param("e", Timestamp.from(expiresAt))
        .update();
  }

  /** The owner of a connection and the session a token was handed to (null: none named). */
  public record SessionTokenOwner(String userId, String sessionName) {}

  /**
   * Takes (deletes) a session's refresh token of the connection; answers the connection's owner and
   * the token's session when it existed and had not expired.
   */
  public Optional<SessionTokenOwner> takeSessionToken(byte[] digest, String connectionId) {
    return jdbc.sql(
            "WITH t AS (DELETE FROM connected_services.session_refresh_tokens WHERE digest = :d"
                + " AND connection_id = :c RETURNING connection_id, session_name, expires_at)"
                + " SELECT c.user_id, t.session_name FROM t JOIN"
                + " connected_services.oauth2_connections c ON c.id = t.connection_id"
                + " WHERE t.expires_at > now()")
        .param("d", digest)
        .param("c", connectionId)
        .query((rs, n) -> new SessionTokenOwner(rs.getString(1), rs.getString(2)))
        .optional();
  }

  /** Revokes every refresh token handed to a session (and expired ones of any session). */
  public int deleteSessionTokens(String sessionName) {
    return jdbc.sql(
            "DELETE FROM connected_services.session_refresh_tokens WHERE session_name = :s"
                + " OR expires_at <= now()")
        .param("s", sessionName)
        .update();
  }

  private static Connection map(ResultSet rs, int n) throws SQLException {
    return new Connection(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("client_id"),
        rs.getString("status"));
  }
}
