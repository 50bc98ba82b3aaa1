package io.renku.data.tasks;

import io.renku.authz.ObjectRef;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.authz.postgres.RelationshipStore;
import io.renku.core.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A random Renku world for the visibility test: users, groups, projects and data connectors with
 * random visibilities and memberships, and random changes to them. Each change is written as the
 * data service writes it, in one transaction: its rows, its relationships ({@link
 * PlatformRelations} through the {@link RelationshipStore}, the same updates as the services) and
 * its {@code search.outbox} rows (the same rows as the services write: a membership change of a
 * group is an upsert of the group only, and so on).
 */
final class VisibilityWorld {
  private static final List<String> WORDS =
      List.of("alpha", "river", "genome", "climate", "solar", "atlas", "delta", "quartz");
  private static final Instant CREATED = Instant.parse("2025-06-07T08:09:10Z");

  record User(String id, String slug, String namespaceId) {}

  record Group(String id, String slug, String namespaceId) {}

  /** A project; {@code namespace} is the authz object of its namespace. */
  record Project(String id, String slug, String namespaceId, ObjectRef namespace) {}

  /** A connector; {@code owner} is a user namespace, a group or a project. */
  record Connector(String id, String slug, ObjectRef owner) {}

  private final Random random;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final RelationshipStore store;
  private int counter;

  final List<User> users = new ArrayList<>();
  final List<Group> groups = new ArrayList<>();
  final List<Project> projects = new ArrayList<>();
  final List<Connector> connectors = new ArrayList<>();
  User admin;

  /** What was done, in order, to tell on failure how the world came about. */
  final List<String> history = new ArrayList<>();

  /** A readable label per entity id, for failure messages. */
  private final Map<String, String> labels = new LinkedHashMap<>();

  VisibilityWorld(Random random, JdbcClient jdbc, TransactionTemplate tx) {
    this.random = random;
    this.jdbc = jdbc;
    this.tx = tx;
    this.store = new RelationshipStore(jdbc, false);
  }

  String label(String id) {
    return labels.getOrDefault(id, "?") + " [" + id + "]";
  }

  Random random() {
    return random;
  }

  private String nextId() {
    return Fixtures.id();
  }

