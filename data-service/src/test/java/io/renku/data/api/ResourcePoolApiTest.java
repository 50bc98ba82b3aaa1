package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.message;
import static io.renku.data.api.Fixtures.poolIds;
import static io.renku.data.api.Fixtures.resourceClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.crc.DefaultPoolStartup;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code /resource_pools}, their classes and quotas: what admins manage and how it is checked. */
class ResourcePoolApiTest extends ApiTest {
  @Autowired DefaultPoolStartup startup;

  private static JsonNode defaultPool(Api who) {
    var r = who.get("resource_pools");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> defaults = new ArrayList<>();
    r.json()
        .forEach(
            p -> {
              if (p.path("default").asBoolean()) {
                defaults.add(p);
              }
            });
    assertThat(defaults).as("exactly one default pool in %s", r.body()).hasSize(1);
    return defaults.getFirst();
  }

  private static JsonNode classNamed(JsonNode pool, String name) {
    for (JsonNode c : pool.path("classes")) {
      if (c.path("name").asString().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no class " + name + " in " + pool);
  }

  @Test
  void theDefaultPoolExistsFromTheStartAndStartingAgainChangesNothing() throws Exception {
    JsonNode pool = defaultPool(api.anonymous());
    assertThat(pool.path("name").asString()).isEqualTo("Default pool");
    assertThat(pool.path("public").asBoolean()).isTrue();
    assertThat(pool.path("platform").asString()).isEqualTo("linux/amd64");
    JsonNode small = classNamed(pool, "small");
    assertThat(small.path("default").asBoolean()).isTrue();
    assertThat(small.path("cpu").asDouble()).isEqualTo(0.5);
    assertThat(small.path("memory").asLong()).isEqualTo(1);
    assertThat(small.path("gpu").asLong()).isZero();
    assertThat(small.path("default_storage").asLong()).isEqualTo(1);
    assertThat(small.path("max_storage").asLong()).isEqualTo(10);
    JsonNode medium = classNamed(pool, "medium");
    assertThat(medium.path("default").asBoolean()).isFalse();
    assertThat(medium.path("cpu").asDouble()).isEqualTo(1.0);
    assertThat(medium.path("memory").asLong()).isEqualTo(2);
    assertThat(medium.path("max_storage").asLong()).isEqualTo(20);

    startup.run(null);
    startup.run(null);
    Api admin = api.as(TestUser.randomAdmin("crcstart"));
    JsonNode again = defaultPool(admin);
    assertThat(again.path("id").asInt()).isEqualTo(pool.path("id").asInt());
    long named = 0;
    for (JsonNode p : admin.get("resource_pools").json()) {
      if (p.path("name").asString().equals("Default pool")) {
        named++;
      }
    }
    assertThat(named).as("no second default pool").isEqualTo(1);

    String id = pool.path("id").asString();
    var delete = admin.delete("resource_pools/" + id);
    assertThat(delete.status()).as(delete.body()).isEqualTo(409);
    assertThat(message(delete)).contains("default");
    var undefault = admin.patch("resource_pools/" + id, Map.of("default", false));
    assertThat(undefault.status()).isEqualTo(422);
    assertThat(message(undefault)).contains("default");
    assertThat(api.get("resource_pools/" + id).status()).isEqualTo(200);
  }

  @Test
  void makingAnotherPoolTheDefaultMovesTheFlag() {
    Api admin = api.as(TestUser.randomAdmin("crcmove"));
    String original = defaultPool(admin).path("id").asString();
    String pool = createPool(admin, "Next default", true).path("id").asString();
    String created = null;
    try {
      var moved = admin.patch("resource_pools/" + pool, Map.of("default", true));
      assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      assertThat(moved.json().path("default").asBoolean()).isTrue();
      assertThat(defaultPool(admin).path("id").asString()).isEqualTo(pool);
      assertThat(admin.get("resource_pools/" + original).json().path("default").asBoolean())
          .isFalse();
      assertThat(admin.delete("resource_pools/" + pool).status()).isEqualTo(409);

      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "Created default");
      body.put("public", true);
      body.put("default", true);
      var c = admin.post("resource_pools", body);
      assertThat(c.status()).as(c.body()).isEqualTo(201);
      created = c.json().path("id").asString();
      assertThat(defaultPool(admin).path("id").asString()).isEqualTo(created);
    } finally {
      var back = admin.patch("resource_pools/" + original, Map.of("default", true));
      assertThat(back.status()).as(back.body()).isEqualTo(200);
    }
    assertThat(defaultPool(api.anonymous()).path("id").asString()).isEqualTo(original);
    assertThat(admin.delete("resource_pools/" + pool).status()).isEqualTo(204);
    assertThat(admin.delete("resource_pools/" + created).status()).isEqualTo(204);
  }

  @Test
  void adminsManagePoolsOthersMayNot() {
    Api admin = api.as(TestUser.randomAdmin("crcadmin"));
    Api user = api.as(TestUser.random("crcuser"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "GPU pool");
    body.put("public", true);
    body.put("idle_threshold", 3600);
    body.put("hibernation_threshold", 86400);
    body.put("hibernation_warning_period", 0);
    String cluster = ClusterApiTest.createCluster(admin);
    body.put("cluster_id", cluster);
    body.put("platform", "linux/arm64");
    body.put("cpu_limit_factor", 2.5);
    body.put("classes", List.of(resourceClass("gpu-small", 1, 4)));

    assertThat(api.anonymous().post("resource_pools", body).status()).isEqualTo(401);
    assertThat(user.post("resource_pools", body).status()).isEqualTo(403);

    var created = admin.post("resource_pools", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode pool = created.json();
    String id = pool.path("id").asString();
    assertThat(pool.path("name").asString()).isEqualTo("GPU pool");
    assertThat(pool.path("default").asBoolean()).isFalse();
    assertThat(pool.path("idle_threshold").asInt()).isEqualTo(3600);
    assertThat(pool.has("hibernation_warning_period")).as("0 means none").isFalse();
    assertThat(pool.path("cluster_id").asString()).isEqualTo(cluster);
    assertThat(pool.path("cluster").path("id").asString()).isEqualTo(cluster);
    assertThat(pool.path("platform").asString()).isEqualTo("linux/arm64");
    assertThat(pool.path("cpu_limit_factor").asDouble()).isEqualTo(2.5);
    assertThat(pool.has("quota")).isFalse();
    JsonNode only = pool.path("classes").get(0);
    assertThat(only.path("default").asBoolean()).as("a single class is the default").isTrue();
    assertThat(only.path("quota_enforced").asBoolean()).isTrue();
    assertThat(only.path("tolerations").size()).isZero();

    assertThat(user.get("resource_pools/" + id).status()).as("public").isEqualTo(200);
    assertThat(poolIds(api.anonymous().get("resource_pools"))).contains(id);

    assertThat(user.patch("resource_pools/" + id, Map.of("name", "Renamed")).status())
        .isEqualTo(403);
    var patched =
        admin.patch(
            "resource_pools/" + id,
            Map.of("name", "Renamed pool", "public", false, "cpu_limit_factor", 0));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("name").asString()).isEqualTo("Renamed pool");
    assertThat(patched.json().has("cpu_limit_factor")).as("0 removes it").isFalse();
    assertThat(patched.json().path("idle_threshold").asInt()).as("kept").isEqualTo(3600);
    assertThat(user.get("resource_pools/" + id).status()).as("private now").isEqualTo(404);
    assertThat(poolIds(user.get("resource_pools"))).doesNotContain(id);
    assertThat(poolIds(admin.get("resource_pools"))).contains(id);

    int classId = only.path("id").asInt();
    Map<String, Object> put = new LinkedHashMap<>();
    put.put("name", "Replaced pool");
    put.put("public", true);
    put.put("default", false);
    Map<String, Object> cls = new LinkedHashMap<>(resourceClass("gpu-large", 4, 16));
    cls.put("id", classId);
    put.put("classes", List.of(cls));
    put.put("quota", Map.of("cpu", 8, "memory", 32, "gpu", 1));
    assertThat(user.put("resource_pools/" + id, put).status()).isEqualTo(403);
    var replaced = admin.put("resource_pools/" + id, put);
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    JsonNode r = replaced.json();
    assertThat(r.path("name").asString()).isEqualTo("Replaced pool");
    assertThat(r.has("idle_threshold")).as("PUT replaces everything").isFalse();
    assertThat(r.path("platform").asString()).isEqualTo("linux/amd64");
    assertThat(r.path("quota").path("cpu").asDouble()).isEqualTo(8.0);
    assertThat(r.path("quota").path("id").asString()).isNotBlank();
    assertThat(r.path("classes").get(0).path("name").asString()).isEqualTo("gpu-large");
    assertThat(r.path("classes").get(0).path("default").asBoolean()).isTrue();
    assertThat(user.get("resource_pools/" + id).status()).isEqualTo(200);

    assertThat(user.delete("resource_pools/" + id).status()).isEqualTo(403);
    assertThat(admin.delete("resource_pools/" + id).status()).isEqualTo(204);
    assertThat(admin.get("resource_pools/" + id).status()).isEqualTo(404);
    assertThat(api.get("classes/" + classId).status()).as("classes go too").isEqualTo(404);
    assertThat(admin.delete("resource_pools/" + id).status()).as("twice").isEqualTo(204);
  }

  @Test
  void classesHaveExactlyOneDefaultAndCanBeChanged() {
    Api admin = api.as(TestUser.randomAdmin("crcclass"));
    Api user = api.as(TestUser.random("crcclassuser"));
    var empty = admin.post("resource_pools", Map.of("name", "Empty pool", "public", true));
    assertThat(empty.status()).as(empty.body()).isEqualTo(201);
    String pool = empty.json().path("id").asString();
    assertThat(empty.json().path("classes").size()).isZero();

    Map<String, Object> first = new LinkedHashMap<>(resourceClass("first", 1, 1));
    first.put("tolerations", List.of("renku.io/gpu"));
    first.put(
        "node_affinities",
        List.of(Map.of("key", "renku.io/node", "required_during_scheduling", true)));
    first.put("quota_enforced", false);
    assertThat(user.post("resource_pools/" + pool + "/classes", first).status()).isEqualTo(403);
    var c1 = admin.post("resource_pools/" + pool + "/classes", first);
    assertThat(c1.status()).as(c1.body()).isEqualTo(201);
    assertThat(c1.json().path("default").asBoolean()).as("the first class").isTrue();
    assertThat(c1.json().path("tolerations").get(0).asString()).isEqualTo("renku.io/gpu");
    assertThat(
            c1.json().path("node_affinities").get(0).path("required_during_scheduling").asBoolean())
        .isTrue();
    assertThat(c1.json().path("quota_enforced").asBoolean()).isFalse();
    int id1 = c1.json().path("id").asInt();

    var c2 = admin.post("resource_pools/" + pool + "/classes", resourceClass("second", 2, 2));
    assertThat(c2.status()).isEqualTo(201);
    assertThat(c2.json().path("default").asBoolean()).isFalse();
    int id2 = c2.json().path("id").asInt();

    // Making the second the default moves the flag.
    var moved = admin.patch("resource_pools/" + pool + "/classes/" + id2, Map.of("default", true));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().path("default").asBoolean()).isTrue();
    assertThat(user.get("classes/" + id1).json().path("default").asBoolean()).isFalse();

    var off = admin.patch("resource_pools/" + pool + "/classes/" + id2, Map.of("default", false));
    assertThat(off.status()).isEqualTo(422);
    assertThat(message(off)).contains("default");
    var deleteDefault = admin.delete("resource_pools/" + pool + "/classes/" + id2);
    assertThat(deleteDefault.status()).as(deleteDefault.body()).isEqualTo(409);

    var patched =
        admin.patch(
            "resource_pools/" + pool + "/classes/" + id1, Map.of("max_storage", 50, "gpu", 1));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("max_storage").asLong()).isEqualTo(50);
    assertThat(patched.json().path("name").asString()).as("kept").isEqualTo("first");
    assertThat(patched.json().path("tolerations").size()).as("kept").isEqualTo(1);

    var replaced =
        admin.put("resource_pools/" + pool + "/classes/" + id1, resourceClass("first-again", 3, 3));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().path("tolerations").size()).as("PUT replaces").isZero();
    assertThat(replaced.json().path("quota_enforced").asBoolean()).isTrue();
    assertThat(replaced.json().path("gpu").asLong()).isZero();

