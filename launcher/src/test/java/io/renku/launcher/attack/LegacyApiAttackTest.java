package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original's v1 legacy attacked through the gateway (issue 22): the legacy {@code /storage} of
 * a private project is invisible to strangers and anonymous visitors (404), read-only for viewers
 * (403), never answers a credential, and refuses storage that would mount outside the working
 * directory or read the platform's own files (the platform's own addresses are allowed on this
 * loopback-only platform, so LegacyStorageApiTest checks them); a v1 migration cannot plant a
 * project in another user's namespace, cannot take a v1 id twice, and its origin is hidden from
 * those who may not change the project. No answer is a 5xx.
 */
@Timeout(300)
class LegacyApiAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private final AnswerLog answers = new AnswerLog();

  @AfterEach
  void noServerErrors() {
    answers.assertNoServerErrors();
  }

  private record Person(String token, String id, String namespace) {}

  private static Person person(String name) throws Exception {
    String token = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), false);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode json = AttackPlatform.json(me.body());
    return new Person(token, json.path("id").asString(), json.path("username").asString());
  }

  private HttpResponse<String> send(String method, String path, Person who, Object body)
      throws Exception {
    var r =
        platform.send(
            method,
            "/api/data/" + path,
            who == null ? null : who.token(),
            body == null ? null : JSON.writeValueAsString(body));
    return answers.record(r);
  }

  private static Map<String, Object> storage(String projectId, String name, String password) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/webdav/");
    config.put("user", "alice");
    config.put("pass", password);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_id", projectId);
    body.put("name", name);
    body.put("configuration", config);
    body.put("source_path", "data");
    body.put("target_path", "data");
    return body;
  }

  private String privateProject(Person owner, Person viewer) throws Exception {
    var created =
        send("POST", "projects", owner, Map.of("name", "Legacy", "namespace", owner.namespace()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String projectId = AttackPlatform.json(created.body()).path("id").asString();
    var members =
        send(
            "PATCH",
            "projects/" + projectId + "/members",
            owner,
            List.of(Map.of("id", viewer.id(), "role", "viewer")));
    assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
    return projectId;
  }

  @Test
  void aPrivateProjectsLegacyStorageIsHiddenReadOnlyForViewersAndNeverAnswersItsSecret()
      throws Exception {
    Person owner = person("lgowner");
    Person viewer = person("lgviewer");
    Person thief = person("lgthief");
    String projectId = privateProject(owner, viewer);
    String secret = "planted-" + UUID.randomUUID();
    var created = send("POST", "storage", owner, storage(projectId, "dav", secret));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = AttackPlatform.json(created.body()).path("storage").path("storage_id").asString();

    for (Person who : new Person[] {thief, null}) {
      assertThat(send("GET", "storage/" + id, who, null).statusCode()).isEqualTo(404);
      assertThat(send("GET", "storage?project_id=" + projectId, who, null).statusCode())
          .isEqualTo(404);
      assertThat(send("PATCH", "storage/" + id, who, Map.of("readonly", false)).statusCode())
          .isIn(401, 404);
      assertThat(send("DELETE", "storage/" + id, who, null).statusCode()).isIn(401, 404);
      assertThat(send("POST", "storage", who, storage(projectId, "planted", "x")).statusCode())
          .isIn(401, 404);
    }
    assertThat(send("PATCH", "storage/" + id, viewer, Map.of("readonly", false)).statusCode())
        .isEqualTo(403);
    assertThat(send("PUT", "storage/" + id, viewer, storage(projectId, "dav", "x")).statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "storage/" + id, viewer, null).statusCode()).isEqualTo(403);

    var seen = send("GET", "storage?project_id=" + projectId, owner, null);
    assertThat(seen.statusCode()).isEqualTo(200);
    var one = AttackPlatform.json(seen.body());
    assertThat(one.size()).as("nothing planted, nothing deleted").isEqualTo(1);
    assertThat(one.get(0).path("storage").path("readonly").asBoolean()).isTrue();
    for (var r : answers.all()) {
      assertThat(r.body()).doesNotContain(secret);
    }
  }

  @Test
  void legacyStorageCannotMountOutsideTheWorkingDirectoryOrUseLocalFiles() throws Exception {
    Person owner = person("lglocal");
    String projectId = privateProject(owner, person("lglocalviewer"));
    var traversal = storage(projectId, "escape", "x");
    traversal.put("target_path", "../../etc");
    var r = send("POST", "storage", owner, traversal);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("target_path");
    var local = storage(projectId, "local", "x");
    local.put("configuration", Map.of("type", "local"));
    assertThat(send("POST", "storage", owner, local).statusCode()).isEqualTo(422);

    assertThat(
            AttackPlatform.json(send("GET", "storage?project_id=" + projectId, owner, null).body())
                .size())
        .as("nothing stored")
        .isZero();
    // Malformed ids and huge v1 ids are refused, never a server error.
    assertThat(send("GET", "storage?project_id=" + "9".repeat(26), owner, null).statusCode())
        .isBetween(400, 499);
    assertThat(send("GET", "storage/..%2F..%2Fetc", owner, null).statusCode()).isBetween(400, 499);
    assertThat(
            send("GET", "renku_v1_projects/99999999999999999999999/migrations", owner, null)
                .statusCode())
        .isBetween(400, 499);
  }

  @Test
  void aMigrationCannotPlantAProjectElsewhereNorTakeAV1IdTwiceAndItsOriginStaysHidden()
      throws Exception {
    Person victim = person("lgmvictim");
    Person thief = person("lgmthief");
    long v1 = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    String path = "renku_v1_projects/" + v1 + "/migrations";

    var planted =
        send(
            "POST",
            path,
            thief,
            Map.of("project", Map.of("name", "Planted", "namespace", victim.namespace())));
    assertThat(planted.statusCode()).as(planted.body()).isIn(403, 404);
    assertThat(
            send("POST", path, null, Map.of("project", Map.of("name", "A", "namespace", "x")))
                .statusCode())
        .isEqualTo(401);
    assertThat(send("GET", path, victim, null).statusCode())
        .as("the refused migrations recorded nothing")
        .isEqualTo(404);

    var mine =
        send(
            "POST",
            path,
            victim,
            Map.of(
                "project",
                Map.of("name", "Mine", "namespace", victim.namespace(), "visibility", "private")));
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
    String projectId = AttackPlatform.json(mine.body()).path("id").asString();

    var again =
        send(
            "POST",
            path,
            thief,
            Map.of("project", Map.of("name", "Again", "namespace", thief.namespace())));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(send("GET", path, thief, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "projects/" + projectId + "/migration_info", thief, null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "renku_v1_projects/migrations", thief, null).body())
        .doesNotContain(projectId);
    // The thief's own projects were not made by the refused migration.
    var thiefs = send("GET", "projects?namespace=" + thief.namespace(), thief, null);
    assertThat(AttackPlatform.json(thiefs.body()).size()).isZero();
  }
}
