package io.renku.data.tasks;

import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.UserDocument;
import io.renku.search.solr.Visibility;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the current state of users, groups, projects and data connectors from the data service's
 * tables and renders their search documents, in bulk (one query per kind and one for the members).
 *
 * <p>Members come from {@code authz.relationships}, the source of truth of authorization: the
 * entity's own {@code owner}/{@code editor}/{@code viewer} users, plus, as the schema's {@code
 * non_public_read} has it, whoever reads the children of its namespace: the owner of a user
 * namespace, the members of a group (in their group role), and for a connector in a project the
 * project's members (its own and its namespace's). Each user keeps the highest role. The direct
 * members are the entity's own users, and the group when a group's namespace holds the entity.
 */
public final class EntityReader {
  private static final String USERS =
      "SELECT u.id, n.slug, u.first_name, u.last_name FROM users.users u"
          + " JOIN common.namespaces n ON n.user_id = u.id";
  private static final String GROUPS =
      "SELECT g.id, n.slug, g.name, g.description FROM common.groups g"
          + " JOIN common.namespaces n ON n.group_id = g.id";
  private static final String PROJECTS =
      "SELECT p.id, p.slug, p.name, n.slug AS ns_slug, n.user_id AS ns_user, n.group_id AS ns_group,"
          + " p.visibility, p.created_by, p.creation_date, p.repositories, p.description,"
          + " p.keywords FROM projects.projects p JOIN common.namespaces n ON n.id = p.namespace_id";
  private static final String CONNECTORS =
      "SELECT d.id, d.slug, d.name, n.slug AS ns_slug, n.user_id AS ns_user, n.group_id AS ns_group,"
          + " d.project_id, pn.slug || '/' || p.slug AS project_path, d.storage_type, d.readonly,"
          + " d.visibility, d.created_by, d.creation_date, d.description, d.keywords, d.doi,"
          + " d.publisher_name FROM storage.data_connectors d"
          + " LEFT JOIN common.namespaces n ON n.id = d.namespace_id"
          + " LEFT JOIN projects.projects p ON p.id = d.project_id"
          + " LEFT JOIN common.namespaces pn ON pn.id = p.namespace_id";

  /** The documents of those of {@code ids} that exist, by id; an absent id means deleted. */
  public Map<String, SearchDocument> load(Connection c, OutboxEntity kind, Collection<String> ids)
      throws SQLException {
    Map<String, SearchDocument> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Array idArray = c.createArrayOf("varchar", ids.toArray());
    for (SearchDocument d : read(c, kind, " = ANY(?)", ps -> ps.setArray(1, idArray))) {
      out.put(d.id(), d);
    }
    return out;
  }

