package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15, item 3: an editor of a private project tries to take it over, through the gateway. On
 * the code before the fix every step succeeded: make it public (200), move it into the editor's own
 * namespace (200, which grants them delete and change_membership through the namespace), make
 * themselves owner (200) and remove the owner (204). Now each step is refused (403: the editor can
 * read the project) and the project is exactly as the owner left it.
 */
class EditorTakeoverAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  /** A fresh user: a token, their id and their namespace (registered on first sight). */
  private record Person(String token, String id, String namespace) {}

  private static Person person(String name) throws Exception {
    String user = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String token = platform.token(user, false);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode json = AttackPlatform.json(me.body());
    return new Person(token, json.path("id").asString(), json.path("username").asString());
  }

  private static HttpResponse<String> send(
      String method, String path, Person who, Object body, Map<String, String> headers)
      throws Exception {
    return platform.send(
        method,
        "/api/data/" + path,
        who == null ? null : who.token(),
        body == null ? null : JSON.writeValueAsString(body),
        headers);
  }

  private static HttpResponse<String> send(String method, String path, Person who, Object body)
      throws Exception {
    return send(method, path, who, body, Map.of());
  }

  /** A PATCH of the project with the current ETag, so that only the permission can refuse it. */
  private static HttpResponse<String> patchProject(Person who, String id, Map<String, ?> changes)
      throws Exception {
    var current = send("GET", "projects/" + id, who, null);
    assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
    String etag = current.headers().firstValue("ETag").orElseThrow();
    return send("PATCH", "projects/" + id, who, changes, Map.of("If-Match", etag));
  }

  /** What the owner sees of the project and its members. */
  private static String state(Person owner, String id) throws Exception {
    var project = send("GET", "projects/" + id, owner, null);
    var members = send("GET", "projects/" + id + "/members", owner, null);
    return project.statusCode() + project.body() + "\n" + members.statusCode() + members.body();
  }

  private static void assertRefused(HttpResponse<String> r, String step) {
    assertThat(r.statusCode()).as(step + ": " + r.body()).isEqualTo(403);
    assertThat(AttackPlatform.json(r.body()).path("error").path("code").asInt())
        .as(step)
        .isEqualTo(1403);
  }

  @Test
  void anEditorCannotTakeOverAPrivateProject() throws Exception {
    Person owner = person("victim");
    Person editor = person("usurper");

    var created =
        send(
            "POST",
            "projects",
            owner,
            Map.of("name", "Secret work", "namespace", owner.namespace(), "visibility", "private"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = AttackPlatform.json(created.body()).path("id").asString();
    var added =
        send(
            "PATCH",
            "projects/" + id + "/members",
            owner,
            List.of(Map.of("id", editor.id(), "role", "editor")));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    String before = state(owner, id);

    // Step 1: publish it (alone, and hidden behind an allowed change: nothing half-written).
    assertRefused(patchProject(editor, id, Map.of("visibility", "public")), "visibility");
    assertRefused(
        patchProject(editor, id, Map.of("description", "mine now", "visibility", "public")),
        "visibility with a description");
    // Step 2: move it into the editor's own namespace, where they would own it; or rename it.
    assertRefused(patchProject(editor, id, Map.of("namespace", editor.namespace())), "namespace");
    assertRefused(patchProject(editor, id, Map.of("slug", "taken-over")), "slug");
    // Step 3: make themselves owner.
    assertRefused(
        send(
            "PATCH",
            "projects/" + id + "/members",
            editor,
            List.of(Map.of("id", editor.id(), "role", "owner"))),
        "self-promotion");
    // Step 4: remove the owner, or the whole project.
    assertRefused(
        send("DELETE", "projects/" + id + "/members/" + owner.id(), editor, null),
        "removing the owner");
    assertRefused(send("DELETE", "projects/" + id, editor, null), "deleting the project");

    assertThat(state(owner, id)).as("the project is as the owner left it").isEqualTo(before);
    JsonNode project = AttackPlatform.json(send("GET", "projects/" + id, owner, null).body());
    assertThat(project.path("visibility").asString()).isEqualTo("private");
    assertThat(project.path("namespace").asString()).isEqualTo(owner.namespace());
    JsonNode members =
        AttackPlatform.json(send("GET", "projects/" + id + "/members", owner, null).body());
    assertThat(members.size()).isEqualTo(2);
    for (JsonNode m : members) {
      String expected = m.path("id").asString().equals(owner.id()) ? "owner" : "editor";
      assertThat(m.path("role").asString()).as(m.toString()).isEqualTo(expected);
    }
    assertThat(send("GET", "projects/" + id, null, null).statusCode())
        .as("still invisible to anonymous visitors")
        .isEqualTo(404);
    JsonNode perms =
        AttackPlatform.json(send("GET", "projects/" + id + "/permissions", editor, null).body());
    assertThat(perms.path("write").asBoolean()).isTrue();
    assertThat(perms.path("delete").asBoolean()).isFalse();
    assertThat(perms.path("change_membership").asBoolean()).isFalse();

    // The editor keeps what an editor may do.
    var edited = patchProject(editor, id, Map.of("description", "edited by the editor"));
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
  }

  /**
   * The same for a group: an editor of a group may add projects to it, but may not rename its slug
   * (the first part of every path in it) nor change its members.
   */
  @Test
  void aGroupEditorCannotTakeOverTheGroup() throws Exception {
    Person owner = person("gowner");
    Person editor = person("geditor");
    String slug = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
    var group = send("POST", "groups", owner, Map.of("name", "Victim group", "slug", slug));
    assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
    var added =
        send(
            "PATCH",
            "groups/" + slug + "/members",
            owner,
            List.of(Map.of("id", editor.id(), "role", "editor")));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    String before =
        send("GET", "groups/" + slug, owner, null).body()
            + send("GET", "groups/" + slug + "/members", owner, null).body();

    assertRefused(send("PATCH", "groups/" + slug, editor, Map.of("slug", slug + "-x")), "slug");
    assertRefused(
        send(
            "PATCH",
            "groups/" + slug + "/members",
            editor,
            List.of(Map.of("id", editor.id(), "role", "owner"))),
        "self-promotion");
    assertRefused(
        send("DELETE", "groups/" + slug + "/members/" + owner.id(), editor, null),
        "removing the owner");
    assertRefused(send("DELETE", "groups/" + slug, editor, null), "deleting the group");

    String after =
        send("GET", "groups/" + slug, owner, null).body()
            + send("GET", "groups/" + slug + "/members", owner, null).body();
    assertThat(after).isEqualTo(before);
  }
}
