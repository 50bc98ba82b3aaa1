package io.renku.data.user;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for users and their preferences. */
@Repository
public class UserRepository {
  private static final String SELECT =
      """
      SELECT u.id, n.slug, u.email, u.first_name, u.last_name, u.creation_date
      FROM users.users u LEFT JOIN common.namespaces n ON n.user_id = u.id
      """;

  private final JdbcClient jdbc;

  public UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<User> find(String id) {
    return jdbc.sql(SELECT + " WHERE u.id = ?").param(id).query(UserRepository::map).optional();
  }

  /**
   * The users whose <em>verified</em> address is {@code email} (any case). An unverified address is
   * whatever someone typed at sign-up, possibly another person's, so it never finds anyone.
   */
  public List<User> findByVerifiedEmail(String email) {
    return jdbc.sql(SELECT + " WHERE lower(u.email) = lower(?) AND u.email_verified ORDER BY u.id")
        .param(email)
        .query(UserRepository::map)
        .list();
  }

  public List<User> listAll() {
    return jdbc.sql(SELECT + " ORDER BY u.creation_date, u.id").query(UserRepository::map).list();
  }

  /** Inserts the user unless they exist; returns whether a row was inserted. */
  public boolean insertIfAbsent(
      String id, String firstName, String lastName, String email, boolean emailVerified) {
    return jdbc.sql(
                """
                INSERT INTO users.users (id, first_name, last_name, email, email_verified)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""")
            .params(id, firstName, lastName, email, emailVerified)
            .update()
        == 1;
  }

  /**
   * Updates names, e-mail and its verification when they differ from what the token says now; true
   * if they did.
   */
  public boolean updateProfile(
      String id, String firstName, String lastName, String email, boolean emailVerified) {
    return jdbc.sql(
                """
            UPDATE users.users
            SET first_name = ?, last_name = ?, email = ?, email_verified = ?, updated_at = now()
            WHERE id = ? AND (first_name IS DISTINCT FROM ? OR last_name IS DISTINCT FROM ?
                              OR email IS DISTINCT FROM ? OR email_verified <> ?)""")
            .params(
                firstName,
                lastName,
                email,
                emailVerified,
                id,
                firstName,
                lastName,
                email,
                emailVerified)
            .update()
        > 0;
  }

  public boolean delete(String id) {
    return jdbc.sql("DELETE FROM users.users WHERE id = ?").param(id).update() == 1;
  }

  public UserPreferences preferences(String userId) {
    return jdbc.sql(
            """
            SELECT pinned_projects, show_project_migration_banner
            FROM users.user_preferences WHERE user_id = ?""")
        .param(userId)
        .query((rs, n) -> new UserPreferences(userId, strings(rs.getArray(1)), rs.getBoolean(2)))
        .optional()
        .orElse(new UserPreferences(userId, List.of(), true));
  }

  public void savePinned(String userId, List<String> pinned) {
    jdbc.sql(
            """
            INSERT INTO users.user_preferences (user_id, pinned_projects) VALUES (?, ?::text[])
            ON CONFLICT (user_id) DO UPDATE SET pinned_projects = excluded.pinned_projects""")
        .params(userId, pinned.toArray(String[]::new))
        .update();
  }

  public void saveShowProjectMigrationBanner(String userId, boolean show) {
    jdbc.sql(
            """
            INSERT INTO users.user_preferences (user_id, show_project_migration_banner)
            VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE
              SET show_project_migration_banner = excluded.show_project_migration_banner""")
        .params(userId, show)
        .update();
  }

  static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  private static User map(ResultSet rs, int n) throws SQLException {
    return new User(
        rs.getString("id"),
        rs.getString("slug"),
        rs.getString("email"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
