package io.renku.data.sessionsecret;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code projects.session_secret_slots} and the users' fillings of them. */
@Repository
public class SessionSecretRepository {
  private static final String SLOT_COLUMNS =
      "s.id, s.project_id, s.name, s.description, s.filename, s.created_by_id, s.creation_date,"
          + " s.updated_at";

  private final JdbcClient jdbc;

  public SessionSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // ---- slots ----

  /** The project's slots, newest first (as the original orders them). */
  public List<SecretSlot> slots(String projectId) {
    return jdbc.sql(
            "SELECT "
                + SLOT_COLUMNS
                + " FROM projects.session_secret_slots s WHERE s.project_id = :p"
                + " ORDER BY s.id DESC")
        .param("p", projectId)
        .query(SessionSecretRepository::slot)
        .list();
  }

  public Optional<SecretSlot> slot(String id, boolean forUpdate) {
    return jdbc.sql(
            "SELECT "
                + SLOT_COLUMNS
                + " FROM projects.session_secret_slots s WHERE s.id = :id"
                + (forUpdate ? " FOR UPDATE" : ""))
        .param("id", id)
        .query(SessionSecretRepository::slot)
        .optional();
  }

  public boolean filenameTaken(String projectId, String filename, String exceptSlotId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM projects.session_secret_slots"
                + " WHERE project_id = :p AND filename = :f AND id <> :except)")
        .param("p", projectId)
        .param("f", filename)
        .param("except", exceptSlotId == null ? "" : exceptSlotId)
        .query(Boolean.class)
        .single();
  }

  /** Fails with Spring's {@code DuplicateKeyException} when the file name is taken. */
  public void insert(SecretSlot s) {
    jdbc.sql(
            "INSERT INTO projects.session_secret_slots (id, project_id, name, description,"
                + " filename, created_by_id, creation_date, updated_at)"
                + " VALUES (:id, :p, :name, :description, :filename, :by, :created, :updated)")
        .param("id", s.id())
        .param("p", s.projectId())
        .param("name", s.name())
        .param("description", s.description())
        .param("filename", s.filename())
        .param("by", s.createdBy())
        .param("created", s.creationDate())
        .param("updated", s.updatedAt())
        .update();
  }

  /** Fails with Spring's {@code DuplicateKeyException} when the file name is taken. */
  public void update(SecretSlot s) {
    jdbc.sql(
            "UPDATE projects.session_secret_slots SET name = :name, description = :description,"
                + " filename = :filename, updated_at = :updated WHERE id = :id")
        .param("id", s.id())
        .param("name", s.name())
        .param("description", s.description())
        .param("filename", s.filename())
        .param("updated", s.updatedAt())
        .update();
  }

  public void deleteSlot(String id) {
    jdbc.sql("DELETE FROM projects.session_secret_slots WHERE id = :id").param("id", id).update();
  }

  // ---- fillings ----

  /** The user's fillings of the project's slots, newest filling first. */
  public List<FilledSlot> filled(String userId, String projectId) {
    return jdbc.sql(
            "SELECT "
                + SLOT_COLUMNS
                + ", f.secret_id FROM projects.session_secrets f"
                + " JOIN projects.session_secret_slots s ON s.id = f.secret_slot_id"
                + " WHERE f.user_id = :u AND s.project_id = :p ORDER BY f.id DESC")
        .param("u", userId)
        .param("p", projectId)
        .query((rs, n) -> new FilledSlot(slot(rs, n), rs.getString("secret_id")))
        .list();
  }

  /**
   * Fills (or refills) the user's slot with one of their secrets. The foreign key on (secret_id,
   * user_id) refuses another user's secret.
   */
  public void fill(String fillingId, String slotId, String userId, String secretId) {
    jdbc.sql(
            "INSERT INTO projects.session_secrets (id, secret_slot_id, user_id, secret_id)"
                + " VALUES (:id, :slot, :u, :secret)"
                + " ON CONFLICT (secret_slot_id, user_id) DO UPDATE SET secret_id = :secret")
        .param("id", fillingId)
        .param("slot", slotId)
        .param("u", userId)
        .param("secret", secretId)
        .update();
  }

  public void clear(String slotId, String userId) {
    jdbc.sql("DELETE FROM projects.session_secrets WHERE secret_slot_id = :slot AND user_id = :u")
        .param("slot", slotId)
        .param("u", userId)
        .update();
  }

  /** Clears all of the user's fillings of the project's slots. */
  public void clearAll(String userId, String projectId) {
    jdbc.sql(
            "DELETE FROM projects.session_secrets f USING projects.session_secret_slots s"
                + " WHERE s.id = f.secret_slot_id AND f.user_id = :u AND s.project_id = :p")
        .param("u", userId)
        .param("p", projectId)
        .update();
  }

  private static SecretSlot slot(ResultSet rs, int n) throws SQLException {
    return new SecretSlot(
        rs.getString("id"),
        rs.getString("project_id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("filename"),
        rs.getString("created_by_id"),
        rs.getObject("creation_date", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  /** secret id → the secret_slot_ids its user uses it for, among {@code secretIds}. */
  public java.util.Map<String, List<String>> slotsBySecret(
      String userId, java.util.Collection<String> secretIds) {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    if (secretIds.isEmpty()) {
      return out;
    }
    jdbc.sql(
            "SELECT secret_id, secret_slot_id FROM projects.session_secrets"
                + " WHERE user_id = :u AND secret_id IN (:ids) ORDER BY secret_id, secret_slot_id")
        .param("u", userId)
        .param("ids", List.copyOf(secretIds))
        .query(
            rs -> {
              out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                  .add(rs.getString(2));
            });
    return out;
  }
}
