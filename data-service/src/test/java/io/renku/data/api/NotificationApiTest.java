package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestBackends;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code /alerts} and {@code /webhooks/alertmanager} (issue 22) as the original: each user reads
 * only their own active alerts, only admins create and resolve them, the webhook needs a token with
 * the realm role {@code alertmanager-webhook} (or an admin's) and turns firing alerts into the
 * user's alert about the session (one active per user, event type and session) and resolved ones
 * into resolutions.
 */
class NotificationApiTest extends ApiTest {
  @Autowired JdbcClient jdbc;

  private static Map<String, Object> alert(String userId, String event, String session) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "Memory almost full");
    m.put("message", "Your session uses **95%** of its memory.");
    m.put("event_type", event);
    m.put("user_id", userId);
    if (session != null) {
      m.put("session_name", session);
    }
    return m;
  }

  private static List<String> ids(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().forEach(a -> ids.add(a.path("id").asString()));
    return ids;
  }

  private long rowsOf(String userId) {
    return jdbc.sql("SELECT count(*) FROM notifications.alerts WHERE user_id = :u")
        .param("u", userId)
        .query(Long.class)
        .single();
  }

  @Test
  void usersReadTheirOwnActiveAlertsAndAdminsResolveThem() {
    TestUser admin = TestUser.randomAdmin("aladmin");
    TestUser owner = TestUser.random("alowner");
    TestUser other = TestUser.random("alother");
    register(api, admin);
    register(api, owner);
    register(api, other);
    String session = "alowner-session-" + UUID.randomUUID().toString().substring(0, 8);

    var created = api.as(admin).post("alerts", alert(owner.id(), "session_high_memory", session));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode a = created.json();
    String id = a.path("id").asString();
    assertThat(a.path("title").asString()).isEqualTo("Memory almost full");
    assertThat(a.path("event_type").asString()).isEqualTo("session_high_memory");
    assertThat(a.path("user_id").asString()).isEqualTo(owner.id());
    assertThat(a.path("session_name").asString()).isEqualTo(session);
    assertThat(a.path("creation_date").asString()).isNotEmpty();
    assertThat(a.has("resolved_date")).as("active: no resolved_date").isFalse();

    // The owner sees it, filtered by session too; nobody else does.
    assertThat(ids(api.as(owner).get("alerts"))).containsExactly(id);
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session))).containsExactly(id);
    assertThat(ids(api.as(owner).get("alerts?session_name=another-session"))).isEmpty();
    assertThat(ids(api.as(other).get("alerts"))).isEmpty();
    assertThat(ids(api.as(other).get("alerts?session_name=" + session))).isEmpty();
    assertThat(ids(api.as(admin).get("alerts"))).doesNotContain(id);
    // Anonymous visitors (whose session pages poll this) have none, as in the original.
    assertThat(ids(api.anonymous().get("alerts?session_name=" + session))).isEmpty();

    // One active alert per user, event type and session.
    var again = api.as(admin).post("alerts", alert(owner.id(), "session_high_memory", session));
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    var otherSession =
        api.as(admin).post("alerts", alert(owner.id(), "session_high_memory", session + "-2"));
    assertThat(otherSession.status()).as(otherSession.body()).isEqualTo(201);
    var noSession = api.as(admin).post("alerts", alert(owner.id(), "maintenance", null));
    assertThat(noSession.status()).as(noSession.body()).isEqualTo(201);
    assertThat(api.as(admin).post("alerts", alert(owner.id(), "maintenance", null)).status())
        .isEqualTo(409);
    // Event types are free text of any length, as in the original, and still one active each.
    // (random, so that Postgres cannot compress it below a btree entry's size limit)
    StringBuilder random = new StringBuilder("custom_");
    while (random.length() < 20_000) {
      random.append(UUID.randomUUID());
    }
    String longEvent = random.toString();
    assertThat(api.as(admin).post("alerts", alert(owner.id(), longEvent, session)).status())
        .isEqualTo(201);
    var longAgain = api.as(admin).post("alerts", alert(owner.id(), longEvent, session));
    assertThat(longAgain.status()).as(longAgain.body()).isEqualTo(409);
    String longId =
        api.as(owner).get("alerts?session_name=" + session).json().get(0).path("id").asString();
    assertThat(api.as(admin).patch("alerts/" + longId, Map.of("resolved", true)).status())
        .isEqualTo(200);
    // Newest first.
    assertThat(ids(api.as(owner).get("alerts")))
        .containsExactly(noSession.field("id"), otherSession.field("id"), id);

    // resolved: false changes nothing.
    var unchanged = api.as(admin).patch("alerts/" + id, Map.of("resolved", false));
    assertThat(unchanged.status()).as(unchanged.body()).isEqualTo(200);
    assertThat(unchanged.json().has("resolved_date")).isFalse();
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session))).containsExactly(id);

    var resolved = api.as(admin).patch("alerts/" + id, Map.of("resolved", true));
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    String resolvedDate = resolved.field("resolved_date");
    assertThat(resolvedDate).isNotNull();
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session))).isEmpty();
    // Resolving again keeps the first date.
    var twice = api.as(admin).patch("alerts/" + id, Map.of("resolved", true));
    assertThat(twice.field("resolved_date")).isEqualTo(resolvedDate);
    // Once resolved, the same alert may be sent again.
    var renewed = api.as(admin).post("alerts", alert(owner.id(), "session_high_memory", session));
    assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session)))
        .containsExactly(renewed.field("id"));

    var missing =
        api.as(admin).patch("alerts/01ARZ3NDEKTSV4RRFFQ69G5FAV", Map.of("resolved", true));
    assertThat(missing.status()).as(missing.body()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(1404);
    assertThat(rowsOf(owner.id())).isEqualTo(5);
  }

  @Test
  void onlyAdminsWrite() {
    TestUser admin = TestUser.randomAdmin("awadmin");
    TestUser owner = TestUser.random("awowner");
    TestUser other = TestUser.random("awother");
    register(api, admin);
    register(api, owner);
    register(api, other);
    String id =
        api.as(admin).post("alerts", alert(owner.id(), "session_quota_low", "s-1")).field("id");

    var anonymous = api.anonymous().post("alerts", alert(owner.id(), "phish", "s-1"));
    assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
    var byUser = api.as(other).post("alerts", alert(owner.id(), "phish", "s-1"));
    assertThat(byUser.status()).as(byUser.body()).isEqualTo(403);
    var toSelf = api.as(owner).post("alerts", alert(owner.id(), "phish", "s-1"));
    assertThat(toSelf.status()).as(toSelf.body()).isEqualTo(403);
    // Not even the alert's own user resolves it, nor another user, nor a webhook token.
    assertThat(api.as(owner).patch("alerts/" + id, Map.of("resolved", true)).status())
        .isEqualTo(403);
    assertThat(api.as(other).patch("alerts/" + id, Map.of("resolved", true)).status())
        .isEqualTo(403);
    assertThat(api.anonymous().patch("alerts/" + id, Map.of("resolved", true)).status())
        .isEqualTo(401);
    assertThat(webhookCaller().patch("alerts/" + id, Map.of("resolved", true)).status())
        .isEqualTo(403);
    assertThat(webhookCaller().post("alerts", alert(owner.id(), "phish", "s-1")).status())
        .isEqualTo(403);

    assertThat(ids(api.as(owner).get("alerts"))).containsExactly(id);
    assertThat(rowsOf(owner.id())).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed() {
    TestUser admin = TestUser.randomAdmin("abadmin");
    TestUser owner = TestUser.random("abowner");
    register(api, admin);
    register(api, owner);
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    cases.put("title", without(alert(owner.id(), "e", "s"), "title"));
    cases.put("message", without(alert(owner.id(), "e", "s"), "message"));
    cases.put("event_type", without(alert(owner.id(), "e", "s"), "event_type"));
    cases.put("user_id", alert("not a user id!", "e", "s"));
    cases.put("session_name", alert(owner.id(), "e", "x".repeat(100)));
    Map<String, Object> extra = alert(owner.id(), "e", "s");
    extra.put("resolved_date", "2020-01-01T00:00:00Z");
    cases.put("resolved_date", extra);
    Map<String, Object> number = alert(owner.id(), "e", "s");
    number.put("title", 42);
    cases.put("title ", number);
    for (var c : cases.entrySet()) {
      var r = api.as(admin).post("alerts", c.getValue());
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(c.getKey()).contains(c.getKey().strip());
    }
    // A well-formed id of nobody.
    var unknown = api.as(admin).post("alerts", alert(UUID.randomUUID().toString(), "e", "s"));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("user_id");
    assertThat(rowsOf(owner.id())).isZero();

    var longName = api.as(owner).get("alerts?session_name=" + "x".repeat(100));
    assertThat(longName.status()).as(longName.body()).isEqualTo(422);
    var badId = api.as(admin).patch("alerts/not-a-ulid", Map.of("resolved", true));
    assertThat(badId.status()).as(badId.body()).isEqualTo(422);
    String id = api.as(admin).post("alerts", alert(owner.id(), "e", "s")).field("id");
    var badFlag = api.as(admin).patch("alerts/" + id, Map.of("resolved", "yes"));
    assertThat(badFlag.status()).as(badFlag.body()).isEqualTo(422);
    assertThat(badFlag.body()).contains("resolved");
    var unknownField = api.as(admin).patch("alerts/" + id, Map.of("title", "changed"));
    assertThat(unknownField.status()).as(unknownField.body()).isEqualTo(422);
    assertThat(ids(api.as(owner).get("alerts"))).containsExactly(id);
    assertThat(api.as(owner).get("alerts").json().get(0).path("title").asString())
        .isEqualTo("Memory almost full");
  }

  @Test
  void theWebhookNeedsItsRoleAndTurnsAlertsIntoTheUsersAlerts() {
    TestUser owner = TestUser.random("whowner");
    TestUser other = TestUser.random("whother");
    TestUser admin = TestUser.randomAdmin("whadmin");
    register(api, owner);
    register(api, other);
    register(api, admin);
    String session = "whowner-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> firing =
        webhook("firing", amAlert("firing", owner.id(), session, "SessionOOM", "killed"));

    // No token, a forged one, a user's without the role: nothing written.
    var missing = api.anonymous().post("webhooks/alertmanager", firing);
    assertThat(missing.status()).as(missing.body()).isEqualTo(401);
    var forged =
        api.withToken(TestBackends.get().identity().forgedToken(TestUser.random("forger")))
            .post("webhooks/alertmanager", firing);
    assertThat(forged.status()).as(forged.body()).isEqualTo(401);
    var noRole = api.as(other).post("webhooks/alertmanager", firing);
    assertThat(noRole.status()).as(noRole.body()).isEqualTo(403);
    var ownerSelf = api.as(owner).post("webhooks/alertmanager", firing);
    assertThat(ownerSelf.status()).as(ownerSelf.body()).isEqualTo(403);
    var otherRole =
        api.withToken(
                TestBackends.get()
                    .identity()
                    .tokenWith(
                        TestUser.random("wrongrole"),
                        Map.of("realm_access", Map.of("roles", List.of("alertmanager")))))
            .post("webhooks/alertmanager", firing);
    assertThat(otherRole.status()).as(otherRole.body()).isEqualTo(403);
    assertThat(rowsOf(owner.id())).isZero();

    // With the role: the alert is the owner's, about the session.
    var ok = webhookCaller().post("webhooks/alertmanager", firing);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().isObject()).isTrue();
    var mine = api.as(owner).get("alerts?session_name=" + session);
    assertThat(ids(mine)).hasSize(1);
    JsonNode a = mine.json().get(0);
    String id = a.path("id").asString();
    assertThat(a.path("event_type").asString()).isEqualTo("SessionOOM");
    assertThat(a.path("title").asString()).isEqualTo("SessionOOM title");
    assertThat(a.path("message").asString()).isEqualTo("killed");
    assertThat(ids(api.as(other).get("alerts"))).isEmpty();

    // Firing again updates the active alert in place; alerts that are none of Renku's, or name
    // an unknown user, are skipped and the rest still counts; unknown fields are accepted.
    Map<String, Object> noUser = amAlert("firing", owner.id(), session, "X", "m");
    ((Map<?, ?>) noUser.get("labels")).remove("safe_username");
    Map<String, Object> noSession = amAlert("firing", owner.id(), session, "Y", "m");
    ((Map<?, ?>) noSession.get("labels")).remove("statefulset");
    Map<String, Object> stranger =
        amAlert("firing", UUID.randomUUID().toString(), session, "SessionOOM", "m");
    Map<String, Object> later =
        webhook(
            "firing",
            noUser,
            noSession,
            stranger,
            amAlert("firing", owner.id(), session, "SessionOOM", "killed twice"));
    later.put("someFutureField", Map.of("x", 1));
    var update = webhookCaller().post("webhooks/alertmanager", later);
    assertThat(update.status()).as(update.body()).isEqualTo(200);
    var now = api.as(owner).get("alerts?session_name=" + session);
    assertThat(ids(now)).containsExactly(id);
    assertThat(now.json().get(0).path("message").asString()).isEqualTo("killed twice");
    assertThat(rowsOf(owner.id())).isEqualTo(1);

    // A resolved alert resolves the matching active one (same user, session, title, message).
    var stale =
        webhookCaller()
            .post(
                "webhooks/alertmanager",
                webhook("resolved", amAlert("resolved", owner.id(), session, "SessionOOM", "x")));
    assertThat(stale.status()).isEqualTo(200);
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session))).containsExactly(id);
    var done =
        api.as(admin)
            .post(
                "webhooks/alertmanager",
                webhook(
                    "resolved",
                    amAlert("resolved", owner.id(), session, "SessionOOM", "killed twice")));
    assertThat(done.status()).as("an admin may call it too: " + done.body()).isEqualTo(200);
    assertThat(ids(api.as(owner).get("alerts?session_name=" + session))).isEmpty();
    assertThat(
            jdbc.sql("SELECT resolved_date IS NOT NULL FROM notifications.alerts WHERE id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single())
        .isTrue();

    // A body that is not a webhook: 422 naming the field.
    Map<String, Object> bad = webhook("firing");
    bad.remove("groupKey");
    var invalid = webhookCaller().post("webhooks/alertmanager", bad);
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
    assertThat(invalid.body()).contains("groupKey");
    var badStatus = webhookCaller().post("webhooks/alertmanager", webhook("burning"));
    assertThat(badStatus.status()).as(badStatus.body()).isEqualTo(422);
  }

  /**
   * A token as Alertmanager gets it with OAuth2 client credentials from Keycloak: a service account
   * with the realm role {@code alertmanager-webhook} and no e-mail address.
   */
  private Api webhookCaller() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("realm_access", Map.of("roles", List.of("alertmanager-webhook")));
    claims.put("azp", "alertmanager");
    claims.put("email", null);
    claims.put("email_verified", null);
    return api.withToken(
        TestBackends.get().identity().tokenWith(TestUser.random("alertmanager"), claims));
  }

  private static Map<String, Object> without(Map<String, Object> m, String key) {
    m.remove(key);
    return m;
  }

  private static Map<String, Object> webhook(String status, Map<?, ?>... alerts) {
    Map<String, Object> m = new HashMap<>();
    m.put("version", "4");
    m.put("groupKey", "{}:{alertname=\"SessionOOM\"}");
    m.put("status", status);
    m.put("receiver", "renku");
    m.put("groupLabels", Map.of());
    m.put("commonLabels", Map.of());
    m.put("commonAnnotations", Map.of());
    m.put("externalURL", "http://alertmanager.test");
    m.put("truncatedAlerts", 0);
    m.put("alerts", List.of(alerts));
    return m;
  }

  private static Map<String, Object> amAlert(
      String status, String user, String session, String alertname, String description) {
    Map<String, Object> labels = new HashMap<>();
    labels.put("alertname", alertname);
    labels.put("safe_username", user);
    labels.put("statefulset", session);
    labels.put("namespace", "renku");
    Map<String, Object> m = new HashMap<>();
    m.put("status", status);
    m.put("labels", labels);
    m.put(
        "annotations",
        new HashMap<>(Map.of("title", alertname + " title", "description", description)));
    m.put("startsAt", "2026-12-05T12:00:00Z");
    m.put("endsAt", "0001-01-01T00:00:00Z");
    m.put("generatorURL", "http://prometheus.test/graph");
    m.put("fingerprint", "c0ffee");
    return m;
  }
}
