package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Data deposits ({@code /deposits}, decision 0045) attacked through the gateway: a visitor without
 * a login is refused everything (401); another user's private connector is 404 before anything else
 * is looked at (so its existence does not leak through the Zenodo connection check); a user without
 * a Zenodo connection gets 401 and nothing is written; made-up deposit ids are 404 for every
 * operation; bad bodies (unknown provider, path escapes, oversized names, wrong types) are 4xx. No
 * answer is a 5xx or carries a stack trace. (The upload itself is tested in the data service's
 * {@code DepositApiTest} against a Zenodo on loopback.)
 */
@Timeout(300)
class DepositAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private record Person(String token, String namespace) {}

  private final AnswerLog answers = new AnswerLog();

  @AfterEach
  void noServerErrors() {
    answers.assertNoServerErrors();
  }

  private static Person person(String name) throws Exception {
    String token = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), false);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return new Person(token, AttackPlatform.json(me.body()).path("username").asString());
  }

  private HttpResponse<String> send(String method, String path, Person who, Object body)
      throws Exception {
    return send(method, path, who, body, Map.of());
  }

  private HttpResponse<String> send(
      String method, String path, Person who, Object body, Map<String, String> headers)
      throws Exception {
    var r =
        platform.send(
            method,
            "/api/data/" + path,
            who == null ? null : who.token(),
            body == null ? null : (body instanceof String s ? s : JSON.writeValueAsString(body)),
            headers);
    return answers.record(r);
  }

  private String connector(Person owner, String visibility) throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", "webdav");
    config.put("url", "https://dav.example.org/webdav/");
    var r =
        send(
            "POST",
            "data_connectors",
            owner,
            Map.of(
                "name",
                "Deposit source " + visibility,
                "namespace",
                owner.namespace(),
                "visibility",
                visibility,
                "storage",
                Map.of("configuration", config, "source_path", "data", "target_path", "d")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  private static Map<String, Object> deposit(String name, Object provider, Object dc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("provider", provider);
    m.put("data_connector_id", dc);
    return m;
  }

  private static int count(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = AttackPlatform.json(r.body());
    return n.size();
  }

  @Test
  void strangersAndVisitorsGetNothing() throws Exception {
    Person victim = person("dep-victim");
    Person thief = person("dep-thief");
    String hidden = connector(victim, "private");
    String open = connector(victim, "public");

    // another user's private connector is 404, before the Zenodo connection is asked for
    var r = send("POST", "deposits", thief, deposit("Loot", "zenodo", hidden));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(send("GET", "data_connectors/" + hidden + "/deposits", thief, null).statusCode())
        .isEqualTo(404);
    // a public one is readable, but depositing needs the user's own Zenodo connection
    r = send("POST", "deposits", thief, deposit("Copy", "zenodo", open));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(count(send("GET", "deposits", thief, null))).isZero();
    assertThat(count(send("GET", "data_connectors/" + open + "/deposits", thief, null))).isZero();

    // visitors without a login
    assertThat(send("POST", "deposits", null, deposit("V", "zenodo", open)).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "deposits", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "data_connectors/" + open + "/deposits", null, null).statusCode())
        .isEqualTo(401);

    // made-up deposit ids, for a user and for a visitor
    String made = Ulid.next();
    for (Person who : new Person[] {thief, null}) {
      int expected = who == null ? 401 : 404;
      assertThat(send("GET", "deposits/" + made, who, null).statusCode()).isEqualTo(expected);
      assertThat(send("GET", "deposits/" + made + "/logs", who, null).statusCode())
          .isEqualTo(expected);
      assertThat(send("POST", "deposits/" + made + "/job", who, null).statusCode())
          .isEqualTo(expected);
      assertThat(send("DELETE", "deposits/" + made, who, null).statusCode()).isEqualTo(expected);
      assertThat(
              send(
                      "PATCH",
                      "deposits/" + made,
                      who,
                      Map.of("status", "complete"),
                      Map.of("If-Match", "*"))
                  .statusCode())
          .isEqualTo(expected);
    }
  }

  @Test
  void badBodiesAreRefusedAndWriteNothing() throws Exception {
    Person user = person("dep-bad");
    String dc = connector(user, "private");
    List<Object> bodies = new ArrayList<>();
    bodies.add(deposit("E", "envidat", dc));
    bodies.add(deposit("E", "figshare", dc));
    bodies.add(deposit("E", 7, dc));
    bodies.add(deposit("", "zenodo", dc));
    bodies.add(deposit("x".repeat(5000), "zenodo", dc));
    bodies.add(deposit("E", "zenodo", "../../secret_key"));
    bodies.add(deposit("E", "zenodo", List.of(dc)));
    Map<String, Object> escape = deposit("E", "zenodo", dc);
    escape.put("path", "/../../../etc");
    bodies.add(escape);
    Map<String, Object> control = deposit("E", "zenodo", dc);
    control.put("path", "/a\u0000b");
    bodies.add(control);
    Map<String, Object> extra = deposit("E", "zenodo", dc);
    extra.put("user_id", "someone-else");
    bodies.add(extra);
    bodies.add("[]");
    bodies.add("{");
    for (Object body : bodies) {
      var r = send("POST", "deposits", user, body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isBetween(400, 499);
    }
    assertThat(count(send("GET", "deposits", user, null))).isZero();
    // a deposit id that is not a ULID
    assertThat(send("GET", "deposits/..%2F..%2Fuser", user, null).statusCode()).isBetween(400, 404);
    assertThat(send("GET", "deposits/not-a-ulid/logs", user, null).statusCode()).isEqualTo(422);
    assertThat(send("GET", "deposits?per_page=100000", user, null).statusCode()).isEqualTo(422);
  }
}
