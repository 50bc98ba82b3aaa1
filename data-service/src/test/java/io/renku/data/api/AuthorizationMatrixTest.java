package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.etag;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.ids;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.resourceClass;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, for every kind of caller and every write of projects, groups, members, session
 * launchers, environments and resource pools, checked over HTTP against the real schema
 * (renku-data-api.md §4.1) and the rules of the original's services:
 *
 * <ul>
 *   <li>project read = public_viewer + viewer + write + namespace-&gt;read_children (group viewers,
 *       editors and owners read private projects in the group);
 *   <li>project write = editor + delete (group editors do NOT get write on the group's projects);
 *   <li>project delete = change_membership = owner + admin + namespace-&gt;delete (group owners);
 *       changing a project's namespace, slug or visibility needs delete too, and a move needs write
 *       on both namespaces (the original's {@code update_project} and {@code move_project});
 *   <li>a group's write (editor + owner) lets one put projects into it; changing the group itself
 *       and its members needs delete (owner, admin), as in the original's {@code update_group};
 *   <li>environments and resource pools (with their classes, quota and members): admins only.
 * </ul>
 *
 * <p>HTTP mapping: a caller who cannot read gets 404 (the project's existence is not revealed), a
 * caller who can read but not do the operation gets 403. Anonymous callers get 401 on every change,
 * whatever the visibility (chosen behaviour: every change needs a login, error code 1401, and a 401
 * that comes before any lookup says nothing about whether a private project exists). A refused
 * write changes nothing: every cell compares what an admin sees before and after.
 */
class AuthorizationMatrixTest extends ApiTest {

  /**
   * The callers, in the order of the table's columns: anonymous, a logged-in stranger, the
   * project's viewer, editor and owner, the group's viewer, editor and owner, a platform admin. The
   * project's owner O is also an editor of the group (so that O may create projects in it).
   */
  enum Caller {
    A,
    N,
    V,
    E,
    O,
    GV,
    GE,
    GO,
    AD
  }

  enum Vis {
    PRIVATE,
    PUBLIC;

    String wire() {
      return name().toLowerCase();
    }

    Vis other() {
      return this == PRIVATE ? PUBLIC : PRIVATE;
    }
  }

  /** The users of one test class, their namespaces, the group G and a global environment. */
  record World(
      String group, Map<Caller, TestUser> users, Map<Caller, String> namespaces, String env) {}

  private static final Map<String, World> WORLDS = new ConcurrentHashMap<>();
  private static final Map<String, String> PROJECTS = new ConcurrentHashMap<>();

  // ---- expected semantics, straight from the schema ----

  static boolean canRead(Caller c, Vis v) {
    return v == Vis.PUBLIC || (c != Caller.N && c != Caller.A);
  }

  static boolean canWrite(Caller c) {
    return c == Caller.O || c == Caller.E || c == Caller.GO || c == Caller.AD;
  }

  static boolean canDelete(Caller c) {
    return c == Caller.O || c == Caller.GO || c == Caller.AD;
  }

  // ---- the scenario ----

  /** One world per test class: the SpiceDB and the relational variants never share one. */
  private World world() {
    return WORLDS.computeIfAbsent(getClass().getName() + "/matrix", k -> build());
  }

  /**
   * Group G owned by GO, with GE editor, GV viewer and O editor (so that O may create projects in
   * it); N is a registered outsider and AD a platform admin.
   */
  private World build() {
    Map<Caller, TestUser> users = new EnumMap<>(Caller.class);
    Map<Caller, String> namespaces = new EnumMap<>(Caller.class);
    for (Caller c : Caller.values()) {
      if (c == Caller.A) {
        continue;
      }
      TestUser u =
          c == Caller.AD
              ? TestUser.randomAdmin("m" + c.name().toLowerCase())
              : TestUser.random("m" + c.name().toLowerCase());
      namespaces.put(c, register(api, u));
      users.put(c, u);
    }
    String group = slug("matrix");
    groupScene(users, group);
    var env =
        api.as(users.get(Caller.AD)).post("environments", environmentBody("Matrix environment"));
    assertThat(env.status()).as(env.toString()).isEqualTo(201);
    return new World(group, users, namespaces, env.field("id"));
  }

  /** A group owned by GO with GE and O editors and GV viewer. */
  private void groupScene(Map<Caller, TestUser> users, String group) {
    createGroup(api.as(users.get(Caller.GO)), group);
    groupMembers(
        api.as(users.get(Caller.GO)),
        group,
        Map.of(
            users.get(Caller.GE), "editor",
            users.get(Caller.GV), "viewer",
            users.get(Caller.O), "editor"));
  }

  /** A new project owned by O in the group, with E editor and V viewer. */
  private String newProject(World w, Vis v) {
    Api owner = api.as(w.users().get(Caller.O));
    String id = createProject(owner, w.group(), slug("p"), v.wire()).path("id").asString();
    projectMembers(
        owner, id, Map.of(w.users().get(Caller.E), "editor", w.users().get(Caller.V), "viewer"));
    return id;
  }

  private String sharedProject(Vis v) {
    return PROJECTS.computeIfAbsent(getClass().getName() + v, k -> newProject(world(), v));
  }

  private Api as(Caller c) {
    return c == Caller.A ? api.anonymous() : api.as(world().users().get(c));
  }

  private TestUser user(Caller c) {
    return world().users().get(c);
  }

  private static void assertEnvelope(Api.Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    if (status >= 400) {
      assertThat(r.errorCode()).as(r.toString()).isEqualTo(1000 + status);
    }
  }

  // ---- reads ----

  static Stream<Arguments> readCases() {
    List<Arguments> out = new ArrayList<>();
    for (Vis v : Vis.values()) {
      for (Caller c : Caller.values()) {
        out.add(Arguments.of(v, c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("readCases")
  void getProject(Vis v, Caller c) {
    String id = sharedProject(v);
    var r = as(c).get("projects/" + id);
    assertEnvelope(r, canRead(c, v) ? 200 : 404);
    if (r.status() == 200) {
      assertThat(r.field("id")).isEqualTo(id);
      assertThat(r.field("visibility")).isEqualTo(v.wire());
    }
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("readCases")
  void getMembers(Vis v, Caller c) {
    String id = sharedProject(v);
    var r = as(c).get("projects/" + id + "/members");
    assertEnvelope(r, canRead(c, v) ? 200 : 404);
    if (r.status() == 200) {
      assertThat(ids(r))
          .containsExactlyInAnyOrder(user(Caller.O).id(), user(Caller.E).id(), user(Caller.V).id());
    }
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("readCases")
  void getPermissions(Vis v, Caller c) {
    String id = sharedProject(v);
    var r = as(c).get("projects/" + id + "/permissions");
    assertEnvelope(r, canRead(c, v) ? 200 : 404);
    if (r.status() == 200) {
      assertThat(r.json().path("write").asBoolean()).as("write").isEqualTo(canWrite(c));
      assertThat(r.json().path("delete").asBoolean()).as("delete").isEqualTo(canDelete(c));
      assertThat(r.json().path("change_membership").asBoolean())
          .as("change_membership")
          .isEqualTo(canDelete(c));
    }
  }

  // ---- writes: the table ----

  /** What a write acts on; each cell gets a fresh one, so that no cell depends on another. */
  enum Target {
    PROJECT,
    GROUP,
    ENVIRONMENT,
    POOL,
    PLATFORM
  }

  /**
   * The thing one cell acts on: a fresh project (with a launcher) in G, a fresh group like G, a
   * fresh global environment or a fresh private resource pool (classes "one", the default, and
   * "two"; V a member).
   */
  record Scene(
      World w, Vis v, String project, String launcher, String group, String env, int pool) {}

  @FunctionalInterface
  interface Call {
    Api.Response send(AuthorizationMatrixTest t, Scene s, Caller c, Api as);
  }

  /** What an allowed write must have done, for writes that may change nothing (O makes O owner). */
  @FunctionalInterface
  interface Effect {
    void check(AuthorizationMatrixTest t, Scene s, Caller c);
  }

  /**
   * One row of the table: a write, what it targets and the expected status for each caller, in the
   * order of {@link Caller}. A cell is a status, or {@code x}: refused, 403 for a caller who can
   * read the project and 404 for one who cannot, or {@code r201}: 201 for a caller who can read the
   * project and 404 for one who cannot.
   */
  record Write(String name, Target target, String cells, Call call, Effect effect) {
    Write(String name, Target target, String cells, Call call) {
      this(name, target, cells, call, null);
    }

    int expected(Caller c, Vis v) {
      String cell = cells.trim().split("\\s+")[c.ordinal()];
      return switch (cell) {
        case "x" -> canRead(c, v) ? 403 : 404;
        case "r201" -> canRead(c, v) ? 201 : 404;
        default -> Integer.parseInt(cell);
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Write> WRITES =
      List.of(
          //   A    N   V    E    O    GV   GE   GO   AD
          new Write(
              "PATCH project description",
              Target.PROJECT,
              "401  x   403  200  200  403  403  200  200",
              (t, s, c, as) -> t.patchProject(s, as, Map.of("description", "by " + c))),
          new Write(
              "PATCH project visibility (takeover step 1)",
              Target.PROJECT,
              "401  x   403  403  200  403  403  200  200",
              (t, s, c, as) -> t.patchProject(s, as, Map.of("visibility", s.v().other().wire()))),
          new Write(
              "PATCH project slug",
              Target.PROJECT,
              "401  x   403  403  200  403  403  200  200",
              (t, s, c, as) -> t.patchProject(s, as, Map.of("slug", slug("renamed")))),
          new Write(
              "PATCH project namespace to the caller's own (takeover step 2)",
              Target.PROJECT,
              "401  x   403  403  200  403  403  200  200",
              (t, s, c, as) -> t.patchProject(s, as, Map.of("namespace", t.ownNamespace(c)))),
          new Write(
              "PATCH project namespace to O's (needs write on the target)",
              Target.PROJECT,
              "401  x   403  403  200  403  403  403  200",
              (t, s, c, as) ->
                  t.patchProject(s, as, Map.of("namespace", s.w().namespaces().get(Caller.O)))),
          new Write(
              "PATCH project is_template",
              Target.PROJECT,
              "401  x   403  200  200  403  403  200  200",
              (t, s, c, as) -> t.patchProject(s, as, Map.of("is_template", true))),
          new Write(
              "DELETE project",
              Target.PROJECT,
              "401  x   403  403  204  403  403  204  204",
              (t, s, c, as) -> as.delete("projects/" + s.project())),
          new Write(
              "PATCH project members: the caller becomes owner (takeover step 3)",
              Target.PROJECT,
              "401  x   403  403  200  403  403  200  200",
              (t, s, c, as) ->
                  as.patch(
                      "projects/" + s.project() + "/members",
                      List.of(Map.of("id", t.idOf(c), "role", "owner"))),
              (t, s, c) -> t.assertOwner("projects/" + s.project(), c)),
          new Write(
              "PATCH project members: demote the only owner O",
              Target.PROJECT,
              "401  x   403  403  422  403  403  422  422",
              (t, s, c, as) ->
                  as.patch(
                      "projects/" + s.project() + "/members",
                      List.of(Map.of("id", t.user(Caller.O).id(), "role", "viewer")))),
          new Write(
              "DELETE project member V",
              Target.PROJECT,
              "401  x   403  403  204  403  403  204  204",
              (t, s, c, as) ->
                  as.delete("projects/" + s.project() + "/members/" + t.user(Caller.V).id())),
          new Write(
              "DELETE project member O, the only owner (takeover step 4)",
              Target.PROJECT,
              "401  x   403  403  422  403  403  422  422",
              (t, s, c, as) ->
                  as.delete("projects/" + s.project() + "/members/" + t.user(Caller.O).id())),
          new Write(
              "POST project copy into the caller's own namespace",
              Target.PROJECT,
              "401 r201 201  201  201  201  201  201  201",
              (t, s, c, as) ->
                  as.post(
                      "projects/" + s.project() + "/copies",
                      Map.of(
                          "name", "Copy",
                          "namespace", t.ownNamespace(c),
                          "slug", slug("copy")))),
          new Write(
              "POST session launcher",
              Target.PROJECT,
              "401  x   403  201  201  403  403  201  201",
              (t, s, c, as) -> as.post("session_launchers", launcherBody(s))),
          new Write(
              "PATCH session launcher",
              Target.PROJECT,
              "401  x   403  200  200  403  403  200  200",
              (t, s, c, as) ->
                  as.patch("session_launchers/" + s.launcher(), Map.of("name", "by " + c))),
          new Write(
              "DELETE session launcher",
              Target.PROJECT,
              "401  x   403  204  204  403  403  204  204",
              (t, s, c, as) -> as.delete("session_launchers/" + s.launcher())),
          //   A    N   V    E    O    GV   GE   GO   AD
          new Write(
              "POST project into the group",
              Target.GROUP,
              "401  403 403  403  201  403  201  201  201",
              (t, s, c, as) ->
                  as.post(
                      "projects",
                      Map.of("name", "In group", "namespace", s.group(), "slug", slug("in")))),
          new Write(
              "PATCH group description",
              Target.GROUP,
              "401  403 403  403  403  403  403  200  200",
              (t, s, c, as) -> as.patch("groups/" + s.group(), Map.of("description", "by " + c))),
          new Write(
              "PATCH group slug",
              Target.GROUP,
              "401  403 403  403  403  403  403  200  200",
              (t, s, c, as) -> as.patch("groups/" + s.group(), Map.of("slug", slug("moved")))),
          new Write(
              "DELETE group",
              Target.GROUP,
              "401  403 403  403  403  403  403  204  204",
              (t, s, c, as) -> as.delete("groups/" + s.group())),
          new Write(
              "PATCH group members: the caller becomes owner",
              Target.GROUP,
              "401  403 403  403  403  403  403  200  200",
              (t, s, c, as) ->
                  as.patch(
                      "groups/" + s.group() + "/members",
                      List.of(Map.of("id", t.idOf(c), "role", "owner"))),
              (t, s, c) -> t.assertOwner("groups/" + s.group(), c)),
          new Write(
              "PATCH group members: demote the only owner GO",
              Target.GROUP,
              "401  403 403  403  403  403  403  422  422",
              (t, s, c, as) ->
                  as.patch(
                      "groups/" + s.group() + "/members",
                      List.of(Map.of("id", t.user(Caller.GO).id(), "role", "editor")))),
          new Write(
              "DELETE group member GV",
              Target.GROUP,
              "401  403 403  403  403  403  403  204  204",
              (t, s, c, as) ->
                  as.delete("groups/" + s.group() + "/members/" + t.user(Caller.GV).id())),
          new Write(
              "DELETE group member GO, the only owner",
              Target.GROUP,
              "401  403 403  403  403  403  403  422  422",
              (t, s, c, as) ->
                  as.delete("groups/" + s.group() + "/members/" + t.user(Caller.GO).id())),
          new Write(
              "POST group",
              Target.PLATFORM,
              "401  201 201  201  201  201  201  201  201",
              (t, s, c, as) -> as.post("groups", Map.of("name", "Mine", "slug", slug("mine")))),
          //   A    N   V    E    O    GV   GE   GO   AD
          new Write(
              "POST environment",
              Target.ENVIRONMENT,
              "401  403 403  403  403  403  403  403  201",
              (t, s, c, as) -> as.post("environments", environmentBody("By " + c))),
          new Write(
              "PATCH environment",
              Target.ENVIRONMENT,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) -> as.patch("environments/" + s.env(), Map.of("name", "By " + c))),
          new Write(
              "DELETE environment",
              Target.ENVIRONMENT,
              "401  403 403  403  403  403  403  403  204",
              (t, s, c, as) -> as.delete("environments/" + s.env())),
          new Write(
              "POST resource pool",
              Target.POOL,
              "401  403 403  403  403  403  403  403  201",
              (t, s, c, as) ->
                  as.post(
                      "resource_pools",
                      Map.of(
                          "name",
                          "Pool by " + c,
                          "public",
                          false,
                          "classes",
                          List.of(resourceClass("c", 1, 1))))),
          new Write(
              "PATCH resource pool",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) ->
                  as.patch("resource_pools/" + s.pool(), Map.of("name", "Pool by " + c))),
          new Write(
              "PUT resource pool",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) -> as.put("resource_pools/" + s.pool(), t.poolReplacement(s, c))),
          new Write(
              "DELETE resource pool",
              Target.POOL,
              "401  403 403  403  403  403  403  403  204",
              (t, s, c, as) -> as.delete("resource_pools/" + s.pool())),
          new Write(
              "POST resource class",
              Target.POOL,
              "401  403 403  403  403  403  403  403  201",
              (t, s, c, as) ->
                  as.post("resource_pools/" + s.pool() + "/classes", resourceClass("new", 1, 1))),
          new Write(
              "PATCH resource class",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) ->
                  as.patch(t.classPath(s, "two"), Map.of("name", "by-" + c.name().toLowerCase()))),
          new Write(
              "PUT resource class",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) -> as.put(t.classPath(s, "two"), resourceClass("replaced", 2, 3))),
          new Write(
              "DELETE resource class",
              Target.POOL,
              "401  403 403  403  403  403  403  403  204",
              (t, s, c, as) -> as.delete(t.classPath(s, "two"))),
          new Write(
              "PUT resource pool quota",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) ->
                  as.put(
                      "resource_pools/" + s.pool() + "/quota",
                      Map.of("cpu", 8, "memory", 16, "gpu", 0))),
          new Write(
              "PATCH resource pool quota",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) ->
                  as.patch(
                      "resource_pools/" + s.pool() + "/quota",
                      Map.of("cpu", 6, "memory", 12, "gpu", 0))),
          new Write(
              "POST resource pool member: the caller",
              Target.POOL,
              "401  403 403  403  403  403  403  403  201",
              (t, s, c, as) ->
                  as.post(
                      "resource_pools/" + s.pool() + "/members",
                      List.of(Map.of("member_type", "user", "id", t.idOf(c))))),
          new Write(
              "PUT resource pool members: only the caller",
              Target.POOL,
              "401  403 403  403  403  403  403  403  200",
              (t, s, c, as) ->
                  as.put(
                      "resource_pools/" + s.pool() + "/members",
                      List.of(Map.of("member_type", "user", "id", t.idOf(c))))),
          new Write(
              "DELETE resource pool member V",
              Target.POOL,
              "401  403 403  403  403  403  403  403  204",
              (t, s, c, as) ->
                  as.delete(
                      "resource_pools/" + s.pool() + "/members/user/" + t.user(Caller.V).id())));

  /**
   * One cell: a write, the visibility of the project (null when no project is involved), a caller.
   */
  record Cell(Write write, Vis v, Caller c) {
    @Override
    public String toString() {
      return write.name() + (v == null ? "" : " [" + v.wire() + "]") + " as " + c;
    }
  }

  static Stream<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (Write w : WRITES) {
      List<Vis> visibilities =
          w.target() == Target.PROJECT ? Arrays.asList(Vis.values()) : Arrays.asList((Vis) null);
      for (Vis v : visibilities) {
        for (Caller c : Caller.values()) {
          out.add(new Cell(w, v, c));
        }
      }
    }
    return out.stream();
  }

  /**
   * Every cell of the table: the status, then what an admin sees afterwards. A refused write (or
   * one refused by a rule, like the last owner's 422) leaves everything as it was; an allowed one
   * changes it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void write(Cell cell) {
    Scene s = scene(cell.write().target(), cell.v());
    String before = snapshot(cell.write().target(), s);
    Api.Response r = cell.write().call().send(this, s, cell.c(), as(cell.c()));
    try {
      int expected = cell.write().expected(cell.c(), cell.v() == null ? Vis.PUBLIC : cell.v());
      assertEnvelope(r, expected);
      String after = snapshot(cell.write().target(), s);
      if (expected < 300 && cell.write().effect() != null) {
        cell.write().effect().check(this, s, cell.c());
      } else if (expected < 300) {
        assertThat(after).as("an allowed write changes something").isNotEqualTo(before);
      } else {
        assertThat(after).as("a refused write changes nothing").isEqualTo(before);
      }
    } finally {
      cleanUp(cell.write().target(), s, r);
    }
  }

  // ---- scenes and snapshots ----

  private Scene scene(Target target, Vis v) {
    World w = world();
    return switch (target) {
      case PROJECT -> {
        String project = newProject(w, v);
        var launcher =
            api.as(w.users().get(Caller.O)).post("session_launchers", launcherBody(w, project));
        assertThat(launcher.status()).as(launcher.toString()).isEqualTo(201);
        yield new Scene(w, v, project, launcher.field("id"), null, null, 0);
      }
      case GROUP -> {
        String group = slug("g");
        groupScene(w.users(), group);
        yield new Scene(w, v, null, null, group, null, 0);
      }
      case ENVIRONMENT -> {
        var env = admin().post("environments", environmentBody("Scene environment"));
        assertThat(env.status()).as(env.toString()).isEqualTo(201);
        yield new Scene(w, v, null, null, null, env.field("id"), 0);
      }
      case POOL -> {
        int pool = createPool(admin(), slug("pool"), false).path("id").asInt();
        var member =
            admin()
                .post(
                    "resource_pools/" + pool + "/members",
                    List.of(Map.of("member_type", "user", "id", user(Caller.V).id())));
        assertThat(member.status()).as(member.toString()).isEqualTo(201);
        yield new Scene(w, v, null, null, null, null, pool);
      }
      case PLATFORM -> new Scene(w, v, null, null, null, null, 0);
    };
  }

  /** What a platform admin sees of the target, and of the lists a write could add to. */
  private String snapshot(Target target, Scene s) {
    Api admin = admin();
    List<String> parts = new ArrayList<>();
    switch (target) {
      case PROJECT -> {
        parts.add(admin.get("projects/" + s.project()).toString());
        parts.add(admin.get("projects/" + s.project() + "/members").toString());
        parts.add(admin.get("projects/" + s.project() + "/session_launchers").toString());
        parts.add(admin.get("projects/" + s.project() + "/copies").toString());
      }
      case GROUP -> {
        parts.add(admin.get("groups/" + s.group()).toString());
        parts.add(admin.get("groups/" + s.group() + "/members").toString());
        parts.add(admin.get("projects?per_page=100&namespace=" + s.group()).toString());
      }
      case ENVIRONMENT -> {
        parts.add(admin.get("environments/" + s.env()).toString());
        parts.add(admin.get("environments").toString());
      }
      case POOL -> {
        parts.add(admin.get("resource_pools/" + s.pool()).toString());
        parts.add(admin.get("resource_pools/" + s.pool() + "/members").toString());
        parts.add(admin.get("resource_pools").toString());
      }
      case PLATFORM -> parts.add(admin.get("groups?per_page=1").header("total"));
    }
    return String.join("\n", parts);
  }

  /** Environments and pools are global: remove the ones a cell made, so that lists stay short. */
  private void cleanUp(Target target, Scene s, Api.Response r) {
    Api admin = admin();
    if (s.env() != null) {
      admin.delete("environments/" + s.env());
    }
    if (s.pool() != 0) {
      admin.delete("resource_pools/" + s.pool());
    }
    if (r.status() != 201) {
      return;
    }
    if (target == Target.ENVIRONMENT) {
      admin.delete("environments/" + r.field("id"));
    } else if (target == Target.POOL && r.json().has("classes")) {
      admin.delete("resource_pools/" + r.json().path("id").asInt());
    }
  }

  // ---- helpers the table uses ----

  private Api admin() {
    return api.as(user(Caller.AD));
  }

  private String idOf(Caller c) {
    return c == Caller.A ? "anonymous" : user(c).id();
  }

  /** The caller's own namespace (an anonymous caller has none: N's, which it cannot use). */
  private String ownNamespace(Caller c) {
    return world().namespaces().get(c == Caller.A ? Caller.N : c);
  }

  /** The caller is an owner of the project or group at {@code path}. */
  private void assertOwner(String path, Caller c) {
    var members = admin().get(path + "/members");
    String role = null;
    for (JsonNode m : members.json()) {
      if (m.path("id").asString().equals(user(c).id())) {
        role = m.path("role").asString();
      }
    }
    assertThat(role).as(members.toString()).isEqualTo("owner");
  }

  private Api.Response patchProject(Scene s, Api as, Map<String, Object> changes) {
    return as.header("If-Match", etag(admin(), s.project()))
        .patch("projects/" + s.project(), changes);
  }

  private String classPath(Scene s, String name) {
    for (JsonNode c : admin().get("resource_pools/" + s.pool()).json().path("classes")) {
      if (c.path("name").asString().equals(name)) {
        return "resource_pools/" + s.pool() + "/classes/" + c.path("id").asInt();
      }
    }
    throw new AssertionError("no class " + name + " in pool " + s.pool());
  }

  /** A PUT of the whole pool: its two classes by id, renamed. */
  private Map<String, Object> poolReplacement(Scene s, Caller c) {
    List<Object> classes = new ArrayList<>();
    for (JsonNode cls : admin().get("resource_pools/" + s.pool()).json().path("classes")) {
      Map<String, Object> body =
          new LinkedHashMap<>(resourceClass(cls.path("name").asString() + "-put", 1, 2));
      body.put("id", cls.path("id").asInt());
      body.put("default", cls.path("default").asBoolean());
      classes.add(body);
    }
    Map<String, Object> put = new LinkedHashMap<>();
    put.put("name", "Replaced by " + c);
    put.put("public", false);
    put.put("default", false);
    put.put("classes", classes);
    return put;
  }

  private static Map<String, Object> environmentBody(String name) {
    return Map.of("name", name, "container_image", "quay.io/jupyter/minimal-notebook");
  }

  private static Map<String, Object> launcherBody(Scene s) {
    return launcherBody(s.w(), s.project());
  }

  private static Map<String, Object> launcherBody(World w, String project) {
    return Map.of(
        "name", "Matrix launcher", "project_id", project, "environment", Map.of("id", w.env()));
  }

  // ---- rules next to the table ----

  /**
   * Moving a project takes it out of a namespace too: an owner of a project that lives in someone
   * else's namespace may not carry it off into their own (the original's move_project asks for
   * write on both namespaces).
   */
  @Test
  void movingAProjectOutOfANamespaceNeedsWriteOnIt() {
    World w = world();
    TestUser host = w.users().get(Caller.N);
    TestUser coOwner = TestUser.random("coowner");
    String coOwnerNs = register(api, coOwner);
    Api hostApi = api.as(host);
    String id =
        createProject(hostApi, w.namespaces().get(Caller.N), slug("hosted"), "private")
            .path("id")
            .asString();
    projectMembers(hostApi, id, Map.of(coOwner, "owner"));
    String before = snapshot(Target.PROJECT, projectOnly(w, id));

    var r =
        api.as(coOwner)
            .header("If-Match", etag(hostApi, id))
            .patch("projects/" + id, Map.of("namespace", coOwnerNs));
    assertEnvelope(r, 403);
    assertThat(snapshot(Target.PROJECT, projectOnly(w, id))).isEqualTo(before);

    var byAdmin =
        admin()
            .header("If-Match", etag(hostApi, id))
            .patch("projects/" + id, Map.of("namespace", coOwnerNs));
    assertEnvelope(byAdmin, 200);
    assertThat(byAdmin.field("namespace")).isEqualTo(coOwnerNs);
  }

  /**
   * A form sends every field back: the current namespace (or one of its old slugs), slug and
   * visibility are no change, so an editor may send them.
   */
  @Test
  void anEditorMaySendTheUnchangedPathAndVisibility() {
    World w = world();
    String id = newProject(w, Vis.PRIVATE);
    Api editor = as(Caller.E);
    var current = editor.get("projects/" + id);
    var r =
        editor
            .header("If-Match", current.header("ETag"))
            .patch(
                "projects/" + id,
                Map.of(
                    "namespace", current.field("namespace"),
                    "slug", current.field("slug"),
                    "visibility", current.field("visibility"),
                    "description", "edited"));
    assertEnvelope(r, 200);
    assertThat(r.field("description")).isEqualTo("edited");
    assertThat(r.field("namespace")).isEqualTo(w.group());
  }

  private static Scene projectOnly(World w, String id) {
    return new Scene(w, Vis.PRIVATE, id, null, null, null, 0);
  }

  // ---- listing ----

  /**
   * Three projects in a fresh group: private P1 (O, with E and V), public P2 (O), private P3 (GO).
   */
  private Map<String, String> listingProjects() {
    World w = WORLDS.computeIfAbsent(getClass().getName() + "/listing", k -> build());
    return LISTING.computeIfAbsent(
        w.group(),
        g -> {
          Api o = api.as(w.users().get(Caller.O));
          String p1 = createProject(o, g, "p1", "private").path("id").asString();
          projectMembers(
              o, p1, Map.of(w.users().get(Caller.E), "editor", w.users().get(Caller.V), "viewer"));
          String p2 = createProject(o, g, "p2", "public").path("id").asString();
          String p3 =
              createProject(api.as(w.users().get(Caller.GO)), g, "p3", "private")
                  .path("id")
                  .asString();
          return Map.of("P1", p1, "P2", p2, "P3", p3);
        });
  }

  private static final Map<String, Map<String, String>> LISTING = new ConcurrentHashMap<>();

  static Set<String> readable(Caller c) {
    return switch (c) {
      case O, GO, GE, GV, AD -> Set.of("P1", "P2", "P3");
      case E, V -> Set.of("P1", "P2");
      case N, A -> Set.of("P2");
    };
  }

  @ParameterizedTest
  @EnumSource(Caller.class)
  void listReturnsExactlyTheReadableProjects(Caller c) {
    Map<String, String> projects = listingProjects();
    World w = WORLDS.get(getClass().getName() + "/listing");
    Api who = c == Caller.A ? api.anonymous() : api.as(w.users().get(c));
    var r = who.get("projects?per_page=100&namespace=" + w.group());
    assertThat(r.status()).isEqualTo(200);
    List<String> expected = readable(c).stream().map(projects::get).toList();
    assertThat(ids(r)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(r.header("total")).isEqualTo(String.valueOf(expected.size()));
    // And every listed project can be fetched one by one.
    for (String id : ids(r)) {
      assertThat(who.get("projects/" + id).status()).isEqualTo(200);
    }
  }
}
