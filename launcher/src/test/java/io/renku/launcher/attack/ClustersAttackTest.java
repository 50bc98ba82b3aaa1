package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
 * Compute resources attacked through the gateway (issue 22): anonymous visitors and ordinary users
 * neither read nor change clusters, pool users, a user's pools or class tolerations and node
 * affinities; a user cannot list another user's pools nor give themselves a private pool; bad ids
 * are 4xx, never a 5xx; a pool on a remote cluster does not start sessions. What was refused wrote
 * nothing.
 */
@Timeout(300)
class ClustersAttackTest {
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

  private static String fresh(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Person person(String name, boolean admin) throws Exception {
    String token = platform.token(fresh(name), admin);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return new Person(token, AttackPlatform.json(me.body()).path("id").asString());
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws Exception {
    var r =
        platform.send(
            method, "/api/data" + path, token, body == null ? null : JSON.writeValueAsString(body));
    return answers.record(r);
  }

  private static Map<String, Object> cluster(String name) {
    return Map.of(
        "name",
        name,
        "config_name",
        name + ".yaml",
        "session_protocol",
        "http",
        "session_host",
        "sessions.example.org",
        "session_port",
        80,
        "session_path",
        "/",
        "session_ingress_annotations",
        Map.of());
  }

  private JsonNode privatePool(Person admin, String name) throws Exception {
    var r =
        send(
            "POST",
            "/resource_pools",
            admin.token(),
            Map.of(
                "name",
                name,
                "public",
                false,
                "classes",
                List.of(
                    Map.of(
                        "name",
                        "small",
                        "cpu",
                        0.5,
                        "memory",
                        1,
                        "max_storage",
                        2,
                        "default_storage",
                        1,
                        "tolerations",
                        List.of("gpu-node")))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body());
  }

  @Test
  void onlyAdministratorsReadOrWriteClusters() throws Exception {
    Person admin = person("cl-admin", true);
    Person mallory = person("cl-mallory", false);
    var created = send("POST", "/clusters", admin.token(), cluster(fresh("cluster")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = AttackPlatform.json(created.body()).path("id").asString();

    for (String token : new String[] {null, mallory.token()}) {
      int expected = token == null ? 401 : 403;
      assertThat(send("GET", "/clusters", token, null).statusCode()).isEqualTo(expected);
      assertThat(send("GET", "/clusters/" + id, token, null).statusCode()).isEqualTo(expected);
      assertThat(send("POST", "/clusters", token, cluster(fresh("evil"))).statusCode())
          .isEqualTo(expected);
      assertThat(send("PUT", "/clusters/" + id, token, cluster(fresh("evil"))).statusCode())
          .isEqualTo(expected);
      assertThat(send("PATCH", "/clusters/" + id, token, Map.of("session_port", 1)).statusCode())
          .isEqualTo(expected);
      assertThat(send("DELETE", "/clusters/" + id, token, null).statusCode()).isEqualTo(expected);
    }
    var after = send("GET", "/clusters/" + id, admin.token(), null);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(AttackPlatform.json(after.body()).path("session_port").asInt())
        .as("nothing written")
        .isEqualTo(80);

    for (String bad :
        new String[] {
          "not-a-ulid", "01AN4Z79ZS5XN0F25N3DB94T4R", "%27%20OR%201%3D1", "x".repeat(300)
        }) {
      int status = send("GET", "/clusters/" + bad, admin.token(), null).statusCode();
      assertThat(status).as(bad).isIn(404, 422);
    }
    assertThat(send("DELETE", "/clusters/" + id, admin.token(), null).statusCode()).isEqualTo(204);
  }

  @Test
  void usersNeitherSeeNorGrantPoolAccess() throws Exception {
    Person admin = person("rp-admin", true);
    Person victim = person("rp-victim", false);
    Person mallory = person("rp-mallory", false);
    JsonNode pool = privatePool(admin, fresh("Private"));
    int poolId = pool.path("id").asInt();
    int classId = pool.path("classes").get(0).path("id").asInt();
    var granted =
        send(
            "POST",
            "/resource_pools/" + poolId + "/users",
            admin.token(),
            List.of(Map.of("id", victim.id())));
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);

    String users = "/resource_pools/" + poolId + "/users";
    assertThat(send("GET", users, mallory.token(), null).statusCode()).isEqualTo(403);
    assertThat(send("GET", users + "/" + victim.id(), mallory.token(), null).statusCode())
        .isEqualTo(403);
    assertThat(
            send("GET", "/users/" + victim.id() + "/resource_pools", mallory.token(), null)
                .statusCode())
        .as("another user's pools")
        .isEqualTo(403);
    assertThat(
            send("POST", users, mallory.token(), List.of(Map.of("id", mallory.id()))).statusCode())
        .isEqualTo(403);
    assertThat(
            send("PUT", users, mallory.token(), List.of(Map.of("id", mallory.id()))).statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", users + "/" + victim.id(), mallory.token(), null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/users/" + mallory.id() + "/resource_pools",
                    mallory.token(),
                    List.of(poolId))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "PUT",
                    "/users/" + mallory.id() + "/resource_pools",
                    mallory.token(),
                    List.of(poolId))
                .statusCode())
        .isEqualTo(403);
    assertThat(send("POST", users, null, List.of(Map.of("id", mallory.id()))).statusCode())
        .isEqualTo(401);

    String cls = "/resource_pools/" + poolId + "/classes/" + classId;
    for (String sub : new String[] {"/tolerations", "/node_affinities"}) {
      assertThat(send("GET", cls + sub, mallory.token(), null).statusCode()).isEqualTo(403);
      assertThat(send("DELETE", cls + sub, mallory.token(), null).statusCode()).isEqualTo(403);
      assertThat(send("DELETE", cls + sub, null, null).statusCode()).isEqualTo(401);
    }

    var mine = send("GET", "/resource_pools", mallory.token(), null);
    assertThat(mine.body())
        .as("still invisible to mallory")
        .doesNotContain(pool.path("name").asString());
    var list = send("GET", users, admin.token(), null);
    assertThat(list.body()).contains(victim.id()).doesNotContain(mallory.id());
    var tolerations = send("GET", cls + "/tolerations", admin.token(), null);
    assertThat(tolerations.body()).as("nothing cleared").contains("gpu-node");

    for (String bad : new String[] {"abc", "-1", "99999999999", "1%20OR%201=1"}) {
      assertThat(send("GET", "/resource_pools/" + bad + "/users", admin.token(), null).statusCode())
          .as(bad)
          .isIn(404, 422);
      assertThat(
              send(
                      "GET",
                      "/resource_pools/" + poolId + "/classes/" + bad + "/tolerations",
                      admin.token(),
                      null)
                  .statusCode())
          .as(bad)
          .isIn(404, 422);
    }
    assertThat(send("GET", users + "/no-such-user", admin.token(), null).statusCode())
        .isEqualTo(404);
    assertThat(
            send("POST", "/users/" + victim.id() + "/resource_pools", admin.token(), List.of())
                .statusCode())
        .isEqualTo(422);
    assertThat(send("DELETE", "/resource_pools/" + poolId, admin.token(), null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void aPoolOnARemoteClusterStartsNoSessionHere() throws Exception {
    Person admin = person("rc-admin", true);
    var created = send("POST", "/clusters", admin.token(), cluster(fresh("remote")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String clusterId = AttackPlatform.json(created.body()).path("id").asString();
    var pool =
        send(
            "POST",
            "/resource_pools",
            admin.token(),
            Map.of(
                "name",
                fresh("On remote"),
                "public",
                true,
                "cluster_id",
                clusterId,
                "classes",
                List.of(
                    Map.of(
                        "name",
                        "small",
                        "cpu",
                        0.5,
                        "memory",
                        1,
                        "max_storage",
                        2,
                        "default_storage",
                        1))));
    assertThat(pool.statusCode()).as(pool.body()).isEqualTo(201);
    JsonNode p = AttackPlatform.json(pool.body());
    assertThat(p.path("cluster").path("id").asString()).isEqualTo(clusterId);
    Person user = person("rc-user", false);
    var seen = send("GET", "/resource_pools/" + p.path("id").asInt(), user.token(), null);
    assertThat(seen.statusCode()).isEqualTo(200);
    assertThat(seen.body())
        .as("users see the cluster's id only, not its settings")
        .doesNotContain("config_name")
        .doesNotContain(".yaml");
    // A session on it is refused before anything starts (no launcher needed to be refused: the
    // class is checked as soon as it is named).
    var refused =
        send(
            "POST",
            "/sessions",
            user.token(),
            Map.of(
                "launcher_id",
                "01AN4Z79ZS5XN0F25N3DB94T4R",
                "resource_class_id",
                p.path("classes").get(0).path("id").asInt()));
    assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
    assertThat(
            send("DELETE", "/resource_pools/" + p.path("id").asInt(), admin.token(), null)
                .statusCode())
        .isEqualTo(204);
    assertThat(send("DELETE", "/clusters/" + clusterId, admin.token(), null).statusCode())
        .isEqualTo(204);
  }
}
