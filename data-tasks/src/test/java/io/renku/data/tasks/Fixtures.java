package io.renku.data.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Rows in the data service's tables, written as the data service writes them (plain SQL). */
final class Fixtures {
  static final Instant CREATED = Instant.parse("2025-03-04T05:06:07Z");

  private final DataSource db;

  Fixtures(DataSource db) {
    this.db = db;
  }

  static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
  }

  String user(String slug, String first, String last) {
    String id = id();
    update("INSERT INTO users.users (id, first_name, last_name) VALUES (?, ?, ?)", id, first, last);
    update("INSERT INTO common.namespaces (id, slug, user_id) VALUES (?, ?, ?)", id(), slug, id);
    return id;
  }

  String group(String slug, String name, String ownerId) {
    String id = id();
    update(
        "INSERT INTO common.groups (id, name, description, created_by) VALUES (?, ?, ?, ?)",
        id,
        name,
        "about " + name,
        ownerId);
    update("INSERT INTO common.namespaces (id, slug, group_id) VALUES (?, ?, ?)", id(), slug, id);
    role("group", id, "owner", ownerId);
    return id;
  }

  String project(String namespaceSlug, String slug, String visibility, String creatorId) {
    String id = id();
    update(
        "INSERT INTO projects.projects (id, namespace_id, slug, name, visibility, description,"
            + " keywords, repositories, created_by, creation_date)"
            + " VALUES (?, (SELECT id FROM common.namespaces WHERE slug = ?), ?, ?, ?, ?,"
            + " '{zeta,alpha}', '{https://example.org/r.git}', ?, ?)",
        id,
        namespaceSlug,
        slug,
        "Project " + slug,
        visibility,
        "a project",
        creatorId,
        Timestamp.from(CREATED));
    role("project", id, "owner", creatorId);
    return id;
  }

  /** A connector owned by a project (projectId set) or by the namespace {@code namespaceSlug}. */
  String connector(String namespaceSlug, String projectId, String slug, String creatorId) {
    String id = id();
    update(
        "INSERT INTO storage.data_connectors (id, namespace_id, project_id, slug, name, visibility,"
            + " keywords, storage_type, configuration, source_path, target_path, readonly,"
            + " created_by, creation_date, updated_at)"
            + " VALUES (?, (SELECT id FROM common.namespaces WHERE slug = ?), ?, ?, ?, 'private',"
            + " '{data}', 's3', '{\"type\":\"s3\"}', 'bucket', '/data', true, ?, ?, ?)",
        id,
        namespaceSlug,
        projectId,
        slug,
        "Connector " + slug,
        creatorId,
        Timestamp.from(CREATED),
        Timestamp.from(CREATED));
    return id;
  }

  void role(String resourceType, String resourceId, String relation, String userId) {
    update(
        "INSERT INTO authz.relationships (resource_type, resource_id, relation, subject_type,"
            + " subject_id) VALUES (?, ?, ?, 'user', ?)",
        resourceType,
        resourceId,
        relation,
        userId);
  }

  void outbox(String type, String entityId, String op) {
    outbox(type, entityId, op, null);
  }

  void outbox(String type, String entityId, String op, String namespacePath) {
    update(
        "INSERT INTO search.outbox (entity_type, entity_id, op, namespace_path) VALUES (?, ?, ?, ?)",
        type,
        entityId,
        op,
        namespacePath);
  }

  record OutboxState(long id, int attempts, String lastError, Instant nextAttemptAt) {}

  List<OutboxState> outboxRows() {
    List<OutboxState> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, attempts, last_error, next_attempt_at FROM search.outbox ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new OutboxState(
                rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  void update(String sql, Object... args) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