    assertThat(user.get("resource_pools/" + pool + "/classes/" + id1).status()).isEqualTo(200);
    assertThat(user.get("resource_pools/" + pool + "/classes").json().size()).isEqualTo(2);
    var prefixed = user.get("resource_pools/" + pool + "/classes?name=sec");
    assertThat(prefixed.json().size()).isEqualTo(1);
    assertThat(prefixed.json().get(0).path("id").asInt()).isEqualTo(id2);

    String otherPool = defaultPool(admin).path("id").asString();
    assertThat(user.get("resource_pools/" + otherPool + "/classes/" + id1).status())
        .as("a class of another pool")
        .isEqualTo(404);

    assertThat(user.delete("resource_pools/" + pool + "/classes/" + id1).status()).isEqualTo(403);
    assertThat(admin.delete("resource_pools/" + pool + "/classes/" + id1).status()).isEqualTo(204);
    assertThat(user.get("classes/" + id1).status()).isEqualTo(404);
    assertThat(admin.delete("resource_pools/" + pool + "/classes/" + id1).status()).isEqualTo(204);
    assertThat(admin.delete("resource_pools/" + pool + "/classes/" + id2).status())
        .as("the last class may go")
        .isEqualTo(204);

    // Classes are changed through the pool too, by id.
    var c3 = admin.post("resource_pools/" + pool + "/classes", resourceClass("third", 1, 1));
    int id3 = c3.json().path("id").asInt();
    assertThat(c3.json().path("default").asBoolean()).isTrue();
    var viaPool =
        admin.patch(
            "resource_pools/" + pool,
            Map.of("classes", List.of(Map.of("id", id3, "name", "third-renamed"))));
    assertThat(viaPool.status()).as(viaPool.body()).isEqualTo(200);
    assertThat(viaPool.json().path("classes").get(0).path("name").asString())
        .isEqualTo("third-renamed");
    assertThat(viaPool.json().path("classes").get(0).path("default").asBoolean()).isTrue();
    var foreign =
        admin.patch(
            "resource_pools/" + pool, Map.of("classes", List.of(Map.of("id", id2, "cpu", 1))));
    assertThat(foreign.status()).isEqualTo(422);
    assertThat(message(foreign)).contains("classes");
    assertThat(admin.delete("resource_pools/" + pool).status()).isEqualTo(204);
  }

  @Test
  void badPoolsAndClassesAreRefusedNamingTheField() {
    Api admin = api.as(TestUser.randomAdmin("crcbad"));
    Map<String, Object> base = Map.of("name", "Valid name", "classes", List.of());
    Map<String, Object> poolCases = new LinkedHashMap<>();
    poolCases.put("name", "abc");
    poolCases.put("platform", "windows/x86");
    poolCases.put("cpu_limit_factor", 101);
    poolCases.put("idle_threshold", -1);
    poolCases.put("cluster_id", "not-a-ulid");
    poolCases.put("quota", Map.of("cpu", 0, "memory", 1, "gpu", 0));
    for (var c : poolCases.entrySet()) {
      Map<String, Object> body = new LinkedHashMap<>(base);
      body.put(c.getKey(), c.getValue());
      var r = admin.post("resource_pools", body);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(message(r)).as(c.getKey()).contains(c.getKey());
    }
    Map<String, Object> longName = new LinkedHashMap<>(base);
    longName.put("name", "x".repeat(41));
    assertThat(message(admin.post("resource_pools", longName))).contains("name");

    Map<String, Object> twoDefaults = new LinkedHashMap<>(base);
    var a = new LinkedHashMap<>(resourceClass("a", 1, 1));
    a.put("default", true);
    var b = new LinkedHashMap<>(resourceClass("b", 1, 1));
    b.put("default", true);
    twoDefaults.put("classes", List.of(a, b));
    var r2 = admin.post("resource_pools", twoDefaults);
    assertThat(r2.status()).isEqualTo(422);
    assertThat(message(r2)).contains("classes");

    String pool = createPool(admin, "Validation pool", false).path("id").asString();
    Map<String, Object> classCases = new LinkedHashMap<>();
    classCases.put("cpu", 0);
    classCases.put("memory", 0);
    classCases.put("gpu", -1);
    classCases.put("max_storage", 0);
    classCases.put("default_storage", 11);
    classCases.put("name", "x".repeat(41));
    classCases.put("tolerations", List.of("bad label!"));
    for (var c : classCases.entrySet()) {
      Map<String, Object> body = new LinkedHashMap<>(resourceClass("valid", 1, 1));
      body.put(c.getKey(), c.getValue());
      var r = admin.post("resource_pools/" + pool + "/classes", body);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(message(r)).as(c.getKey()).contains(c.getKey());
    }
    var missing = admin.post("resource_pools/" + pool + "/classes", Map.of("name", "no-cpu"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(message(missing)).contains("cpu");
    // default_storage above a smaller max_storage, by PATCH.
    JsonNode storagePool = createPool(admin, "Storage pool", true);
    var shrunk =
        admin.patch(
            "resource_pools/"
                + storagePool.path("id").asString()
                + "/classes/"
                + storagePool.path("classes").get(0).path("id").asInt(),
            Map.of("default_storage", 5, "max_storage", 4));
    assertThat(shrunk.status()).as(shrunk.body()).isEqualTo(422);
    assertThat(message(shrunk)).contains("default_storage");

    assertThat(admin.get("resource_pools/2147483000").status()).isEqualTo(404);
    assertThat(admin.patch("resource_pools/2147483000", Map.of("name", "Whatever")).status())
        .isEqualTo(404);
    assertThat(admin.get("resource_pools/2147483000/classes").status()).isEqualTo(404);
    assertThat(admin.post("resource_pools/2147483000/classes", resourceClass("x", 1, 1)).status())
        .isEqualTo(404);
    assertThat(admin.get("classes/2147483000").status()).isEqualTo(404);
    assertThat(admin.get("resource_pools/" + pool + "/classes/2147483000").status()).isEqualTo(404);
    assertThat(
            admin
                .patch("resource_pools/" + pool + "/classes/2147483000", Map.of("cpu", 1))
                .status())
        .isEqualTo(404);
    var notInt = admin.get("resource_pools/abc");
    assertThat(notInt.status()).isEqualTo(422);
    assertThat(message(notInt)).contains("resource_pool_id");
  }

  @Test
  void quotasLimitWhatClassesMayAskFor() {
    Api admin = api.as(TestUser.randomAdmin("crcquota"));
    Api user = api.as(TestUser.random("crcquotauser"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Quota pool");
    body.put("public", true);
    body.put("quota", Map.of("cpu", 2, "memory", 4, "gpu", 0));
    body.put("classes", List.of(resourceClass("fits", 1, 2)));
    var created = admin.post("resource_pools", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String pool = created.json().path("id").asString();
    int fits = created.json().path("classes").get(0).path("id").asInt();

    var quota = user.get("resource_pools/" + pool + "/quota");
    assertThat(quota.status()).as(quota.body()).isEqualTo(200);
    assertThat(quota.json().path("cpu").asDouble()).isEqualTo(2.0);
    assertThat(quota.json().path("memory").asLong()).isEqualTo(4);
    assertThat(quota.json().path("gpu").asLong()).isZero();
    String quotaId = quota.json().path("id").asString();

    var tooMuchCpu =
        admin.post("resource_pools/" + pool + "/classes", resourceClass("too-big", 3, 1));
    assertThat(tooMuchCpu.status()).isEqualTo(422);
    assertThat(message(tooMuchCpu)).contains("cpu").contains("quota");
    var tooMuchMemory =
        admin.patch("resource_pools/" + pool + "/classes/" + fits, Map.of("memory", 5));
    assertThat(tooMuchMemory.status()).isEqualTo(422);
    assertThat(message(tooMuchMemory)).contains("memory");
    Map<String, Object> gpuClass = new LinkedHashMap<>(resourceClass("gpu", 1, 1));
    gpuClass.put("gpu", 1);
    assertThat(message(admin.post("resource_pools/" + pool + "/classes", gpuClass)))
        .contains("gpu");

    Map<String, Object> overInPool = new LinkedHashMap<>(body);
    overInPool.put("name", "Over quota pool");
    overInPool.put("classes", List.of(resourceClass("big", 8, 1)));
    var poolOver = admin.post("resource_pools", overInPool);
    assertThat(poolOver.status()).isEqualTo(422);
    assertThat(message(poolOver)).contains("classes.cpu");

    // The quota cannot shrink below a class.
    var shrink =
        admin.put("resource_pools/" + pool + "/quota", Map.of("cpu", 0.5, "memory", 4, "gpu", 0));
    assertThat(shrink.status()).isEqualTo(422);
    assertThat(message(shrink)).contains("cpu");
    assertThat(
            user.put("resource_pools/" + pool + "/quota", Map.of("cpu", 4, "memory", 8, "gpu", 1))
                .status())
        .isEqualTo(403);
    var grown =
        admin.put("resource_pools/" + pool + "/quota", Map.of("cpu", 4, "memory", 8, "gpu", 1));
    assertThat(grown.status()).as(grown.body()).isEqualTo(200);
    assertThat(grown.json().path("id").asString())
        .as("the quota keeps its name")
        .isEqualTo(quotaId);
    var patched = admin.patch("resource_pools/" + pool + "/quota", Map.of("memory", 16));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("memory").asLong()).isEqualTo(16);
    assertThat(patched.json().path("cpu").asDouble()).as("kept").isEqualTo(4.0);
    assertThat(
            admin
                .post("resource_pools/" + pool + "/classes", resourceClass("now-fits", 3, 1))
                .status())
        .isEqualTo(201);
    var viaPool = admin.patch("resource_pools/" + pool, Map.of("quota", Map.of("cpu", 1)));
    assertThat(viaPool.status()).as("the 3-CPU class no longer fits").isEqualTo(422);
    assertThat(message(viaPool)).contains("quota.cpu");

    String noQuota = createPool(admin, "No quota pool", true).path("id").asString();
    assertThat(user.get("resource_pools/" + noQuota + "/quota").status()).isEqualTo(404);
    var partial = admin.patch("resource_pools/" + noQuota + "/quota", Map.of("cpu", 10));
    assertThat(partial.status()).isEqualTo(422);
    assertThat(message(partial)).contains("memory");
    var set =
        admin.put(
            "resource_pools/" + noQuota + "/quota", Map.of("cpu", 10, "memory", 10, "gpu", 0));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(user.get("resource_pools/" + noQuota).json().path("quota").path("cpu").asDouble())
        .isEqualTo(10.0);
  }

  @Test
  void filtersFlagTheClassesThatOfferEnough() {
    Api admin = api.as(TestUser.randomAdmin("crcfilter"));
    String pool = createPool(admin, "Filter pool", true).path("id").asString();
    var r = api.get("resource_pools?cpu=2&memory=3");
    JsonNode found = null;
    for (JsonNode p : r.json()) {
      if (p.path("id").asString().equals(pool)) {
        found = p;
      }
    }
    assertThat(found).as("the public pool is listed").isNotNull();
    assertThat(classNamed(found, "one").path("matching").asBoolean()).isFalse();
    assertThat(classNamed(found, "two").path("matching").asBoolean()).isTrue();
    var none = api.get("resource_pools?gpu=1");
    for (JsonNode p : none.json()) {
      p.path("classes")
          .forEach(
              c ->
                  assertThat(c.path("matching").asBoolean())
                      .isEqualTo(c.path("gpu").asLong() >= 1));
    }
    assertThat(api.get("resource_pools?cpu=-1").status()).isEqualTo(422);
  }
}
