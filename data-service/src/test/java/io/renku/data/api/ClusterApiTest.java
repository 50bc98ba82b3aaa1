package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.resourceClass;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /clusters}, pools on a cluster and pools that start their sessions remotely. */
class ClusterApiTest extends ApiTest {

  static Map<String, Object> cluster(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config_name", name.replaceAll("[^a-zA-Z0-9]", "-") + ".yaml");
    body.put("session_protocol", "http");
    body.put("session_host", "sessions.example.org");
    body.put("session_port", 80);
    body.put("session_path", "/sessions");
    body.put("session_ingress_annotations", Map.of("a.example/b", "c"));
    return body;
  }

  /** Creates a cluster and returns its id. */
  static String createCluster(Api admin) {
    var r = admin.post("clusters", cluster(slug("cluster")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  @Test
  void adminsManageClustersOthersMayNotEvenRead() {
    Api admin = api.as(TestUser.randomAdmin("cladmin"));
    Api user = api.as(TestUser.random("cluser"));
    String name = slug("remote");
    Map<String, Object> body = cluster(name);

    assertThat(api.anonymous().get("clusters").status()).isEqualTo(401);
    assertThat(user.get("clusters").status()).as("as the original: admins only").isEqualTo(403);
    assertThat(user.post("clusters", body).status()).isEqualTo(403);

    var created = admin.post("clusters", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    assertThat(id).hasSize(26);
    assertThat(created.field("config_name")).isEqualTo(body.get("config_name"));
    assertThat(created.json().path("session_port").asInt()).isEqualTo(80);
    assertThat(created.json().path("session_ingress_annotations").path("a.example/b").asString())
        .isEqualTo("c");
    assertThat(created.json().path("session_ingress_use_default_cluster_tls_cert").asBoolean())
        .isFalse();
    assertThat(user.get("clusters/" + id).status()).isEqualTo(403);
    assertThat(admin.get("clusters/" + id).field("name")).isEqualTo(name);
    assertThat(Fixtures.ids(admin.get("clusters"))).contains(id);

    var taken = admin.post("clusters", cluster(name));
    assertThat(taken.status()).as("same name and config name").isEqualTo(409);
    Map<String, Object> sameConfig = cluster(slug("other"));
    sameConfig.put("config_name", body.get("config_name"));
    assertThat(admin.post("clusters", sameConfig).status()).isEqualTo(409);

    Map<String, Object> https = new LinkedHashMap<>(body);
    https.put("session_protocol", "https");
    https.put("session_tls_secret_name", "tls-secret");
    var put = admin.put("clusters/" + id, https);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.field("session_protocol")).isEqualTo("https");
    assertThat(put.field("session_tls_secret_name")).isEqualTo("tls-secret");

    assertThat(user.patch("clusters/" + id, Map.of("session_port", 8080)).status()).isEqualTo(403);
    var patched =
        admin.patch(
            "clusters/" + id,
            Map.of(
                "session_port",
                8443,
                "session_tls_secret_name",
                "",
                "session_ingress_use_default_cluster_tls_cert",
                true));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("session_port").asInt()).isEqualTo(8443);
    assertThat(patched.json().has("session_tls_secret_name")).as("removed").isFalse();
    assertThat(patched.json().path("session_ingress_use_default_cluster_tls_cert").asBoolean())
        .isTrue();
    assertThat(patched.field("name")).as("kept").isEqualTo(name);

    String unknown = "01AN4Z79ZS5XN0F25N3DB94T4R";
    assertThat(admin.get("clusters/" + unknown).status()).isEqualTo(404);
    assertThat(admin.put("clusters/" + unknown, cluster(slug("gone"))).status()).isEqualTo(404);
    assertThat(admin.patch("clusters/" + unknown, Map.of("session_port", 1)).status())
        .isEqualTo(404);

    assertThat(user.delete("clusters/" + id).status()).isEqualTo(403);
    assertThat(admin.delete("clusters/" + id).status()).isEqualTo(204);
    assertThat(admin.get("clusters/" + id).status()).isEqualTo(404);
    assertThat(admin.delete("clusters/" + id).status()).as("gone is fine").isEqualTo(204);
  }

  @Test
  void badClustersAreRefusedNamingTheFieldAndNotWritten() {
    Api admin = api.as(TestUser.randomAdmin("clbad"));
    Map<String, Object> cases = new LinkedHashMap<>();
    cases.put("config_name", "no-yaml-suffix");
    cases.put("session_protocol", "ftp");
    cases.put("session_port", 70000);
    cases.put("session_host", "bad host!");
    cases.put("name", "abc");
    for (var c : cases.entrySet()) {
      Map<String, Object> body = cluster(slug("bad"));
      body.put(c.getKey(), c.getValue());
      var r = admin.post("clusters", body);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(message(r)).as(c.getKey()).contains(c.getKey());
    }
    Map<String, Object> missing = cluster(slug("bad"));
    missing.remove("session_path");
    assertThat(admin.post("clusters", missing).status()).isEqualTo(422);

    String name = slug("tls");
    Map<String, Object> noCert = cluster(name);
    noCert.put("session_protocol", "https");
    var r = admin.post("clusters", noCert);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(message(r)).contains("session_tls_secret_name");
    Map<String, Object> both = new LinkedHashMap<>(noCert);
    both.put("session_tls_secret_name", "secret");
    both.put("session_ingress_use_default_cluster_tls_cert", true);
    assertThat(admin.post("clusters", both).status()).isEqualTo(422);
    assertThat(Fixtures.values(admin.get("clusters"), "name")).doesNotContain(name);
  }

  @Test
  void aPoolOnAClusterAnswersItAndKeepsRunningWhenTheClusterGoes() {
    Api admin = api.as(TestUser.randomAdmin("clpool"));
    String cluster = createCluster(admin);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", slug("On cluster"));
    body.put("public", true);
    body.put("cluster_id", cluster);
    body.put("classes", List.of(resourceClass("small", 1, 2)));
    var created = admin.post("resource_pools", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("cluster").path("id").asString()).isEqualTo(cluster);
    assertThat(created.json().path("cluster_id").asString()).isEqualTo(cluster);
    String pool = created.field("id");

    String unknownName = slug("Unknown cluster");
    Map<String, Object> unknown = new LinkedHashMap<>(body);
    unknown.put("name", unknownName);
    unknown.put("cluster_id", "01AN4Z79ZS5XN0F25N3DB94T4R");
    var refused = admin.post("resource_pools", unknown);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(message(refused)).contains("cluster_id");
    assertThat(Fixtures.values(admin.get("resource_pools"), "name")).doesNotContain(unknownName);
    var badPatch =
        admin.patch("resource_pools/" + pool, Map.of("cluster_id", "01AN4Z79ZS5XN0F25N3DB94T4R"));
    assertThat(badPatch.status()).isEqualTo(422);
    assertThat(admin.get("resource_pools/" + pool).json().path("cluster").path("id").asString())
        .as("unchanged")
        .isEqualTo(cluster);

    assertThat(admin.delete("clusters/" + cluster).status()).isEqualTo(204);
    JsonNode after = admin.get("resource_pools/" + pool).json();
    assertThat(after.has("cluster")).as("as the original's foreign key").isFalse();
    assertThat(after.has("cluster_id")).isFalse();
    assertThat(admin.delete("resource_pools/" + pool).status()).isEqualTo(204);
  }

  @Test
  void remotePoolsAreStoredAndCheckedAsTheOriginalDoes() {
    Api admin = api.as(TestUser.randomAdmin("clremote"));
    Map<String, Object> firecrest = new LinkedHashMap<>();
    firecrest.put("kind", "firecrest");
    firecrest.put("provider_id", "cscs");
    firecrest.put("api_url", "https://api.example.org/firecrest/v2");
    firecrest.put("system_name", "eiger");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", slug("Remote pool"));
    body.put("public", false);
    body.put("remote", firecrest);
    body.put("classes", List.of(resourceClass("small", 1, 2)));
    var created = admin.post("resource_pools", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String pool = created.field("id");
    JsonNode remote = created.json().path("remote");
    assertThat(remote.path("kind").asString()).isEqualTo("firecrest");
    assertThat(remote.path("api_url").asString()).isEqualTo(firecrest.get("api_url"));
    assertThat(remote.path("system_name").asString()).isEqualTo("eiger");
    assertThat(remote.path("provider_id").asString()).isEqualTo("cscs");
    assertThat(remote.has("partition")).isFalse();

    Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
    refused.put("remote", Map.of("public", true));
    refused.put("remote ", Map.of("public", true, "default", true));
    refused.put(
        "remote.api_url",
        Map.of(
            "remote", Map.of("kind", "firecrest", "api_url", "http://x.org", "system_name", "a")));
    refused.put(
        "remote.system_name",
        Map.of("remote", Map.of("kind", "firecrest", "api_url", "https://x.org")));
    refused.put("remote.base_url", Map.of("remote", Map.of("kind", "runai")));
    refused.put("remote.kind", Map.of("remote", Map.of("base_url", "https://x.org")));
    for (var c : refused.entrySet()) {
      Map<String, Object> bad = new LinkedHashMap<>(body);
      bad.putAll(c.getValue());
      var r = admin.post("resource_pools", bad);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(message(r)).as(c.getKey()).contains(c.getKey().strip());
    }
    var badKind = new LinkedHashMap<>(body);
    badKind.put("remote", Map.of("kind", "slurm"));
    assertThat(admin.post("resource_pools", badKind).status()).isEqualTo(422);

    var partition =
        admin.patch("resource_pools/" + pool, Map.of("remote", Map.of("partition", "normal")));
    assertThat(partition.status()).as(partition.body()).isEqualTo(200);
    assertThat(partition.json().path("remote").path("partition").asString()).isEqualTo("normal");
    assertThat(partition.json().path("remote").path("system_name").asString())
        .as("kept")
        .isEqualTo("eiger");
    var otherKind =
        admin.patch(
            "resource_pools/" + pool,
            Map.of("remote", Map.of("kind", "runai", "base_url", "https://run.example.org")));
    assertThat(otherKind.status()).isEqualTo(422);
    assertThat(message(otherKind)).contains("remote.kind");
    var makePublic = admin.patch("resource_pools/" + pool, Map.of("public", true));
    assertThat(makePublic.status()).as("a remote pool stays private").isEqualTo(422);
    assertThat(admin.get("resource_pools/" + pool).json().path("public").asBoolean()).isFalse();
    var quota =
        admin.put("resource_pools/" + pool + "/quota", Map.of("cpu", 4, "memory", 8, "gpu", 0));
    assertThat(quota.status()).as(quota.body()).isEqualTo(200);
    assertThat(admin.get("resource_pools/" + pool).json().path("remote").path("kind").asString())
        .as("a quota change keeps the remote")
        .isEqualTo("firecrest");

    var reset = admin.patch("resource_pools/" + pool, Map.of("remote", Map.of()));
    assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    assertThat(reset.json().has("remote")).as("an empty remote removes it").isFalse();

    var existing = new LinkedHashMap<>(resourceClass("small", 1, 2));
    existing.put("id", created.json().path("classes").get(0).path("id").asInt());
    Map<String, Object> runai = new LinkedHashMap<>(body);
    runai.put("default", false);
    runai.put("classes", List.of(existing));
    runai.put("remote", Map.of("kind", "runai", "base_url", "https://run.example.org"));
    var put = admin.put("resource_pools/" + pool, runai);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().path("remote").path("base_url").asString())
        .isEqualTo("https://run.example.org");
    Map<String, Object> local = new LinkedHashMap<>(runai);
    local.remove("remote");
    var putLocal = admin.put("resource_pools/" + pool, local);
    assertThat(putLocal.status()).as(putLocal.body()).isEqualTo(200);
    assertThat(putLocal.json().has("remote")).as("PUT replaces it").isFalse();
    assertThat(admin.delete("resource_pools/" + pool).status()).isEqualTo(204);
  }

  @Test
  void sessionsOfAPoolThatRunsElsewhereAreRefusedClearly() {
    Api admin = api.as(TestUser.randomAdmin("clsession"));
    TestUser owner = TestUser.random("clowner");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("remote"), "private").path("id").asString();
    var env =
        admin.post(
            "environments",
            Map.of("name", "Lab", "container_image", "quay.io/jupyter/minimal-notebook"));
    assertThat(env.status()).as(env.body()).isEqualTo(201);
    Map<String, Object> launcher = new LinkedHashMap<>();
    launcher.put("name", "Lab");
    launcher.put("project_id", projectId);
    launcher.put("environment", Map.of("id", env.field("id")));
    var created = api.as(owner).post("session_launchers", launcher);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String launcherId = created.field("id");

    Map<String, Object> onCluster = new LinkedHashMap<>();
    onCluster.put("name", slug("Elsewhere"));
    onCluster.put("public", true);
    onCluster.put("cluster_id", createCluster(admin));
    onCluster.put("classes", List.of(resourceClass("small", 1, 2)));
    var pool = admin.post("resource_pools", onCluster);
    assertThat(pool.status()).as(pool.body()).isEqualTo(201);
    int classId = pool.json().path("classes").get(0).path("id").asInt();

    var refused =
        api.as(owner)
            .post("sessions", Map.of("launcher_id", launcherId, "resource_class_id", classId));
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(message(refused)).contains("remote cluster");
    assertThat(api.as(owner).get("sessions").json().size()).as("nothing started").isZero();

    Map<String, Object> remote = new LinkedHashMap<>(onCluster);
    remote.remove("cluster_id");
    remote.put("name", slug("Remote"));
    remote.put("public", false);
    remote.put("remote", Map.of("kind", "runai", "base_url", "https://run.example.org"));
    var remotePool = admin.post("resource_pools", remote);
    assertThat(remotePool.status()).as(remotePool.body()).isEqualTo(201);
    var member =
        admin.post(
            "resource_pools/" + remotePool.field("id") + "/members",
            List.of(Map.of("member_type", "user", "id", owner.id())));
    assertThat(member.status()).isEqualTo(201);
    int remoteClass = remotePool.json().path("classes").get(0).path("id").asInt();
    var remoteRefused =
        api.as(owner)
            .post("sessions", Map.of("launcher_id", launcherId, "resource_class_id", remoteClass));
    assertThat(remoteRefused.status()).as(remoteRefused.body()).isEqualTo(409);
    assertThat(message(remoteRefused)).contains("remotely");
    assertThat(api.as(owner).get("sessions").json().size()).isZero();
  }
}
