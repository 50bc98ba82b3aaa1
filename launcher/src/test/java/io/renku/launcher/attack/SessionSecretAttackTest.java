package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Project session secret slots, attacked through the gateway: a slot is the way a user's secret
 * reaches a session, so an attacker who could fill their own project's slot with someone else's
 * secret would have that secret written into their session. Also: reading or changing the slots of
 * a project one cannot change, seeing other members' fillings, file names that leave the secrets
 * directory, and a planted value showing up in any answer.
 */
class SessionSecretAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  /** Every answer of a test, to look for the planted values at the end. */
  private final List<HttpResponse<String>> answers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private record Person(String token, String id, String namespace) {}

  private static Person person(String name) throws Exception {
    String user = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String token = platform.token(user, false);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode json = AttackPlatform.json(me.body());
    return new Person(token, json.path("id").asString(), json.path("username").asString());
  }

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

  private String project(Person owner, String visibility) throws Exception {
    var r =
        send(
            "POST",
            "projects",
            owner,
            Map.of(
                "name",
                "P " + UUID.randomUUID().toString().substring(0, 6),
                "namespace",
                owner.namespace(),
                "visibility",
                visibility));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  private String slot(Person who, String projectId, String filename) throws Exception {
    var r =
        send(
            "POST",
            "session_secret_slots",
            who,
            Map.of("project_id", projectId, "filename", filename));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  private String secret(Person who, String value) throws Exception {
    var r =
        send(
            "POST",
            "user/secrets",
            who,
            Map.of("name", "s-" + UUID.randomUUID().toString().substring(0, 8), "value", value));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  private static int code(HttpResponse<String> r) {
    return AttackPlatform.json(r.body()).path("error").path("code").asInt();
  }

  @Test
  void anAttackerCannotPutSomeoneElsesSecretIntoTheirOwnSlot() throws Exception {
    Person victim = person("ssvictim");
    Person attacker = person("ssthief");
    String planted = "planted-" + UUID.randomUUID();
    String victimSecret = secret(victim, planted);

    // The attacker's own project and slot, and the victim's secret id (leaked, guessed).
    String own = project(attacker, "private");
    String slotId = slot(attacker, own, "loot");
    String path = "projects/" + own + "/session_secrets";
    var steal =
        send(
            "PATCH",
            path,
            attacker,
            List.of(Map.of("secret_slot_id", slotId, "secret_id", victimSecret)));
    assertThat(steal.statusCode()).as(steal.body()).isEqualTo(422);
    assertThat(steal.body()).contains("secret_id");
    var unknown =
        send(
            "PATCH",
            path,
            attacker,
            List.of(Map.of("secret_slot_id", slotId, "secret_id", "01ARZ3NDEKTSV4RRFFQ69G5FAV")));
    // A foreign id and a missing one are answered alike: ids of others cannot be probed.
    assertThat(unknown.statusCode()).isEqualTo(steal.statusCode());
    assertThat(AttackPlatform.json(unknown.body()).path("error").path("message").asString())
        .isEqualTo(
            AttackPlatform.json(steal.body())
                .path("error")
                .path("message")
                .asString()
                .replace(victimSecret, "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    var filled = send("GET", path, attacker, null);
    assertThat(filled.statusCode()).isEqualTo(200);
    assertThat(AttackPlatform.json(filled.body()).size()).isZero();

    // The victim's secret is untouched.
    assertThat(send("GET", "user/secrets/" + victimSecret, victim, null).statusCode())
        .isEqualTo(200);
    assertNoAnswerHolds(planted);
  }

  @Test
  void outsidersAndViewersCannotReadOrChangeSlotsOrSeeOthersFillings() throws Exception {
    Person owner = person("ssowner");
    Person viewer = person("ssviewer");
    Person outsider = person("ssoutsider");
    String planted = "planted-" + UUID.randomUUID();
    String secretProject = project(owner, "private");
    String privateSlot = slot(owner, secretProject, "db_password");
    var fill =
        send(
            "PATCH",
            "projects/" + secretProject + "/session_secrets",
            owner,
            List.of(Map.of("secret_slot_id", privateSlot, "value", planted)));
    assertThat(fill.statusCode()).as(fill.body()).isEqualTo(201);

    // A private project: 404 for everything, the same as for a project that does not exist.
    for (var r :
        List.of(
            send("GET", "projects/" + secretProject + "/session_secret_slots", outsider, null),
            send("GET", "session_secret_slots/" + privateSlot, outsider, null),
            send("GET", "projects/" + secretProject + "/session_secrets", outsider, null),
            send("DELETE", "projects/" + secretProject + "/session_secrets", outsider, null),
            send(
                "POST",
                "session_secret_slots",
                outsider,
                Map.of("project_id", secretProject, "filename", "mine")),
            send("DELETE", "session_secret_slots/" + privateSlot, outsider, null),
            send(
                "PATCH",
                "session_secret_slots/" + privateSlot,
                outsider,
                Map.of("filename", "moved"),
                Map.of("If-Match", "*")),
            send(
                "PATCH",
                "projects/" + secretProject + "/session_secrets",
                outsider,
                List.of(Map.of("secret_slot_id", privateSlot, "value", "x"))))) {
      assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(404);
      assertThat(code(r)).isEqualTo(1404);
    }
    // Anonymous: no fillings, no changes.
    assertThat(send("GET", "session_secret_slots/" + privateSlot, null, null).statusCode())
        .isEqualTo(404);
    assertThat(
            send("DELETE", "projects/" + secretProject + "/session_secrets", null, null)
                .statusCode())
        .isEqualTo(401);

    // A public project with a viewer: they see the slot, fill it for themselves, change nothing
    // of the project and see only their own filling.
    String open = project(owner, "public");
    var member =
        send(
            "PATCH",
            "projects/" + open + "/members",
            owner,
            List.of(Map.of("id", viewer.id(), "role", "viewer")));
    assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
    String openSlot = slot(owner, open, "token");
    String ownerSecret = secret(owner, planted + "-open");
    send(
        "PATCH",
        "projects/" + open + "/session_secrets",
        owner,
        List.of(Map.of("secret_slot_id", openSlot, "secret_id", ownerSecret)));
    var got = send("GET", "session_secret_slots/" + openSlot, viewer, null);
    assertThat(got.statusCode()).isEqualTo(200);
    String etag = got.headers().firstValue("ETag").orElseThrow();
    assertThat(
            send(
                    "PATCH",
                    "session_secret_slots/" + openSlot,
                    viewer,
                    Map.of("filename", "stolen"),
                    Map.of("If-Match", etag))
                .statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "session_secret_slots/" + openSlot, viewer, null).statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "session_secret_slots/" + openSlot, outsider, null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "session_secret_slots",
                    viewer,
                    Map.of("project_id", open, "filename", "extra"))
                .statusCode())
        .isEqualTo(403);
    var viewerSees = send("GET", "projects/" + open + "/session_secrets", viewer, null);
    assertThat(viewerSees.statusCode()).isEqualTo(200);
    assertThat(AttackPlatform.json(viewerSees.body()).size()).isZero();
    assertThat(viewerSees.body()).doesNotContain(ownerSecret);
    // The viewer's DELETE of "all their fillings" leaves the owner's alone.
    assertThat(send("DELETE", "projects/" + open + "/session_secrets", viewer, null).statusCode())
        .isEqualTo(204);
    var ownerSees = send("GET", "projects/" + open + "/session_secrets", owner, null);
    assertThat(ownerSees.body()).contains(ownerSecret);

    assertNoAnswerHolds(planted);
  }

  @Test
  void fileNamesCannotLeaveTheSecretsDirectory() throws Exception {
    Person owner = person("ssfiles");
    String p = project(owner, "private");
    for (String bad : List.of("../../etc/passwd", "..", ".", "a/b", "/abs", "a\\b", "", "a b")) {
      var r = send("POST", "session_secret_slots", owner, Map.of("project_id", p, "filename", bad));
      assertThat(r.statusCode()).as("%s: %s", bad, r.body()).isEqualTo(422);
      assertThat(r.body()).as(bad).contains("filename");
    }
    String ok = slot(owner, p, "fine.txt");
    var current = send("GET", "session_secret_slots/" + ok, owner, null);
    var moved =
        send(
            "PATCH",
            "session_secret_slots/" + ok,
            owner,
            Map.of("filename", ".."),
            Map.of("If-Match", current.headers().firstValue("ETag").orElseThrow()));
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(422);
    var list = send("GET", "projects/" + p + "/session_secret_slots", owner, null);
    assertThat(AttackPlatform.json(list.body()).get(0).path("filename").asString())
        .isEqualTo("fine.txt");
  }

  private void assertNoAnswerHolds(String planted) {
    assertThat(answers).isNotEmpty();
    for (var r : answers) {
      assertThat(r.body()).as(r.uri().toString()).doesNotContain(planted);
      assertThat(r.headers().map().toString()).doesNotContain(planted);
    }
  }
}
