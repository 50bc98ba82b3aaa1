package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data connectors attacked through the gateway (issue 20): anonymous visitors, a freshly signed-up
 * user, a project's viewer against its editor, another user's private connector, injection in slugs
 * and namespaces, and oversized bodies. A private connector of another namespace is never listed,
 * read, changed, linked or mounted (404), and no credential ever comes back.
 */
class DataConnectorAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
    // the sign-up helpers of IdentityAttackTest use the same shared platform
    IdentityAttackTest.platform();
  }

  /** A user: a token, their id and their namespace (registered on first sight). */
  private record Person(String token, String id, String namespace) {}

  private static Person person(String name) throws Exception {
    return registered(
        platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), false));
  }

  private static Person registered(String token) throws Exception {
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode json = AttackPlatform.json(me.body());
    return new Person(token, json.path("id").asString(), json.path("username").asString());
  }

  private final List<HttpResponse<String>> answers = new ArrayList<>();

  private HttpResponse<String> send(
      String method, String path, Person who, Object body, Map<String, String> headers)
      throws Exception {
    var r =
        platform.send(
            method,
            "/api/data/" + path,
            who == null ? null : who.token(),
            body == null ? null : JSON.writeValueAsString(body),
            headers);
    answers.add(r);
    return r;
  }

  private HttpResponse<String> send(String method, String path, Person who, Object body)
      throws Exception {
    return send(method, path, who, body, Map.of());
  }

  private static Map<String, Object> storage(String password) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/webdav/");
    config.put("user", "alice");
    config.put("pass", password);
    return Map.of("configuration", config, "source_path", "data", "target_path", "data");
  }

  private JsonNode connector(Person owner, String namespace, String name, String visibility)
      throws Exception {
    var r =
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of(
                "name", name,
                "namespace", namespace,
                "visibility", visibility,
                "storage", storage("planted-" + owner.id())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body());
  }

  private static List<String> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    AttackPlatform.json(r.body()).forEach(n -> out.add(n.path("id").asString()));
    return out;
  }

  private static void assertStatus(HttpResponse<String> r, int status, String step) {
    assertThat(r.statusCode()).as(step + ": " + r.body()).isEqualTo(status);
    assertThat(AttackPlatform.json(r.body()).path("error").path("code").asInt())
        .as(step)
        .isEqualTo(1000 + status);
  }

  @Test
  void anotherUsersPrivateConnectorIsNeverListedReadChangedOrLinked() throws Exception {
    Person victim = person("dcvictim");
    Person thief = person("dcthief");
    JsonNode hidden = connector(victim, victim.namespace(), "Hidden", "private");
    String id = hidden.path("id").asString();
    String etag = hidden.path("etag").asString();
    String thiefsProject =
        AttackPlatform.json(
                send(
                        "POST",
                        "projects",
                        thief,
                        Map.of("name", "Loot", "namespace", thief.namespace()))
                    .body())
            .path("id")
            .asString();

    for (Person who : new Person[] {thief, null}) {
      assertThat(ids(send("GET", "data_connectors?per_page=100", who, null))).doesNotContain(id);
      assertThat(ids(send("GET", "data_connectors?namespace=" + victim.namespace(), who, null)))
          .isEmpty();
      assertStatus(send("GET", "data_connectors/" + id, who, null), 404, "read");
      assertStatus(
          send("GET", "namespaces/" + victim.namespace() + "/data_connectors/hidden", who, null),
          404,
          "read by path");
      assertStatus(send("GET", "data_connectors/" + id + "/permissions", who, null), 404, "perm");
      assertStatus(
          send("GET", "data_connectors/" + id + "/project_links", who, null), 404, "links");
    }
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + id,
            thief,
            Map.of("visibility", "public"),
            Map.of("If-Match", etag)),
        404,
        "publish");
    assertStatus(send("DELETE", "data_connectors/" + id, thief, null), 404, "delete");
    assertStatus(
        send(
            "POST",
            "data_connectors/" + id + "/project_links",
            thief,
            Map.of("project_id", thiefsProject)),
        404,
        "link to own project");
    assertStatus(send("GET", "data_connectors/" + id + "/secrets", thief, null), 404, "secrets");
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + id + "/secrets",
            thief,
            List.of(Map.of("name", "pass", "value", "x"))),
        404,
        "save secrets");
    assertThat(
            AttackPlatform.json(
                    send("GET", "projects/" + thiefsProject + "/data_connector_links", thief, null)
                        .body())
                .size())
        .isZero();
    // still the victim's, unchanged
    var mine = send("GET", "data_connectors/" + id, victim, null);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(AttackPlatform.json(mine.body()).path("visibility").asString()).isEqualTo("private");
    assertNoAnswerContains("planted-");
  }

  @Test
  void anonymousVisitorsChangeNothing() throws Exception {
    Person owner = person("dcanonowner");
    JsonNode open = connector(owner, owner.namespace(), "Open", "public");
    String id = open.path("id").asString();
    assertThat(send("GET", "data_connectors/" + id, null, null).statusCode()).isEqualTo(200);
    assertStatus(
        send(
            "POST",
            "data_connectors",
            null,
            Map.of("name", "A", "namespace", owner.namespace(), "storage", storage("p"))),
        401,
        "create");
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + id,
            null,
            Map.of("name", "Defaced"),
            Map.of("If-Match", open.path("etag").asString())),
        401,
        "patch");
    assertStatus(send("DELETE", "data_connectors/" + id, null, null), 401, "delete");
    assertStatus(send("GET", "data_connectors/" + id + "/secrets", null, null), 401, "secrets");
    assertStatus(send("DELETE", "data_connectors/" + id + "/secrets", null, null), 401, "secrets");
    var after = send("GET", "data_connectors/" + id, owner, null);
    assertThat(AttackPlatform.json(after.body()).path("name").asString()).isEqualTo("Open");
    assertNoAnswerContains("planted-");
  }

  @Test
  void aFreshSignUpSeesOnlyPublicConnectors() throws Exception {
    Person owner = person("dcfreshowner");
    String hidden = connector(owner, owner.namespace(), "Private", "private").path("id").asString();
    String open = connector(owner, owner.namespace(), "Public", "public").path("id").asString();
    String password = "Fresh-signup-pw-" + UUID.randomUUID();
    String username =
        IdentityAttackTest.signUp(
            IdentityAttackTest.fresh("dcfresh"),
            IdentityAttackTest.fresh("dcfresh") + "@example.org",
            password);
    String token =
        IdentityAttackTest.gatewayLoginTokens(username, password).path("access_token").asString();
    Person fresh = registered(token);
    List<String> visible =
        ids(send("GET", "data_connectors?namespace=" + owner.namespace(), fresh, null));
    assertThat(visible).contains(open).doesNotContain(hidden);
    assertStatus(send("GET", "data_connectors/" + hidden, fresh, null), 404, "read");
    // a connector in their own namespace works
    connector(fresh, fresh.namespace(), "Mine", "private");
  }

  @Test
  void aProjectViewerCannotChangeWhatItsEditorsAndOwnersCan() throws Exception {
    Person owner = person("dcpowner");
    Person editor = person("dcpeditor");
    Person viewer = person("dcpviewer");
    var project =
        AttackPlatform.json(
            send(
                    "POST",
                    "projects",
                    owner,
                    Map.of("name", "Shared", "namespace", owner.namespace(), "slug", "shared"))
                .body());
    String projectId = project.path("id").asString();
    var members =
        send(
            "PATCH",
            "projects/" + projectId + "/members",
            owner,
            List.of(
                Map.of("id", editor.id(), "role", "editor"),
                Map.of("id", viewer.id(), "role", "viewer")));
    assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
    String projectPath = owner.namespace() + "/shared";
    JsonNode inProject = connector(owner, projectPath, "Project data", "private");
    String dc = inProject.path("id").asString();
    String mine =
        connector(editor, editor.namespace(), "Editor data", "public").path("id").asString();

    // the viewer reads the project's connector but may not create, change, link or unlink
    assertThat(send("GET", "data_connectors/" + dc, viewer, null).statusCode()).isEqualTo(200);
    assertStatus(
        send(
            "POST",
            "data_connectors",
            viewer,
            Map.of("name", "V", "namespace", projectPath, "storage", storage("p"))),
        403,
        "viewer creates");
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + dc,
            viewer,
            Map.of("name", "Mine"),
            Map.of("If-Match", inProject.path("etag").asString())),
        403,
        "viewer renames");
    assertStatus(
        send(
            "POST",
            "data_connectors/" + mine + "/project_links",
            viewer,
            Map.of("project_id", projectId)),
        403,
        "viewer links");
    // the editor links their own public connector to the project; the viewer cannot unlink it
    var link =
        send(
            "POST",
            "data_connectors/" + mine + "/project_links",
            editor,
            Map.of("project_id", projectId));
    assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
    String linkId = AttackPlatform.json(link.body()).path("id").asString();
    assertStatus(
        send("DELETE", "data_connectors/" + mine + "/project_links/" + linkId, viewer, null),
        403,
        "viewer unlinks");
    // an editor of the project may not take the owner's connector: publish, move or delete it
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + dc,
            editor,
            Map.of("namespace", editor.namespace()),
            Map.of("If-Match", inProject.path("etag").asString())),
        403,
        "editor moves");
    assertStatus(
        send(
            "PATCH",
            "data_connectors/" + dc,
            editor,
            Map.of("visibility", "public"),
            Map.of("If-Match", inProject.path("etag").asString())),
        403,
        "editor publishes");
    assertStatus(send("DELETE", "data_connectors/" + dc, editor, null), 403, "editor deletes");
    assertThat(
            send("DELETE", "data_connectors/" + mine + "/project_links/" + linkId, editor, null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void injectionInSlugsAndNamespacesIsRefused() throws Exception {
    Person owner = person("dcinject");
    String legit = connector(owner, owner.namespace(), "Legit", "private").path("id").asString();
    for (String bad :
        List.of(
            "x' OR '1'='1",
            "../../etc/passwd",
            "a;DROP TABLE storage.data_connectors;--",
            "%00",
            "UPPER",
            "a".repeat(200))) {
      var r =
          send(
              "POST",
              "data_connectors",
              owner,
              Map.of(
                  "name",
                  "Bad",
                  "namespace",
                  owner.namespace(),
                  "slug",
                  bad,
                  "storage",
                  storage("p")));
      assertStatus(r, 422, "slug " + bad);
      var ns =
          send(
              "POST",
              "data_connectors",
              owner,
              Map.of("name", "Bad", "namespace", bad, "storage", storage("p")));
      assertThat(ns.statusCode()).as("namespace " + bad + ": " + ns.body()).isIn(404, 422);
      String q = URLEncoder.encode(bad, StandardCharsets.UTF_8);
      var listed = send("GET", "data_connectors?namespace=" + q, owner, null);
      assertThat(ids(listed)).isEmpty();
      var byPath = send("GET", "namespaces/" + q + "/data_connectors/" + q, owner, null);
      assertThat(byPath.statusCode()).as(byPath.body()).isIn(400, 404, 422);
    }
    // a namespace with a project part that tries to climb out
    var climb =
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of(
                "name", "Bad", "namespace", owner.namespace() + "/../x", "storage", storage("p")));
    assertThat(climb.statusCode()).isIn(404, 422);
    var raw =
        platform.raw(
            "GET /api/data/namespaces/%2e%2e%2f/data_connectors/x%27%20OR%201=1 HTTP/1.1", null);
    assertThat(raw.status()).isIn(400, 404, 422);
    // the table is still there and the legit connector intact
    assertThat(send("GET", "data_connectors/" + legit, owner, null).statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBodiesAreRefusedWithNothingWritten() throws Exception {
    Person owner = person("dcbig");
    Map<String, Object> huge = new LinkedHashMap<>(storage("p"));
    @SuppressWarnings("unchecked")
    Map<String, Object> config =
        new LinkedHashMap<>((Map<String, Object>) huge.get("configuration"));
    config.put("user", "u".repeat(2 * 1024 * 1024));
    huge.put("configuration", config);
    var tooBig =
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of("name", "Huge", "namespace", owner.namespace(), "storage", huge));
    assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);

    // under the request limit, but not a sensible option value
    config.put("user", "u".repeat(100_000));
    assertStatus(
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of("name", "Big", "namespace", owner.namespace(), "storage", huge)),
        422,
        "big value");
    assertStatus(
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of(
                "name", "Long description",
                "namespace", owner.namespace(),
                "description", "d".repeat(10_000),
                "storage", storage("p"))),
        422,
        "long description");
    assertThat(ids(send("GET", "data_connectors?namespace=" + owner.namespace(), owner, null)))
        .isEmpty();
    // too many secrets at once
    String dc = connector(owner, owner.namespace(), "Small", "private").path("id").asString();
    List<Map<String, String>> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(Map.of("name", "pass", "value", "v" + i));
    }
    assertStatus(send("PATCH", "data_connectors/" + dc + "/secrets", owner, many), 422, "many");
    assertThat(
            AttackPlatform.json(
                    send("GET", "data_connectors/" + dc + "/secrets", owner, null).body())
                .size())
        .isZero();
  }

  private void assertNoAnswerContains(String value) {
    for (HttpResponse<String> r : answers) {
      assertThat(r.body()).doesNotContain(value);
    }
  }
}
