package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.projectMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static io.renku.data.api.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.sessionsecret.SessionSecretFiles;
import io.renku.data.sessionsecret.SessionSecretService;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code /session_secret_slots}, {@code /projects/{id}/session_secret_slots} and {@code
 * /projects/{id}/session_secrets}: editors manage a project's slots, readers fill them with their
 * own secrets and see only their own fillings, and no answer ever holds a secret's value.
 */
class SessionSecretApiTest extends ApiTest {
  private static final String UNKNOWN_ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  @Autowired SessionSecretService sessionSecrets;
  @Autowired JdbcClient jdbc;

  /** Every answer a test got, to look for planted values at the end. */
  private final List<Api.Response> answers = new ArrayList<>();

  private static Map<String, Object> body(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private Api.Response seen(Api.Response r) {
    answers.add(r);
    return r;
  }

  private String newProject(TestUser owner, String visibility) {
    String ns = register(api, owner);
    return createProject(api.as(owner), ns, slug("p"), visibility).path("id").asString();
  }

  private String slot(TestUser who, String projectId, String filename) {
    var r =
        seen(
            api.as(who)
                .post(
                    "session_secret_slots",
                    body(
                        "project_id",
                        projectId,
                        "filename",
                        filename,
                        "name",
                        "Slot " + filename)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  private String secret(TestUser who, String name, String value) {
    var r = seen(api.as(who).post("user/secrets", body("name", name, "value", value)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  @Test
  void editorsManageSlotsWithETags() {
    TestUser owner = TestUser.random("slotowner");
    String projectId = newProject(owner, "private");

    var created =
        api.as(owner)
            .post(
                "session_secret_slots",
                body("project_id", projectId, "filename", "api_token", "description", "For X"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.field("name")).as("a missing name is the file name").isEqualTo("api_token");
    assertThat(created.field("project_id")).isEqualTo(projectId);
    assertThat(created.field("description")).isEqualTo("For X");
    assertThat(created.header("ETag")).isNotBlank().isEqualTo(created.field("etag"));
    String id = created.field("id");
    String etag = created.header("ETag");

    var list = api.as(owner).get("projects/" + projectId + "/session_secret_slots");
    assertThat(list.status()).isEqualTo(200);
    assertThat(values(list, "filename")).containsExactly("api_token");

    var got = api.as(owner).get("session_secret_slots/" + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("ETag")).isEqualTo(etag);
    var notModified = api.as(owner).header("If-None-Match", etag).get("session_secret_slots/" + id);
    assertThat(notModified.status()).isEqualTo(304);

    // Same file name in the same project: 409; in the list still one.
    var twice =
        api.as(owner)
            .post("session_secret_slots", body("project_id", projectId, "filename", "api_token"));
    assertThat(twice.status()).as(twice.body()).isEqualTo(409);
    String other = slot(owner, projectId, "other.txt");

    // PATCH needs the current ETag.
    var noMatch = api.as(owner).patch("session_secret_slots/" + id, body("name", "Renamed"));
    assertThat(noMatch.status()).isEqualTo(428);
    var stale =
        api.as(owner)
            .header("If-Match", "\"0000\"")
            .patch("session_secret_slots/" + id, body("name", "Renamed"));
    assertThat(stale.status()).isEqualTo(409);
    var renamed =
        api.as(owner)
            .header("If-Match", etag)
            .patch("session_secret_slots/" + id, body("name", "Renamed", "description", ""));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.field("name")).isEqualTo("Renamed");
    assertThat(renamed.json().has("description")).as("an empty description removes it").isFalse();
    assertThat(renamed.header("ETag")).isNotEqualTo(etag).isEqualTo(renamed.field("etag"));
    var clash =
        api.as(owner)
            .header("If-Match", renamed.header("ETag"))
            .patch("session_secret_slots/" + id, body("filename", "other.txt"));
    assertThat(clash.status()).as(clash.body()).isEqualTo(409);

    assertThat(api.as(owner).delete("session_secret_slots/" + other).status()).isEqualTo(204);
    assertThat(api.as(owner).delete("session_secret_slots/" + other).status()).isEqualTo(204);
    assertThat(api.as(owner).get("session_secret_slots/" + other).status()).isEqualTo(404);
    assertThat(api.as(owner).get("session_secret_slots/" + UNKNOWN_ULID).status()).isEqualTo(404);
  }

  @Test
  void badSlotsAreRefusedWithTheFieldNamed() {
    TestUser owner = TestUser.random("slotbad");
    String projectId = newProject(owner, "private");
    Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
    bad.put("filename", body("project_id", projectId, "filename", "a/b"));
    bad.put("filename ..", body("project_id", projectId, "filename", ".."));
    bad.put("filename .", body("project_id", projectId, "filename", "."));
    bad.put("filename empty", body("project_id", projectId, "filename", ""));
    bad.put("filename long", body("project_id", projectId, "filename", "f".repeat(201)));
    bad.put("filename missing", body("project_id", projectId));
    bad.put("name", body("project_id", projectId, "filename", "ok", "name", "n".repeat(100)));
    bad.put("project_id", body("project_id", "not-a-ulid", "filename", "ok"));
    for (var b : bad.entrySet()) {
      var r = api.as(owner).post("session_secret_slots", b.getValue());
      String field = b.getKey().split(" ")[0];
      assertThat(r.status()).as(b.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(b.getKey()).contains(field);
    }
    String id = slot(owner, projectId, "good");
    String etag = api.as(owner).get("session_secret_slots/" + id).header("ETag");
    var r =
        api.as(owner)
            .header("If-Match", etag)
            .patch("session_secret_slots/" + id, body("filename", ".."));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("filename");
    assertThat(
            values(
                api.as(owner).get("projects/" + projectId + "/session_secret_slots"), "filename"))
        .containsExactly("good");
  }

  @Test
  void onlyEditorsChangeSlotsAndOutsidersSeeNothing() {
    TestUser owner = TestUser.random("slotown");
    TestUser editor = TestUser.random("slotedit");
    TestUser viewer = TestUser.random("slotview");
    TestUser outsider = TestUser.random("slotout");
    register(api, editor);
    register(api, viewer);
    register(api, outsider);
    String projectId = newProject(owner, "private");
    projectMembers(api.as(owner), projectId, Map.of(editor, "editor", viewer, "viewer"));

    String byEditor = slot(editor, projectId, "by_editor");
    var byViewer =
        api.as(viewer)
            .post("session_secret_slots", body("project_id", projectId, "filename", "by_viewer"));
    assertThat(byViewer.status()).as(byViewer.body()).isEqualTo(403);
    var list = api.as(viewer).get("projects/" + projectId + "/session_secret_slots");
    assertThat(list.status()).isEqualTo(200);
    assertThat(values(list, "filename")).containsExactly("by_editor");
    String etag = api.as(viewer).get("session_secret_slots/" + byEditor).header("ETag");
    assertThat(
            api.as(viewer)
                .header("If-Match", etag)
                .patch("session_secret_slots/" + byEditor, body("name", "mine"))
                .status())
        .isEqualTo(403);
    assertThat(api.as(viewer).delete("session_secret_slots/" + byEditor).status()).isEqualTo(403);

    // An outsider of a private project: as if nothing existed.
    assertThat(api.as(outsider).get("projects/" + projectId + "/session_secret_slots").status())
        .isEqualTo(404);
    assertThat(api.as(outsider).get("session_secret_slots/" + byEditor).status()).isEqualTo(404);
    assertThat(
            api.as(outsider)
                .post("session_secret_slots", body("project_id", projectId, "filename", "x"))
                .status())
        .isEqualTo(404);
    assertThat(api.as(outsider).delete("session_secret_slots/" + byEditor).status()).isEqualTo(404);
    assertThat(api.as(outsider).get("projects/" + projectId + "/session_secrets").status())
        .isEqualTo(404);
    assertThat(api.as(outsider).delete("projects/" + projectId + "/session_secrets").status())
        .isEqualTo(404);
    assertThat(api.as(outsider).delete("projects/" + UNKNOWN_ULID + "/session_secrets").status())
        .isEqualTo(404);
    assertThat(
            api.as(outsider)
                .patch(
                    "projects/" + projectId + "/session_secrets",
                    List.of(body("secret_slot_id", byEditor, "value", "v")))
                .status())
        .isEqualTo(404);
    assertThat(api.anonymous().get("projects/" + projectId + "/session_secret_slots").status())
        .isEqualTo(404);
    assertThat(
            api.anonymous()
                .post("session_secret_slots", body("project_id", projectId, "filename", "x"))
                .status())
        .isEqualTo(401);
    assertThat(api.as(owner).get("session_secret_slots/" + byEditor).status()).isEqualTo(200);
  }

  @Test
  void membersFillSlotsWithTheirOwnSecretsAndSeeOnlyTheirs() {
    TestUser owner = TestUser.random("fillowner");
    TestUser member = TestUser.random("fillmember");
    register(api, member);
    String projectId = newProject(owner, "private");
    projectMembers(api.as(owner), projectId, Map.of(member, "viewer"));
    String slotId = slot(owner, projectId, "token");
    String plantedOwner = "planted-owner-" + UUID.randomUUID();
    String plantedMember = "planted-member-" + UUID.randomUUID();
    String ownerSecret = secret(owner, "Owner token", plantedOwner);
    String memberSecret = secret(member, "Member token", plantedMember);
    String path = "projects/" + projectId + "/session_secrets";

    // Someone else's secret: refused, with the field named, and nothing filled.
    var stolen =
        seen(
            api.as(member)
                .patch(path, List.of(body("secret_slot_id", slotId, "secret_id", ownerSecret))));
    assertThat(stolen.status()).as(stolen.body()).isEqualTo(422);
    assertThat(stolen.body()).contains("secret_id");
    assertThat(api.as(member).get(path).json().size()).isZero();

    var byOwner =
        seen(
            api.as(owner)
                .patch(path, List.of(body("secret_slot_id", slotId, "secret_id", ownerSecret))));
    assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(201);
    assertThat(byOwner.json().get(0).path("secret_id").asString()).isEqualTo(ownerSecret);
    assertThat(byOwner.json().get(0).path("secret_slot").path("id").asString()).isEqualTo(slotId);
    var byMember =
        seen(
            api.as(member)
                .patch(path, List.of(body("secret_slot_id", slotId, "secret_id", memberSecret))));
    assertThat(byMember.status()).as(byMember.body()).isEqualTo(201);

    var ownerSees = seen(api.as(owner).get(path));
    assertThat(ownerSees.status()).isEqualTo(200);
    assertThat(values(ownerSees, "secret_id")).containsExactly(ownerSecret);
    var memberSees = seen(api.as(member).get(path));
    assertThat(values(memberSees, "secret_id")).containsExactly(memberSecret);

    // Each one's secret says which slot it fills (session_secret_slot_ids), the other's not.
    assertThat(
            api.as(owner)
                .get("user/secrets/" + ownerSecret)
                .json()
                .path("session_secret_slot_ids")
                .toString())
        .isEqualTo("[\"" + slotId + "\"]");
    assertThat(api.as(owner).get("user/secrets").body()).doesNotContain(memberSecret);

    // What a session of each gets.
    SessionSecretFiles forOwner = sessionSecrets.forSession(caller(owner), projectId);
    assertThat(forOwner.mountDirectory()).isEqualTo("/secrets");
    assertThat(forOwner.files()).isEqualTo(Map.of("token", ownerSecret));
    assertThat(sessionSecrets.forSession(caller(member), projectId).files())
        .isEqualTo(Map.of("token", memberSecret));
    TestUser outsider = TestUser.random("fillout");
    register(api, outsider);
    assertThatThrownBy(() -> sessionSecrets.forSession(caller(outsider), projectId))
        .isInstanceOf(RenkuException.class);

    // The member clears theirs; the owner's stays.
    assertThat(api.as(member).delete(path).status()).isEqualTo(204);
    assertThat(api.as(member).get(path).json().size()).isZero();
    assertThat(values(api.as(owner).get(path), "secret_id")).containsExactly(ownerSecret);
    var kept = api.as(member).get("user/secrets/" + memberSecret);
    assertThat(kept.status()).as("clearing a filling keeps the secret").isEqualTo(200);
    assertThat(kept.json().path("session_secret_slot_ids").size()).isZero();

    // Deleting the secret ends its use in the slot.
    assertThat(api.as(owner).delete("user/secrets/" + ownerSecret).status()).isEqualTo(204);
    assertThat(api.as(owner).get(path).json().size()).isZero();
    assertThat(sessionSecrets.forSession(caller(owner), projectId).files()).isEmpty();

    assertNoAnswerHolds(plantedOwner, plantedMember);
  }

  @Test
  void aValueBecomesANewSecretOfTheCallerAndIsNeverShown() {
    TestUser owner = TestUser.random("valowner");
    String projectId = newProject(owner, "private");
    String slotId = slot(owner, projectId, "api_key");
    String path = "projects/" + projectId + "/session_secrets";
    String planted = "planted-" + UUID.randomUUID();
    // A secret of the same name as the slot already exists: the new one still gets made.
    secret(owner, "Slot api_key", "unrelated");

    var filled =
        seen(api.as(owner).patch(path, List.of(body("secret_slot_id", slotId, "value", planted))));
    assertThat(filled.status()).as(filled.body()).isEqualTo(201);
    String secretId = filled.json().get(0).path("secret_id").asString();
    var secretNow = seen(api.as(owner).get("user/secrets/" + secretId));
    assertThat(secretNow.status()).isEqualTo(200);
    assertThat(secretNow.field("kind")).isEqualTo("general");
    assertThat(secretNow.field("name")).startsWith("Slot api_key");
    seen(api.as(owner).get("user/secrets"));
    seen(api.as(owner).get(path));
    seen(api.as(owner).get("projects/" + projectId + "/session_secret_slots"));
    seen(api.as(owner).get("session_secret_slots/" + slotId));

    // A new value for a filled slot changes that secret's value, not which secret fills it.
    String planted2 = "planted2-" + UUID.randomUUID();
    var refilled =
        seen(api.as(owner).patch(path, List.of(body("secret_slot_id", slotId, "value", planted2))));
    assertThat(refilled.status()).as(refilled.body()).isEqualTo(201);
    assertThat(refilled.json().get(0).path("secret_id").asString()).isEqualTo(secretId);
    assertThat(storedValueBytes(secretId)).doesNotContain(planted2);

    // value null (or nothing) clears the slot.
    var m = new HashMap<String, Object>();
    m.put("secret_slot_id", slotId);
    m.put("value", null);
    var cleared = seen(api.as(owner).patch(path, List.of(m)));
    assertThat(cleared.status()).as(cleared.body()).isEqualTo(201);
    assertThat(cleared.json().size()).isZero();
    assertThat(api.as(owner).get(path).json().size()).isZero();

    assertNoAnswerHolds(planted, planted2);
  }

  @Test
  void aBadFillChangesNothing() {
    TestUser owner = TestUser.random("badfill");
    String projectId = newProject(owner, "private");
    String otherProject =
        createProject(api.as(owner), register(api, owner), slug("q"), "private")
            .path("id")
            .asString();
    String slotId = slot(owner, projectId, "one");
    String foreignSlot = slot(owner, otherProject, "two");
    String mine = secret(owner, "Mine", "v");
    String path = "projects/" + projectId + "/session_secrets";

    record Case(String field, List<Map<String, Object>> fills) {}
    List<Case> cases =
        List.of(
            new Case(
                "secret_slot_id",
                List.of(
                    body("secret_slot_id", slotId, "secret_id", mine),
                    body("secret_slot_id", foreignSlot, "secret_id", mine))),
            new Case(
                "secret_slot_id",
                List.of(
                    body("secret_slot_id", slotId, "secret_id", mine),
                    body("secret_slot_id", slotId, "value", "x"))),
            new Case(
                "secret_id",
                List.of(body("secret_slot_id", slotId, "secret_id", mine, "value", "x"))),
            new Case(
                "secret_id", List.of(body("secret_slot_id", slotId, "secret_id", UNKNOWN_ULID))),
            new Case("value", List.of(body("secret_slot_id", slotId, "value", ""))));
    for (Case c : cases) {
      var r = api.as(owner).patch(path, c.fills());
      assertThat(r.status()).as(c + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(c.toString()).contains(c.field());
      assertThat(api.as(owner).get(path).json().size()).as(c.toString()).isZero();
    }
    assertThat(api.anonymous().get(path).status()).isIn(401, 404);
    assertThat(api.anonymous().delete(path).status()).isEqualTo(401);
  }

  @Test
  void deletingTheProjectRemovesItsSlots() {
    TestUser owner = TestUser.random("slotdel");
    String projectId = newProject(owner, "public");
    String slotId = slot(owner, projectId, "gone");
    String mine = secret(owner, "Kept", "v");
    api.as(owner)
        .patch(
            "projects/" + projectId + "/session_secrets",
            List.of(body("secret_slot_id", slotId, "secret_id", mine)));
    assertThat(api.as(owner).delete("projects/" + projectId).status()).isEqualTo(204);
    assertThat(api.as(owner).get("session_secret_slots/" + slotId).status()).isEqualTo(404);
    assertThat(
            jdbc.sql("SELECT count(*) FROM projects.session_secret_slots WHERE project_id = :p")
                .param("p", projectId)
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(api.as(owner).get("user/secrets/" + mine).status()).isEqualTo(200);
  }

  @Test
  void aDeletedMemberLeavesNoFillingAndTheirSlotsStay() {
    TestUser owner = TestUser.random("stayowner");
    TestUser leaving = TestUser.random("leaving");
    register(api, leaving);
    String projectId = newProject(owner, "private");
    projectMembers(api.as(owner), projectId, Map.of(leaving, "editor"));
    String slotId = slot(leaving, projectId, "made_by_leaver");
    String theirs = secret(leaving, "Theirs", "v");
    var filled =
        api.as(leaving)
            .patch(
                "projects/" + projectId + "/session_secrets",
                List.of(body("secret_slot_id", slotId, "secret_id", theirs)));
    assertThat(filled.status()).as(filled.body()).isEqualTo(201);

    var deleted = api.as(TestUser.randomAdmin("slotjanitor")).delete("users/" + leaving.id());
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

    assertThat(api.as(owner).get("session_secret_slots/" + slotId).status()).isEqualTo(200);
    assertThat(
            jdbc.sql("SELECT count(*) FROM projects.session_secrets WHERE user_id = :u")
                .param("u", leaving.id())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void theDatabaseRefusesAFillingWithAnotherUsersSecret() {
    TestUser owner = TestUser.random("fkowner");
    TestUser other = TestUser.random("fkother");
    register(api, other);
    String projectId = newProject(owner, "private");
    String slotId = slot(owner, projectId, "fk");
    String othersSecret = secret(other, "Theirs", "v");
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "INSERT INTO projects.session_secrets (id, secret_slot_id, user_id,"
                            + " secret_id) VALUES (:id, :s, :u, :secret)")
                    .param("id", "01ARZ3NDEKTSV4RRFFQ69G5FAW")
                    .param("s", slotId)
                    .param("u", owner.id())
                    .param("secret", othersSecret)
                    .update())
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
  }

  private void assertNoAnswerHolds(String... planted) {
    assertThat(answers).isNotEmpty();
    for (Api.Response r : answers) {
      for (String p : planted) {
        assertThat(r.body()).doesNotContain(p);
        assertThat(r.headers().toString()).doesNotContain(p);
      }
    }
  }

  private String storedValueBytes(String secretId) {
    return jdbc.sql(
            "SELECT encode(encrypted_value, 'escape') FROM secrets.user_secrets WHERE id = :id")
        .param("id", secretId)
        .query(String.class)
        .single();
  }

  private static ApiUser caller(TestUser u) {
    return new ApiUser(u.id(), true, false, u.email(), u.firstName(), u.lastName(), null);
  }
}
