package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.etag;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.ids;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what with a project, for every kind of caller, checked over HTTP against the real
 * SpiceDB schema (renku-data-api.md §4.1):
 *
 * <ul>
 *   <li>read = public_viewer + viewer + write + namespace-&gt;read_children (group viewers, editors
 *       and owners read private projects in the group);
 *   <li>write = editor + delete (group editors do NOT get write on the group's projects);
 *   <li>delete = change_membership = owner + admin + namespace-&gt;delete (group owners).
 * </ul>
 *
 * <p>HTTP mapping: a caller who cannot read gets 404 (the project's existence is not revealed), a
 * caller who can read but not do the operation gets 403. Anonymous callers get 401 on every change,
 * whatever the visibility (chosen behaviour: every change needs a login, error code 1401, and a 401
 * that comes before any lookup says nothing about whether a private project exists).
 */
class AuthorizationMatrixTest extends ApiTest {

  /**
   * The callers: project owner/editor/viewer, group owner/editor/viewer, outsider, anonymous,
   * admin.
   */
  enum Caller {
    O,
    E,
    V,
    GO,
    GE,
    GV,
    N,
    A,
    AD
  }

  enum Vis {
    PRIVATE,
    PUBLIC;

    String wire() {
      return name().toLowerCase();
    }
  }

  /** The group and users of one scenario; built once per class and visibility, never shared. */
  record World(String group, Map<Caller, TestUser> users) {}

  private static final Map<String, World> WORLDS = new ConcurrentHashMap<>();
  private static final Map<Vis, String> PROJECTS = new ConcurrentHashMap<>();

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

  /** 401 for anonymous changes, else 2xx when allowed, 403 when visible, 404 when invisible. */
  static int changeStatus(Caller c, Vis v, boolean allowed, int success) {
    if (c == Caller.A) {
      return 401;
    }
    if (allowed) {
      return success;
    }
    return canRead(c, v) ? 403 : 404;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Vis v : Vis.values()) {
      for (Caller c : Caller.values()) {
        out.add(Arguments.of(v, c));
      }
    }
    return out.stream();
  }

  // ---- the scenario ----

  private World world(String key) {
    return WORLDS.computeIfAbsent(key, k -> build());
  }

  /**
   * Group G owned by GO, with GE editor, GV viewer and O editor (so that O may create projects in
   * it); N is a registered outsider and AD a platform admin.
   */
  private World build() {
    Map<Caller, TestUser> users = new EnumMap<>(Caller.class);
    for (Caller c : Caller.values()) {
      if (c == Caller.A) {
        continue;
      }
      TestUser u =
          c == Caller.AD
              ? TestUser.randomAdmin("m" + c.name().toLowerCase())
              : TestUser.random("m" + c.name().toLowerCase());
      register(api, u);
      users.put(c, u);
    }
    String group = slug("matrix");
    createGroup(api.as(users.get(Caller.GO)), group);
    groupMembers(
        api.as(users.get(Caller.GO)),
        group,
        Map.of(
            users.get(Caller.GE), "editor",
            users.get(Caller.GV), "viewer",
            users.get(Caller.O), "editor"));
    return new World(group, users);
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
    World w = world("matrix");
    return PROJECTS.computeIfAbsent(v, k -> newProject(w, k));
  }

  private Api as(Caller c) {
    return c == Caller.A ? api.anonymous() : api.as(world("matrix").users().get(c));
  }

  private static void assertEnvelope(Api.Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    if (status >= 400) {
      assertThat(r.errorCode()).as(r.toString()).isEqualTo(1000 + status);
    }
  }

  // ---- the matrix ----

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("cases")
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
  @MethodSource("cases")
  void getMembers(Vis v, Caller c) {
    String id = sharedProject(v);
    var r = as(c).get("projects/" + id + "/members");
    assertEnvelope(r, canRead(c, v) ? 200 : 404);
    if (r.status() == 200) {
      var u = world("matrix").users();
      assertThat(ids(r))
          .containsExactlyInAnyOrder(
              u.get(Caller.O).id(), u.get(Caller.E).id(), u.get(Caller.V).id());
    }
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("cases")
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

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("cases")
  void patchProject(Vis v, Caller c) {
    String id = sharedProject(v);
    Api owner = as(Caller.O);
    String tag = etag(owner, id);
    String description = "patched by " + c;
    var r =
        as(c).header("If-Match", tag).patch("projects/" + id, Map.of("description", description));
    int expected = changeStatus(c, v, canWrite(c), 200);
    assertEnvelope(r, expected);
    var after = owner.get("projects/" + id);
    if (expected == 200) {
      assertThat(r.field("description")).isEqualTo(description);
      assertThat(after.header("ETag")).isNotEqualTo(tag);
    } else {
      assertThat(after.header("ETag")).as("unchanged").isEqualTo(tag);
    }
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("cases")
  void patchMembers(Vis v, Caller c) {
    String id = sharedProject(v);
    TestUser viewer = world("matrix").users().get(Caller.V);
    var r =
        as(c)
            .patch(
                "projects/" + id + "/members",
                List.of(Map.of("id", viewer.id(), "role", "viewer")));
    assertEnvelope(r, changeStatus(c, v, canDelete(c), 200));
    assertThat(as(Caller.O).get("projects/" + id + "/members").json().size()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} project, {1}")
  @MethodSource("cases")
  void deleteProject(Vis v, Caller c) {
    String id = newProject(world("matrix"), v);
    var r = as(c).delete("projects/" + id);
    int expected = changeStatus(c, v, canDelete(c), 204);
    assertEnvelope(r, expected);
    assertThat(as(Caller.O).get("projects/" + id).status()).isEqualTo(expected == 204 ? 404 : 200);
  }

  // ---- listing ----

  /**
   * Three projects in a fresh group: private P1 (O, with E and V), public P2 (O), private P3 (GO).
   */
  private Map<String, String> listingProjects() {
    World w = world("listing");
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
    World w = world("listing");
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
