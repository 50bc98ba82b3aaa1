package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resource usage, limits, class costs and capacity reservations attacked through the gateway (issue
 * 22): a user never reads the usage of a pool they may not use nor another user's usage; only
 * admins read or change limits, costs and reservations, and what others try changes nothing; bad
 * dates, ids and numbers are 422, never a 5xx or a trace.
 */
@Timeout(300)
class UsageAttackTest {
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

  private record Person(String token, String id) {}

  private static Person person(String name, boolean admin) throws Exception {
    String token = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), admin);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return new Person(token, AttackPlatform.json(me.body()).path("id").asString());
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    var r =
        platform.send(
            method,
            "/api/data/" + path,
            token,
            body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body));
    return answers.record(r);
  }

  /** A pool made by {@code admin}: {@code id} and the id of its one class. */
  private record Pool(int id, int classId) {}

  private Pool pool(Person admin, boolean isPublic) throws Exception {
    var r =
        send(
            "POST",
            "resource_pools",
            admin.token(),
            Map.of(
                "name",
                "Usage attack",
                "public",
                isPublic,
                "classes",
                List.of(
                    Map.of(
                        "name",
                        "small",
                        "cpu",
                        1,
                        "memory",
                        1,
                        "gpu",
                        0,
                        "max_storage",
                        2,
                        "default_storage",
                        1))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode p = AttackPlatform.json(r.body());
    return new Pool(p.path("id").asInt(), p.path("classes").get(0).path("id").asInt());
  }

  @Test
  void usageOfOthersAndOfHiddenPoolsIsNotReadable() throws Exception {
    Person admin = person("usage-admin", true);
    Person mallory = person("usage-mallory", false);
    Person alice = person("usage-alice", false);
    Pool open = pool(admin, true);
    Pool hidden = pool(admin, false);

    assertThat(
            send("GET", "resource_pools/" + open.id() + "/usage", mallory.token(), null)
                .statusCode())
        .as("own usage of a public pool")
        .isEqualTo(200);
    assertThat(
            send("GET", "resource_pools/" + hidden.id() + "/usage", mallory.token(), null)
                .statusCode())
        .as("a private pool is invisible")
        .isEqualTo(404);
    for (String who : List.of(alice.id(), admin.id(), "../" + alice.id(), alice.id() + " ")) {
      var r =
          send(
              "GET",
              "resource_pools/"
                  + open.id()
                  + "/usage?user_id="
                  + URLEncoder.encode(who, StandardCharsets.UTF_8),
              mallory.token(),
              null);
      assertThat(r.statusCode()).as(who + ": " + r.body()).isEqualTo(403);
    }
    assertThat(send("GET", "resource_pools/" + open.id() + "/usage", null, null).statusCode())
        .isEqualTo(401);
    var admins =
        send(
            "GET",
            "resource_pools/" + open.id() + "/usage?user_id=" + alice.id(),
            admin.token(),
            null);
    assertThat(admins.statusCode()).as(admins.body()).isEqualTo(200);
  }

  @Test
  void onlyAdminsChangeLimitsCostsAndReservations() throws Exception {
    Person admin = person("limits-admin", true);
    Person mallory = person("limits-mallory", false);
    Pool pool = pool(admin, true);
    String limits = "resource_pools/" + pool.id() + "/limits";
    String cost = "resource_pools/" + pool.id() + "/classes/" + pool.classId() + "/cost";
    assertThat(
            send("PUT", limits, admin.token(), Map.of("total_limit", 100, "user_limit", 10))
                .statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", cost, admin.token(), Map.of("cost", 7)).statusCode()).isEqualTo(200);

    for (String token : new String[] {mallory.token(), null}) {
      int expected = token == null ? 401 : 403;
      assertThat(send("GET", limits, token, null).statusCode()).isEqualTo(expected);
      assertThat(send("PUT", limits, token, Map.of("total_limit", 0, "user_limit", 0)).statusCode())
          .isEqualTo(expected);
      assertThat(send("DELETE", limits, token, null).statusCode()).isEqualTo(expected);
      assertThat(send("GET", cost, token, null).statusCode()).isEqualTo(expected);
      assertThat(send("PUT", cost, token, Map.of("cost", 0)).statusCode()).isEqualTo(expected);
      assertThat(send("DELETE", cost, token, null).statusCode()).isEqualTo(expected);
      assertThat(send("GET", "capacity-reservations", token, null).statusCode())
          .isEqualTo(expected);
      assertThat(
              send("POST", "capacity-reservations", token, reservation(pool.classId()))
                  .statusCode())
          .isEqualTo(expected);
    }
    var limitsNow = AttackPlatform.json(send("GET", limits, admin.token(), null).body());
    assertThat(limitsNow.path("total_limit").asLong()).as("unchanged").isEqualTo(100);
    assertThat(limitsNow.path("user_limit").asLong()).isEqualTo(10);
    assertThat(
            AttackPlatform.json(send("GET", cost, admin.token(), null).body())
                .path("cost")
                .asLong())
        .isEqualTo(7);

    var created = send("POST", "capacity-reservations", admin.token(), reservation(pool.classId()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = AttackPlatform.json(created.body()).path("id").asString();
    assertThat(send("DELETE", "capacity-reservations/" + id, mallory.token(), null).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "capacity-reservations", admin.token(), null).body()).contains(id);
    assertThat(send("DELETE", "capacity-reservations/" + id, admin.token(), null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void badDatesIdsAndNumbersAre422() throws Exception {
    Person admin = person("bad-admin", true);
    Person user = person("bad-user", false);
    Pool pool = pool(admin, true);
    String usage = "resource_pools/" + pool.id() + "/usage";
    for (String query :
        List.of(
            "start_date=2026-13-45",
            "start_date=yesterday",
            "start_date=2026-01-10&end_date=2026-01-09",
            "start_date="
                + URLEncoder.encode("2026-01-01'; DROP TABLE x;--", StandardCharsets.UTF_8),
            "start_date=99999-01-01",
            "user_id=" + "x".repeat(300))) {
      var r = send("GET", usage + "?" + query, user.token(), null);
      assertThat(r.statusCode()).as(query + ": " + r.body()).isIn(403, 422);
      if (!query.startsWith("user_id")) {
        assertThat(r.statusCode()).as(query).isEqualTo(422);
      }
    }
    for (String path :
        List.of(
            "resource_pools/abc/usage", "resource_pools/-1/usage", "resource_pools/1e3/usage")) {
      var r = send("GET", path, user.token(), null);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(404, 422);
    }

    String limits = "resource_pools/" + pool.id() + "/limits";
    for (String body :
        List.of(
            "{\"total_limit\": 1e40, \"user_limit\": 1}",
            "{\"total_limit\": 99999999999999999999999, \"user_limit\": 1}",
            "{\"total_limit\": \"lots\", \"user_limit\": 1}",
            "{\"total_limit\": -5, \"user_limit\": -6}",
            "{\"total_limit\": 5, \"user_limit\": 6}",
            "{\"total_limit\": 5, \"user_limit\": 1, \"extra\": true}",
            "[]",
            "not json")) {
      var r = send("PUT", limits, admin.token(), body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(422);
    }
    String cost = "resource_pools/" + pool.id() + "/classes/" + pool.classId() + "/cost";
    for (String body : List.of("{\"cost\": -1}", "{\"cost\": 1.5}", "{\"cost\": null}", "{}")) {
      var r = send("PUT", cost, admin.token(), body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(422);
    }

    Map<String, Object> reversed = reservation(pool.classId());
    @SuppressWarnings("unchecked")
    Map<String, Object> recurrence =
        new java.util.LinkedHashMap<>((Map<String, Object>) reversed.get("recurrence"));
    recurrence.put("start_date", "2099-02-01");
    recurrence.put("end_date", "2099-01-01");
    reversed = new java.util.LinkedHashMap<>(reversed);
    reversed.put("recurrence", recurrence);
    var r = send("POST", "capacity-reservations", admin.token(), reversed);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("end_date");
    assertThat(
            send("DELETE", "capacity-reservations/..%2F..%2Fetc", admin.token(), null).statusCode())
        .isIn(400, 404, 422);
  }

  private static Map<String, Object> reservation(int classId) {
    return Map.of(
        "name",
        "Attack course",
        "resource_class_id",
        classId,
        "recurrence",
        Map.of(
            "type",
            "daily",
            "start_date",
            "2099-01-01",
            "end_date",
            "2099-01-31",
            "schedule",
            List.of(Map.of("day_of_week", 1, "start_time", "08:00:00", "end_time", "10:00:00"))),
        "provisioning",
        Map.of("placeholder_count", 1, "lead_time_minutes", 0, "scale_down_behavior", "none"));
  }
}