  private String name() {
    return WORDS.get(random.nextInt(WORDS.size()))
        + " "
        + WORDS.get(random.nextInt(WORDS.size()))
        + " "
        + (++counter);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private Role role() {
    return Role.values()[random.nextInt(Role.values().length)];
  }

  private String visibility() {
    return random.nextBoolean() ? "public" : "private";
  }

  private void inTx(Runnable work) {
    tx.executeWithoutResult(s -> work.run());
  }

  private void outbox(String type, String id, String op, String namespacePath) {
    jdbc.sql(
            "INSERT INTO search.outbox (entity_type, entity_id, op, namespace_path)"
                + " VALUES (?, ?, ?, ?)")
        .params(type, id, op, namespacePath)
        .update();
  }

  // ---- creation -------------------------------------------------------------------------------

  void build() {
    int nUsers = 3 + random.nextInt(4);
    for (int i = 0; i < nUsers; i++) {
      users.add(createUser(i));
    }
    admin = createUser(nUsers);
    inTx(
        () ->
            store.apply(
                List.of(
                    PlatformRelations.touch(
                        PlatformRelations.PLATFORM, "admin", PlatformRelations.user(admin.id())))));
    history.add("admin " + admin.slug());
    int nGroups = 2 + random.nextInt(2);
    for (int i = 0; i < nGroups; i++) {
      createGroup(i);
    }
    int nProjects = 4 + random.nextInt(7);
    for (int i = 0; i < nProjects; i++) {
      createProject(i);
    }
    int nConnectors = 4 + random.nextInt(7);
    for (int i = 0; i < nConnectors; i++) {
      createConnector(i);
    }
  }

  private User createUser(int i) {
    User u = new User(nextId(), "user" + i, nextId());
    String first = WORDS.get(random.nextInt(WORDS.size()));
    inTx(
        () -> {
          jdbc.sql("INSERT INTO users.users (id, first_name, last_name) VALUES (?, ?, ?)")
              .params(u.id(), first, "Last" + i)
              .update();
          jdbc.sql("INSERT INTO common.namespaces (id, slug, user_id) VALUES (?, ?, ?)")
              .params(u.namespaceId(), u.slug(), u.id())
              .update();
          store.apply(PlatformRelations.newUserNamespace(u.namespaceId(), u.id()));
          outbox("user", u.id(), "upsert", null);
        });
    labels.put(u.id(), "user " + u.slug());
    history.add("user " + u.slug());
    return u;
  }

  private void createGroup(int i) {
    Group g = new Group(nextId(), "group" + i, nextId());
    User creator = pick(users);
    List<String> roles = new ArrayList<>();
    inTx(
        () -> {
          jdbc.sql(
                  "INSERT INTO common.groups (id, name, description, created_by) VALUES (?, ?, ?, ?)")
              .params(g.id(), name(), "about " + name(), creator.id())
              .update();
          jdbc.sql("INSERT INTO common.namespaces (id, slug, group_id) VALUES (?, ?, ?)")
              .params(g.namespaceId(), g.slug(), g.id())
              .update();
          store.apply(PlatformRelations.newGroup(g.id(), creator.id()));
          outbox("group", g.id(), "upsert", null);
        });
    // members are added afterwards, as through the members endpoint
    List<RelationshipUpdate> members = new ArrayList<>();
    for (User u : users) {
      if (u != creator && random.nextInt(100) < 40) {
        Role r = role();
        members.addAll(PlatformRelations.setRole(PlatformRelations.group(g.id()), u.id(), r));
        roles.add(u.slug() + "=" + r.value());
      }
    }
    if (!members.isEmpty()) {
      inTx(
          () -> {
            store.apply(members);
            outbox("group", g.id(), "upsert", null);
          });
    }
    groups.add(g);
    labels.put(g.id(), "group " + g.slug());
    history.add("group " + g.slug() + " owner " + creator.slug() + " members " + roles);
  }

  private void createProject(int i) {
    boolean inGroup = random.nextBoolean();
    String namespaceId;
    ObjectRef namespace;
    String namespaceSlug;
    User creator;
    if (inGroup) {
      Group g = pick(groups);
      namespaceId = g.namespaceId();
      namespace = PlatformRelations.group(g.id());
      namespaceSlug = g.slug();
      creator = pick(users);
    } else {
      User owner = pick(users);
      namespaceId = owner.namespaceId();
      namespace = PlatformRelations.userNamespace(owner.namespaceId());
      namespaceSlug = owner.slug();
      creator = owner;
    }
    Project p = new Project(nextId(), "project" + i, namespaceId, namespace);
    String visibility = visibility();
    inTx(
        () -> {
          jdbc.sql(
                  "INSERT INTO projects.projects (id, namespace_id, slug, name, visibility,"
                      + " description, keywords, repositories, created_by, creation_date)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?::varchar[], '{}', ?, ?)")
              .params(
                  p.id(),
                  namespaceId,
                  p.slug(),
                  name(),
                  visibility,
                  "a project about " + name(),
                  "{" + WORDS.get(random.nextInt(WORDS.size())) + "}",
                  creator.id(),
                  Timestamp.from(CREATED.plusSeconds(counter)))
              .update();
          // as ProjectService.create
          ObjectRef ref = PlatformRelations.project(p.id());
          List<RelationshipUpdate> rels = new ArrayList<>();
          rels.add(PlatformRelations.touch(ref, "owner", PlatformRelations.user(creator.id())));
          rels.add(
              PlatformRelations.touch(ref, "project_platform", PlatformRelations.PLATFORM_SUBJECT));
          rels.add(
              PlatformRelations.touch(
                  ref,
                  "project_namespace",
                  new io.renku.authz.SubjectRef(namespace.type(), namespace.id(), null)));
          if (visibility.equals("public")) {
            rels.addAll(PlatformRelations.publicViewers(ref, true));
          }
          store.apply(rels);
          outbox("project", p.id(), "upsert", null);
        });
    List<String> roles = new ArrayList<>();
    List<RelationshipUpdate> members = new ArrayList<>();
    for (User u : users) {
      if (u != creator && random.nextInt(100) < 25) {
        Role r = role();
        members.addAll(PlatformRelations.setRole(PlatformRelations.project(p.id()), u.id(), r));
        roles.add(u.slug() + "=" + r.value());
      }
    }
    if (!members.isEmpty()) {
      inTx(
          () -> {
            store.apply(members);
            outbox("project", p.id(), "upsert", null);
          });
    }
    projects.add(p);
    labels.put(p.id(), "project " + namespaceSlug + "/" + p.slug());
    history.add(
        "project "
            + namespaceSlug
            + "/"
            + p.slug()
            + " "
            + visibility
            + " creator "
            + creator.slug()
            + " members "
            + roles);
  }

  private void createConnector(int i) {
    int where = random.nextInt(3);
    String namespaceId = null;
    String projectId = null;
    ObjectRef owner;
    String ownerLabel;
    if (where == 0 || (where == 2 && projects.isEmpty())) {
      User u = pick(users);
      namespaceId = u.namespaceId();
      owner = PlatformRelations.userNamespace(u.namespaceId());
      ownerLabel = u.slug();
    } else if (where == 1) {
      Group g = pick(groups);
      namespaceId = g.namespaceId();
      owner = PlatformRelations.group(g.id());
      ownerLabel = g.slug();
    } else {
      Project p = pick(projects);
      projectId = p.id();
      owner = PlatformRelations.project(p.id());
      ownerLabel = labels.get(p.id());
    }
    Connector d = new Connector(nextId(), "connector" + i, owner);
    String visibility = visibility();
    User creator = pick(users);
    String ns = namespaceId;
    String project = projectId;
    inTx(
        () -> {
          jdbc.sql(
                  "INSERT INTO storage.data_connectors (id, namespace_id, project_id, slug, name,"
                      + " visibility, keywords, storage_type, configuration, source_path,"
                      + " target_path, readonly, created_by, creation_date, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?::varchar[], 's3', '{\"type\":\"s3\"}',"
                      + " 'bucket', '/data', true, ?, ?, ?)")
              .params(
                  d.id(),
                  ns,
                  project,
                  d.slug(),
                  name(),
                  visibility,
                  "{" + WORDS.get(random.nextInt(WORDS.size())) + "}",
                  creator.id(),
                  Timestamp.from(CREATED.plusSeconds(counter)),
                  Timestamp.from(CREATED))
              .update();
          // as DataConnectorService.create (no owner relationship: the namespace decides)
          ObjectRef ref = connector(d.id());
          List<RelationshipUpdate> rels = new ArrayList<>();
          rels.add(
              PlatformRelations.touch(
                  ref,
                  "data_connector_namespace",
                  new io.renku.authz.SubjectRef(owner.type(), owner.id(), null)));
          rels.add(
              PlatformRelations.touch(
                  ref, "data_connector_platform", PlatformRelations.PLATFORM_SUBJECT));
          if (visibility.equals("public")) {
            rels.addAll(PlatformRelations.publicViewers(ref, true));
          }
          store.apply(rels);
          outbox("data_connector", d.id(), "upsert", null);
        });
    List<String> roles = new ArrayList<>();
    List<RelationshipUpdate> members = new ArrayList<>();
    for (User u : users) {
      if (random.nextInt(100) < 15) {
        Role r = role();
        members.addAll(PlatformRelations.setRole(connector(d.id()), u.id(), r));
        roles.add(u.slug() + "=" + r.value());
      }
    }
    if (!members.isEmpty()) {
      inTx(
          () -> {
            store.apply(members);
            outbox("data_connector", d.id(), "upsert", null);
          });
    }
    connectors.add(d);
    labels.put(d.id(), "connector " + ownerLabel + "/" + d.slug());
    history.add(
        "connector " + ownerLabel + "/" + d.slug() + " " + visibility + " members " + roles);
  }

  static ObjectRef connector(String id) {
    return new ObjectRef("data_connector", id);
  }

  // ---- changes --------------------------------------------------------------------------------

  /** {@code count} random changes, each in its own transaction with its outbox rows. */
  void change(int count) {
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(12)) {
        case 0, 1 -> changeMember("group", groups.isEmpty() ? null : pick(groups).id());
        case 2, 3 -> changeMember("project", projects.isEmpty() ? null : pick(projects).id());
        case 4 ->
            changeMember("data_connector", connectors.isEmpty() ? null : pick(connectors).id());
        case 5 -> flipProject();
        case 6 -> flipConnector();
        case 7 -> deleteProject();
        case 8 -> moveProject();
        case 9 -> moveConnector();
        case 10 -> deleteUser();
        default -> deleteGroup();
      }
    }
  }

  private ObjectRef ref(String type, String id) {
    return new ObjectRef(type, id);
  }

  private List<String> members(String type, String id) {
    return jdbc.sql(
            "SELECT subject_id FROM authz.relationships WHERE resource_type = ? AND resource_id = ?"
                + " AND relation IN ('owner', 'editor', 'viewer') AND subject_type = 'user'"
                + " ORDER BY subject_id")
        .params(type, id)
        .query(String.class)
        .list();
  }

  /** Removes a member, or gives a user a (new) role; the outbox gets an upsert of the entity. */
  private void changeMember(String type, String id) {
    if (id == null) {
      return;
    }
    List<String> current = members(type, id);
    boolean remove = !current.isEmpty() && random.nextBoolean();
    String userId = remove ? pick(current) : pick(users).id();
    Role r = role();
    inTx(
        () -> {
          store.apply(
              remove
                  ? PlatformRelations.removeMember(ref(type, id), userId)
                  : PlatformRelations.setRole(ref(type, id), userId, r));
          outbox(type, id, "upsert", null);
        });
    history.add(
        (remove ? "remove member " : "set role " + r.value() + " of ")
            + label(userId)
            + " on "
            + label(id));
  }

  /** As ProjectService's update of the visibility: the row, the public viewers, an upsert. */
  private void flipProject() {
    if (projects.isEmpty()) {
      return;
    }
    Project p = pick(projects);
    String now =
        jdbc.sql("SELECT visibility FROM projects.projects WHERE id = ?")
            .param(p.id())
            .query(String.class)
            .single();
    boolean toPublic = now.equals("private");
    inTx(
        () -> {
          jdbc.sql("UPDATE projects.projects SET visibility = ? WHERE id = ?")
              .params(toPublic ? "public" : "private", p.id())
              .update();
          store.apply(PlatformRelations.publicViewers(PlatformRelations.project(p.id()), toPublic));
          outbox("project", p.id(), "upsert", null);
        });
    history.add("make " + (toPublic ? "public " : "private ") + label(p.id()));
  }

  private void flipConnector() {
    if (connectors.isEmpty()) {
      return;
    }
    Connector d = pick(connectors);
    String now =
        jdbc.sql("SELECT visibility FROM storage.data_connectors WHERE id = ?")
            .param(d.id())
            .query(String.class)
            .single();
    boolean toPublic = now.equals("private");
    inTx(
        () -> {
          jdbc.sql("UPDATE storage.data_connectors SET visibility = ? WHERE id = ?")
              .params(toPublic ? "public" : "private", d.id())
              .update();
          store.apply(PlatformRelations.publicViewers(connector(d.id()), toPublic));
          outbox("data_connector", d.id(), "upsert", null);
        });
    history.add("make " + (toPublic ? "public " : "private ") + label(d.id()));
  }

  private static io.renku.authz.SubjectRef subject(ObjectRef o) {
    return new io.renku.authz.SubjectRef(o.type(), o.id(), null);
  }

  /**
   * As ProjectService's update of the namespace: the row, the {@code project_namespace}
   * relationship replaced, upserts of its connectors (their paths change) and of the project.
   */
  private void moveProject() {
    if (projects.isEmpty()) {
      return;
    }
    Project p = pick(projects);
    Project moved;
    String target;
    if (random.nextBoolean()) {
      Group g = pick(groups);
      moved = new Project(p.id(), p.slug(), g.namespaceId(), PlatformRelations.group(g.id()));
      target = g.slug();
    } else {
      User u = pick(users);
      moved =
          new Project(
              p.id(), p.slug(), u.namespaceId(), PlatformRelations.userNamespace(u.namespaceId()));
      target = u.slug();
    }
    if (moved.namespaceId().equals(p.namespaceId())) {
      return;
    }
    inTx(
        () -> {
          jdbc.sql("UPDATE projects.projects SET namespace_id = ? WHERE id = ?")
              .params(moved.namespaceId(), p.id())
              .update();
          jdbc.sql(
                  "INSERT INTO search.outbox (entity_type, entity_id, op)"
                      + " SELECT 'data_connector', id, 'upsert' FROM storage.data_connectors"
                      + " WHERE project_id = ?")
              .param(p.id())
              .update();
          outbox("project", p.id(), "upsert", null);
          ObjectRef ref = PlatformRelations.project(p.id());
          store.apply(
              List.of(
                  PlatformRelations.delete(ref, "project_namespace", subject(p.namespace())),
                  PlatformRelations.touch(ref, "project_namespace", subject(moved.namespace()))));
        });
    projects.set(projects.indexOf(p), moved);
    String before = label(p.id());
    labels.put(p.id(), "project " + target + "/" + p.slug());
    history.add("move " + before + " to " + target);
  }

  /**
   * As DataConnectorService's update of the owner: the row, the namespace relationship replaced, an
   * upsert.
   */
  private void moveConnector() {
    if (connectors.isEmpty()) {
      return;
    }
    Connector d = pick(connectors);
    int where = random.nextInt(3);
    String namespaceId = null;
    String projectId = null;
    ObjectRef owner;
    String ownerLabel;
    if (where == 0 || (where == 2 && projects.isEmpty())) {
      User u = pick(users);
      namespaceId = u.namespaceId();
      owner = PlatformRelations.userNamespace(u.namespaceId());
      ownerLabel = u.slug();
    } else if (where == 1) {
      Group g = pick(groups);
      namespaceId = g.namespaceId();
      owner = PlatformRelations.group(g.id());
      ownerLabel = g.slug();
    } else {
      Project p = pick(projects);
      projectId = p.id();
      owner = PlatformRelations.project(p.id());
      ownerLabel = labels.get(p.id());
    }
    if (owner.equals(d.owner())) {
      return;
    }
    String ns = namespaceId;
    String project = projectId;
    inTx(
        () -> {
          jdbc.sql(
                  "UPDATE storage.data_connectors SET namespace_id = ?, project_id = ? WHERE id = ?")
              .params(ns, project, d.id())
              .update();
          ObjectRef ref = connector(d.id());
          store.apply(
              List.of(
                  PlatformRelations.delete(ref, "data_connector_namespace", subject(d.owner())),
                  PlatformRelations.touch(ref, "data_connector_namespace", subject(owner))));
          outbox("data_connector", d.id(), "upsert", null);
        });
    connectors.set(connectors.indexOf(d), new Connector(d.id(), d.slug(), owner));
    String before = label(d.id());
    labels.put(d.id(), "connector " + ownerLabel + "/" + d.slug());
    history.add("move " + before + " to " + ownerLabel);
  }

  /**
   * As AccountService.delete: the connectors of the user's namespace and of its projects, the
   * projects (relationships and delete rows), the namespace's relationships, upserts of the groups
   * and projects the user was a direct member of, every relationship naming the user, the row (the
   * namespace and its projects cascade) and a delete row with the namespace path.
   */
  private void deleteUser() {
    if (users.size() < 3) {
      return;
    }
    User u = pick(users);
    List<Project> own =
        projects.stream().filter(p -> p.namespaceId().equals(u.namespaceId())).toList();
    List<String> ownIds = own.stream().map(Project::id).toList();
    ObjectRef ns = PlatformRelations.userNamespace(u.namespaceId());
    List<Connector> gone =
        connectors.stream()
            .filter(d -> d.owner().equals(ns) || ownIds.contains(d.owner().id()))
            .toList();
    List<String> memberOfGroups = memberOf("group", u.id());
    List<String> memberOfProjects =
        memberOf("project", u.id()).stream().filter(id -> !ownIds.contains(id)).toList();
    inTx(
        () -> {
          gone.forEach(this::removeConnector);
          for (Project p : own) {
            store.removeAllOf(PlatformRelations.project(p.id()));
            outbox("project", p.id(), "delete", null);
          }
          store.removeAllOf(ns);
          memberOfGroups.forEach(id -> outbox("group", id, "upsert", null));
          memberOfProjects.forEach(id -> outbox("project", id, "upsert", null));
          store.removeAllOf(new ObjectRef("user", u.id()));
          jdbc.sql("DELETE FROM users.users WHERE id = ?").param(u.id()).update();
          outbox("user", u.id(), "delete", u.slug());
        });
    connectors.removeAll(gone);
    projects.removeAll(own);
    users.remove(u);
    history.add("delete " + label(u.id()));
  }

  /** What the user is a direct member of (the schema's direct_member), of one type. */
  private List<String> memberOf(String type, String userId) {
    return jdbc.sql(
            "SELECT DISTINCT resource_id FROM authz.relationships WHERE resource_type = ?"
                + " AND relation IN ('owner', 'editor', 'viewer') AND subject_type = 'user'"
                + " AND subject_id = ?")
        .params(type, userId)
        .query(String.class)
        .list();
  }

  /** As DataConnectorService's removal: relationships, row, a delete row. */
  private void removeConnector(Connector d) {
    store.removeAllOf(connector(d.id()));
    jdbc.sql("DELETE FROM storage.data_connectors WHERE id = ?").param(d.id()).update();
    outbox("data_connector", d.id(), "delete", null);
  }

  /** As ProjectService.delete: its connectors go first (the deleting event), then the project. */
  private void deleteProject() {
    if (projects.isEmpty()) {
      return;
    }
    Project p = pick(projects);
    List<Connector> gone = connectors.stream().filter(d -> d.owner().id().equals(p.id())).toList();
    inTx(
        () -> {
          gone.forEach(this::removeConnector);
          store.removeAllOf(PlatformRelations.project(p.id()));
          jdbc.sql("DELETE FROM projects.projects WHERE id = ?").param(p.id()).update();
          outbox("project", p.id(), "delete", null);
        });
    connectors.removeAll(gone);
    projects.remove(p);
    history.add("delete " + label(p.id()));
  }

  /**
   * As GroupService.delete: the connectors of the namespace and of its projects (the deleting
   * event), the projects' relationships and delete rows, the group's relationships, the row (the
   * namespace and projects cascade) and a delete row with the namespace path.
   */
  private void deleteGroup() {
    if (groups.size() < 2) {
      return;
    }
    Group g = pick(groups);
    List<Project> inGroup =
        projects.stream().filter(p -> p.namespaceId().equals(g.namespaceId())).toList();
    List<String> projectIds = inGroup.stream().map(Project::id).toList();
    List<Connector> gone =
        connectors.stream()
            .filter(d -> d.owner().id().equals(g.id()) || projectIds.contains(d.owner().id()))
            .toList();
    inTx(
        () -> {
          gone.forEach(this::removeConnector);
          for (Project p : inGroup) {
            store.removeAllOf(PlatformRelations.project(p.id()));
            outbox("project", p.id(), "delete", null);
          }
          store.removeAllOf(PlatformRelations.group(g.id()));
          jdbc.sql("DELETE FROM common.groups WHERE id = ?").param(g.id()).update();
          outbox("group", g.id(), "delete", g.slug());
        });
    connectors.removeAll(gone);
    projects.removeAll(inGroup);
    groups.remove(g);
    history.add("delete " + label(g.id()));
  }
}
