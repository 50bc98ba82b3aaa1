package io.renku.identity.account;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code identity.accounts}. */
@Repository
public class AccountRepository {
  private static final RowMapper<Account> ROW =
      (rs, i) ->
          new Account(
              rs.getString("id"),
              rs.getString("username"),
              rs.getString("email"),
              rs.getBoolean("email_verified"),
              rs.getString("first_name"),
              rs.getString("last_name"),
              rs.getString("password_hash"),
              rs.getBoolean("admin"),
              rs.getBoolean("enabled"));

  private final JdbcClient jdbc;

  public AccountRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public Optional<Account> byUsername(String username) {
    return jdbc.sql("SELECT * FROM identity.accounts WHERE lower(username) = lower(:u)")
        .param("u", username)
        .query(ROW)
        .optional();
  }

  public boolean usernameOrEmailTaken(String username, String email) {
    return jdbc.sql(
                "SELECT count(*) FROM identity.accounts"
                    + " WHERE lower(username) = lower(:u) OR lower(email) = lower(:e)")
            .param("u", username)
            .param("e", email)
            .query(Long.class)
            .single()
        > 0;
  }

  public boolean anyAdmin() {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM identity.accounts WHERE admin)")
        .query(Boolean.class)
        .single();
  }

  /** Inserts; a username or email already taken raises {@code DuplicateKeyException}. */
  public void insert(Account a) {
    jdbc.sql(
            "INSERT INTO identity.accounts"
                + " (id, username, email, email_verified, first_name, last_name, password_hash,"
                + " admin, enabled)"
                + " VALUES (:id, :username, :email, :verified, :first, :last, :hash, :admin,"
                + " :enabled)")
        .param("id", a.id())
        .param("username", a.username())
        .param("email", a.email())
        .param("verified", a.emailVerified())
        .param("first", a.firstName())
        .param("last", a.lastName())
        .param("hash", a.passwordHash())
        .param("admin", a.admin())
        .param("enabled", a.enabled())
        .update();
  }
}