  /**
   * The projects and connectors whose member fields derive from the given groups and projects, by
   * kind: a group's members read the projects and connectors in its namespace and the connectors of
   * those projects, a project's members read its connectors. The outbox records a membership change
   * only for the group or project itself, so these are rendered again with it.
   */
  public Map<OutboxEntity, Set<String>> dependents(
      Connection c, Collection<String> groupIds, Collection<String> projectIds)
      throws SQLException {
    Map<OutboxEntity, Set<String>> out = new HashMap<>();
    if (groupIds.isEmpty() && projectIds.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 'project', p.id FROM projects.projects p"
                + " JOIN common.namespaces n ON n.id = p.namespace_id WHERE n.group_id = ANY(?)"
                + " UNION SELECT 'data_connector', d.id FROM storage.data_connectors d"
                + " JOIN common.namespaces n ON n.id = d.namespace_id WHERE n.group_id = ANY(?)"
                + " UNION SELECT 'data_connector', d.id FROM storage.data_connectors d"
                + " JOIN projects.projects p ON p.id = d.project_id"
                + " JOIN common.namespaces n ON n.id = p.namespace_id WHERE n.group_id = ANY(?)"
                + " UNION SELECT 'data_connector', d.id FROM storage.data_connectors d"
                + " WHERE d.project_id = ANY(?)")) {
      Array groups = c.createArrayOf("varchar", groupIds.toArray());
      ps.setArray(1, groups);
      ps.setArray(2, groups);
      ps.setArray(3, groups);
      ps.setArray(4, c.createArrayOf("varchar", projectIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(OutboxEntity.fromColumn(rs.getString(1)), k -> new HashSet<>())
              .add(rs.getString(2));
        }
      }
    }
    return out;
  }

  /** A page of documents of one kind in id order, after {@code afterId} ("" for the first). */
  public List<SearchDocument> page(Connection c, OutboxEntity kind, String afterId, int limit)
      throws SQLException {
    return read(
        c,
        kind,
        " > ? ORDER BY 1 LIMIT ?",
        ps -> {
          ps.setString(1, afterId);
          ps.setInt(2, limit);
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<SearchDocument> read(
      Connection c, OutboxEntity kind, String condition, Binder binder) throws SQLException {
    return switch (kind) {
      case USER -> users(c, USERS + " WHERE u.id" + condition, binder);
      case GROUP -> groups(c, GROUPS + " WHERE g.id" + condition, binder);
      case PROJECT -> projects(c, PROJECTS + " WHERE p.id" + condition, binder);
      case DATA_CONNECTOR -> connectors(c, CONNECTORS + " WHERE d.id" + condition, binder);
    };
  }

  private static List<SearchDocument> users(Connection c, String sql, Binder binder)
      throws SQLException {
    List<SearchDocument> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new UserDocument(
                  rs.getString("id"),
                  rs.getString("slug"),
                  rs.getString("first_name"),
                  rs.getString("last_name")));
        }
      }
    }
    return out;
  }

  private static List<SearchDocument> groups(Connection c, String sql, Binder binder)
      throws SQLException {
    record Row(String id, String slug, String name, String description) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString("id"),
                  rs.getString("slug"),
                  rs.getString("name"),
                  rs.getString("description")));
        }
      }
    }
    Map<String, RoleTable> roles = roles(c, "group", rows.stream().map(Row::id).toList());
    List<SearchDocument> out = new ArrayList<>();
    for (Row r : rows) {
      RoleTable t = roles.getOrDefault(r.id(), new RoleTable());
      out.add(new GroupDocument(r.id(), r.slug(), r.name(), r.description(), t.members(t.users())));
    }
    return out;
  }

  /** Where an entity lives: a user's or group's namespace; both null for a project's or none. */
  private record Owner(String userId, String groupId) {}

  private static List<SearchDocument> projects(Connection c, String sql, Binder binder)
      throws SQLException {
    record Row(ProjectDocument doc, Owner owner) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  new ProjectDocument(
                      rs.getString("id"),
                      rs.getString("slug"),
                      rs.getString("name"),
                      rs.getString("ns_slug"),
                      visibility(rs.getString("visibility")),
                      rs.getString("created_by"),
                      rs.getTimestamp("creation_date").toInstant(),
                      strings(rs.getArray("repositories")),
                      rs.getString("description"),
                      strings(rs.getArray("keywords")),
                      null),
                  new Owner(rs.getString("ns_user"), rs.getString("ns_group"))));
        }
      }
    }
    Map<String, Owner> owners = new LinkedHashMap<>();
    rows.forEach(r -> owners.put(r.doc().id(), r.owner()));
    Map<String, Members> members = projectMembers(c, owners);
    List<SearchDocument> out = new ArrayList<>();
    for (Row r : rows) {
      ProjectDocument d = r.doc();
      out.add(
          new ProjectDocument(
              d.id(),
              d.slug(),
              d.name(),
              d.namespacePath(),
              d.visibility(),
              d.createdBy(),
              d.creationDate(),
              d.repositories(),
              d.description(),
              d.keywords(),
              members.get(d.id())));
    }
    return out;
  }

  /** The members of projects whose namespaces are given, by project id. */
  private static Map<String, Members> projectMembers(Connection c, Map<String, Owner> projects)
      throws SQLException {
    Map<String, RoleTable> own = roles(c, "project", projects.keySet());
    Map<String, RoleTable> roles = inheritedRoles(c, own, projects);
    Map<String, Members> out = new HashMap<>();
    projects.forEach((id, owner) -> out.put(id, roles.get(id).members(direct(own.get(id), owner))));
    return out;
  }

  private static Set<String> direct(RoleTable own, Owner owner) {
    Set<String> direct = new HashSet<>(own == null ? Set.of() : own.users());
    if (owner.groupId() != null) {
      direct.add(owner.groupId());
    }
    return direct;
  }

  /**
   * For each entity: its own roles plus the roles inherited from its user or group namespace (the
   * user namespace's owner is an owner; group members keep their group role).
   */
  private static Map<String, RoleTable> inheritedRoles(
      Connection c, Map<String, RoleTable> own, Map<String, Owner> entities) throws SQLException {
    Set<String> groupIds = new HashSet<>();
    entities.values().stream().map(Owner::groupId).filter(g -> g != null).forEach(groupIds::add);
    Map<String, RoleTable> groups = roles(c, "group", groupIds);
    Map<String, RoleTable> out = new HashMap<>();
    entities.forEach(
        (id, owner) -> {
          RoleTable t = new RoleTable();
          RoleTable o = own.get(id);
          if (o != null) {
            t.addAll(o);
          }
          if (owner.userId() != null) {
            t.add(owner.userId(), RoleTable.OWNER);
          }
          if (owner.groupId() != null && groups.containsKey(owner.groupId())) {
            t.addAll(groups.get(owner.groupId()));
          }
          out.put(id, t);
        });
    return out;
  }

  private static List<SearchDocument> connectors(Connection c, String sql, Binder binder)
      throws SQLException {
    record Row(DataConnectorDocument doc, Owner owner, String projectId) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String projectId = rs.getString("project_id");
          String namespacePath =
              projectId != null ? rs.getString("project_path") : rs.getString("ns_slug");
          rows.add(
              new Row(
                  new DataConnectorDocument(
                      rs.getString("id"),
                      rs.getString("slug"),
                      rs.getString("name"),
                      namespacePath,
                      rs.getString("storage_type"),
                      rs.getBoolean("readonly"),
                      visibility(rs.getString("visibility")),
                      rs.getString("created_by"),
                      rs.getTimestamp("creation_date").toInstant(),
                      rs.getString("description"),
                      strings(rs.getArray("keywords")),
                      rs.getString("doi"),
                      rs.getString("publisher_name"),
                      null),
                  new Owner(rs.getString("ns_user"), rs.getString("ns_group")),
                  projectId));
        }
      }
    }
    Map<String, Owner> owners = new HashMap<>();
    rows.forEach(r -> owners.put(r.doc().id(), r.owner()));
    Map<String, RoleTable> own = roles(c, "data_connector", owners.keySet());
    Map<String, RoleTable> roles = inheritedRoles(c, own, owners);
    Set<String> projectIds = new HashSet<>();
    rows.stream().map(Row::projectId).filter(p -> p != null).forEach(projectIds::add);
    Map<String, RoleTable> projectRoles = projectRoles(c, projectIds);
    List<SearchDocument> out = new ArrayList<>();
    for (Row r : rows) {
      RoleTable t = roles.get(r.doc().id());
      if (r.projectId() != null && projectRoles.containsKey(r.projectId())) {
        t.addAll(projectRoles.get(r.projectId()));
      }
      DataConnectorDocument d = r.doc();
      out.add(
          new DataConnectorDocument(
              d.id(),
              d.slug(),
              d.name(),
              d.namespacePath(),
              d.storageType(),
              d.readonly(),
              d.visibility(),
              d.createdBy(),
              d.creationDate(),
              d.description(),
              d.keywords(),
              d.doi(),
              d.publisherName(),
              t.members(direct(own.get(d.id()), r.owner()))));
    }
    return out;
  }

  /** The roles of projects' members: their own and their namespace's. */
  private static Map<String, RoleTable> projectRoles(Connection c, Set<String> projectIds)
      throws SQLException {
    if (projectIds.isEmpty()) {
      return Map.of();
    }
    Map<String, Owner> owners = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.id, n.user_id, n.group_id FROM projects.projects p"
                + " JOIN common.namespaces n ON n.id = p.namespace_id WHERE p.id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("varchar", projectIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          owners.put(rs.getString(1), new Owner(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return inheritedRoles(c, roles(c, "project", owners.keySet()), owners);
  }

  /** The users' roles on resources of one type, from the relationship table. */
  private static Map<String, RoleTable> roles(
      Connection c, String resourceType, Collection<String> ids) throws SQLException {
    Map<String, RoleTable> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT resource_id, relation, subject_id FROM authz.relationships"
                + " WHERE resource_type = ? AND resource_id = ANY(?)"
                + " AND relation IN ('owner', 'editor', 'viewer')"
                + " AND subject_type = 'user' AND subject_relation = ''")) {
      ps.setString(1, resourceType);
      ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new RoleTable())
              .add(rs.getString(3), RoleTable.rank(rs.getString(2)));
        }
      }
    }
    return out;
  }

  private static Visibility visibility(String value) {
    return Visibility.fromSolr(value);
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values).map(Object::toString).toList();
  }
}
