package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /capacity-reservations}: administrators only, checked input, stored and listed. */
class CapacityReservationApiTest extends ApiTest {
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  private static Map<String, Object> reservation(int classId) {
    Map<String, Object> recurrence = new LinkedHashMap<>();
    recurrence.put("type", "weekly");
    recurrence.put("start_date", TODAY.plusDays(1).toString());
    recurrence.put("end_date", TODAY.plusDays(60).toString());
    recurrence.put(
        "schedule",
        List.of(Map.of("day_of_week", 1, "start_time", "08:00:00", "end_time", "12:30:00")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Monday Morning Course");
    body.put("resource_class_id", classId);
    body.put("recurrence", recurrence);
    body.put(
        "provisioning",
        Map.of("placeholder_count", 3, "lead_time_minutes", 30, "scale_down_behavior", "reduce"));
    return body;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(Map<String, Object> body, String path, Object value) {
    Map<String, Object> copy = deepCopy(body);
    String[] parts = path.split("\\.");
    Map<String, Object> at = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      at = (Map<String, Object>) at.get(parts[i]);
    }
    at.put(parts[parts.length - 1], value);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> inner) {
            out.put(k, deepCopy((Map<String, Object>) inner));
          } else if (v instanceof List<?> list) {
            out.put(k, new ArrayList<>(list));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  @Test
  void adminsCreateListAndDeleteReservations() {
    Api admin = api.as(TestUser.randomAdmin("resadmin"));
    TestUser user = TestUser.random("resuser");
    register(api, user);
    JsonNode pool = createPool(admin, "Reserved pool", true);
    int classId = pool.path("classes").get(0).path("id").asInt();
    Map<String, Object> body = reservation(classId);

    assertThat(api.anonymous().post("capacity-reservations", body).status()).isEqualTo(401);
    assertThat(api.as(user).post("capacity-reservations", body).status()).isEqualTo(403);
    assertThat(api.as(user).get("capacity-reservations").status()).isEqualTo(403);

    var created = admin.post("capacity-reservations", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode r = created.json();
    String id = r.path("id").asString();
    assertThat(id).hasSize(26);
    assertThat(r.path("name").asString()).isEqualTo("Monday Morning Course");
    assertThat(r.path("resource_class_id").asInt()).isEqualTo(classId);
    assertThat(r.path("recurrence").path("type").asString()).isEqualTo("weekly");
    assertThat(r.path("recurrence").path("start_date").asString())
        .isEqualTo(TODAY.plusDays(1).toString());
    JsonNode window = r.path("recurrence").path("schedule").get(0);
    assertThat(window.path("day_of_week").asInt()).isEqualTo(1);
    assertThat(window.path("start_time").asString()).isEqualTo("08:00:00");
    assertThat(window.path("end_time").asString()).isEqualTo("12:30:00");
    assertThat(r.path("provisioning").path("placeholder_count").asInt()).isEqualTo(3);
    assertThat(r.path("provisioning").path("scale_down_behavior").asString()).isEqualTo("reduce");

    var list = admin.get("capacity-reservations");
    assertThat(list.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    list.json().forEach(n -> ids.add(n.path("id").asString()));
    assertThat(ids).contains(id);
    JsonNode listed = null;
    for (JsonNode n : list.json()) {
      if (n.path("id").asString().equals(id)) {
        listed = n;
      }
    }
    assertThat(listed.path("recurrence").path("schedule").get(0).path("end_time").asString())
        .as("read back from the table")
        .isEqualTo("12:30:00");

    assertThat(api.as(user).delete("capacity-reservations/" + id).status()).isEqualTo(403);
    assertThat(admin.delete("capacity-reservations/" + id).status()).isEqualTo(204);
    assertThat(admin.delete("capacity-reservations/" + id).status()).isEqualTo(404);
    assertThat(admin.delete("capacity-reservations/not-a-ulid").status()).isEqualTo(422);

    // Deleting the class takes its reservations with it.
    var again = admin.post("capacity-reservations", body);
    assertThat(again.status()).isEqualTo(201);
    String poolId = pool.path("id").asString();
    int secondClass = pool.path("classes").get(1).path("id").asInt();
    assertThat(
            admin
                .patch(
                    "resource_pools/" + poolId + "/classes/" + secondClass, Map.of("default", true))
                .status())
        .isEqualTo(200);
    assertThat(admin.delete("resource_pools/" + poolId + "/classes/" + classId).status())
        .isEqualTo(204);
    assertThat(admin.get("capacity-reservations").body()).doesNotContain(again.field("id"));
  }

  @Test
  void badReservationsAre422NamingTheField() {
    Api admin = api.as(TestUser.randomAdmin("resbad"));
    JsonNode pool = createPool(admin, "Reserved pool 2", true);
    int classId = pool.path("classes").get(0).path("id").asInt();
    Map<String, Object> body = reservation(classId);
    Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
    bad.put(
        "recurrence.end_date",
        with(body, "recurrence.end_date", TODAY.toString())); // before start (tomorrow)
    bad.put(
        "recurrence.start_date",
        with(
            with(body, "recurrence.start_date", TODAY.minusDays(3).toString()),
            "recurrence.end_date",
            TODAY.plusDays(3).toString()));
    bad.put("recurrence.schedule", with(body, "recurrence.schedule", List.of()));
    bad.put(
        "recurrence.schedule[0].end_time",
        with(
            body,
            "recurrence.schedule",
            List.of(Map.of("day_of_week", 2, "start_time", "10:00:00", "end_time", "09:00:00"))));
    bad.put(
        "recurrence.schedule[0].start_time",
        with(
            body,
            "recurrence.schedule",
            List.of(Map.of("day_of_week", 2, "start_time", "25:00", "end_time", "09:00:00"))));
    bad.put("resource_class_id", with(body, "resource_class_id", 999999));
    bad.put("placeholder_count", with(body, "provisioning.placeholder_count", 0));
    bad.put("lead_time_minutes", with(body, "provisioning.lead_time_minutes", 181));
    bad.put("scale_down_behavior", with(body, "provisioning.scale_down_behavior", "sometimes"));
    bad.put("type", with(body, "recurrence.type", "hourly"));
    bad.put("name", with(body, "name", "x".repeat(41)));
    bad.put("project_template_id", with(body, "project_template_id", "nope"));
    bad.put("unknown", with(body, "unknown", 1));

    int before = admin.get("capacity-reservations").json().size();
    bad.forEach(
        (field, b) -> {
          var r = admin.post("capacity-reservations", b);
          assertThat(r.status()).as(field + ": " + r.body()).isEqualTo(422);
          assertThat(r.body()).as(field).contains(field);
        });
    assertThat(admin.get("capacity-reservations").json().size())
        .as("nothing written")
        .isEqualTo(before);

    var sameDay =
        admin.post(
            "capacity-reservations",
            with(
                with(body, "recurrence.type", "once"),
                "recurrence.end_date",
                TODAY.plusDays(1).toString()));
    assertThat(sameDay.status()).as("one day: end on start").isEqualTo(201);
  }
}
