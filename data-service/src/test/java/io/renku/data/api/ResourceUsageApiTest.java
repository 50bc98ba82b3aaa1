package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.resourceClass;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.data.usage.UsageRecorder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /resource_pools/{id}/usage}, {@code /limits} and class {@code /cost}: admins set limits
 * and costs; usage comes from sessions really started on the local runtime (processes, as in {@link
 * SessionApiTest}) and sampled by the real {@link UsageRecorder}, called here at chosen times
 * instead of waiting for its 10-minute schedule; a user over the limit cannot start or resume a
 * session on a class that enforces quota.
 */
class ResourceUsageApiTest extends ApiTest {
  private static final TestUser ADMIN = TestUser.randomAdmin("usageadmin");

  @Autowired UsageRecorder recorder;

  /** A public pool with a class that enforces quota (the default) and one that does not. */
  private JsonNode pool(Api admin) {
    Map<String, Object> free = new LinkedHashMap<>(resourceClass("free", 1, 1));
    free.put("quota_enforced", false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Usage pool");
    body.put("public", true);
    body.put("classes", List.of(resourceClass("metered", 1, 1), free));
    var r = admin.post("resource_pools", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static int classId(JsonNode pool, String name) {
    for (JsonNode c : pool.path("classes")) {
      if (c.path("name").asString().equals(name)) {
        return c.path("id").asInt();
      }
    }
    throw new AssertionError("no class " + name + " in " + pool);
  }

  /** A launcher (made by an admin: it runs a command) in a fresh project of {@code owner}. */
  private String launcher(TestUser owner) {
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("usage"), "private").path("id").asString();
    var created =
        api.as(ADMIN)
            .post(
                "session_launchers",
                Map.of(
                    "name",
                    "Session",
                    "project_id",
                    projectId,
                    "environment",
                    SessionApiTest.pythonServer()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.field("id");
  }

  private static void awaitRunning(Api as, String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(
                        as.get("sessions/" + name).json().path("status").path("state").asString())
                    .isEqualTo("running"));
  }

  @Test
  void limitsAndCostsAreForAdminsAndValidated() {
    Api admin = api.as(ADMIN);
    TestUser user = TestUser.random("usageuser");
    register(api, user);
    JsonNode pool = pool(admin);
    String poolId = pool.path("id").asString();
    int metered = classId(pool, "metered");
    String limits = "resource_pools/" + poolId + "/limits";
    String cost = "resource_pools/" + poolId + "/classes/" + metered + "/cost";

    assertThat(api.anonymous().get(limits).status()).isEqualTo(401);
    assertThat(api.as(user).get(limits).status()).isEqualTo(403);
    assertThat(api.as(user).put(limits, Map.of("total_limit", 1, "user_limit", 1)).status())
        .isEqualTo(403);
    assertThat(api.as(user).delete(limits).status()).isEqualTo(403);
    assertThat(api.as(user).get(cost).status()).isEqualTo(403);
    assertThat(api.as(user).put(cost, Map.of("cost", 1)).status()).isEqualTo(403);
    assertThat(api.as(user).delete(cost).status()).isEqualTo(403);

    var none = admin.get(limits);
    assertThat(none.status()).as(none.body()).isEqualTo(200);
    assertThat(none.json().path("pool_id").asInt()).isEqualTo(pool.path("id").asInt());
    assertThat(none.json().path("total_limit").asLong()).isZero();
    assertThat(none.json().path("user_limit").asLong()).isZero();

    var set = admin.put(limits, Map.of("total_limit", 100, "user_limit", 10));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("total_limit").asLong()).isEqualTo(100);
    assertThat(admin.get(limits).json().path("user_limit").asLong()).isEqualTo(10);

    var userOverTotal = admin.put(limits, Map.of("total_limit", 5, "user_limit", 10));
    assertThat(userOverTotal.status()).isEqualTo(422);
    assertThat(userOverTotal.body()).contains("user_limit");
    var negative = admin.put(limits, Map.of("total_limit", -1, "user_limit", 0));
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.body()).contains("total_limit");
    assertThat(admin.put(limits, Map.of("total_limit", 5)).status())
        .as("user_limit missing")
        .isEqualTo(422);
    assertThat(admin.get(limits).json().path("total_limit").asLong())
        .as("nothing half-written")
        .isEqualTo(100);
    assertThat(
            admin
                .put("resource_pools/999999/limits", Map.of("total_limit", 1, "user_limit", 1))
                .status())
        .isEqualTo(404);
    assertThat(admin.get("resource_pools/999999/limits").status()).isEqualTo(404);

    assertThat(admin.delete(limits).status()).isEqualTo(204);
    assertThat(admin.get(limits).json().path("total_limit").asLong()).isZero();
    assertThat(admin.delete(limits).status()).as("again").isEqualTo(204);

    var noCost = admin.get(cost);
    assertThat(noCost.status()).as(noCost.body()).isEqualTo(200);
    assertThat(noCost.json().path("resource_pool_id").asInt()).isEqualTo(pool.path("id").asInt());
    assertThat(noCost.json().path("resource_class_id").asInt()).isEqualTo(metered);
    assertThat(noCost.json().path("cost").asLong()).isZero();
    var setCost = admin.put(cost, Map.of("cost", 60));
    assertThat(setCost.status()).as(setCost.body()).isEqualTo(200);
    assertThat(setCost.json().path("cost").asLong()).isEqualTo(60);
    assertThat(admin.get(cost).json().path("cost").asLong()).isEqualTo(60);
    var badCost = admin.put(cost, Map.of("cost", -5));
    assertThat(badCost.status()).isEqualTo(422);
    assertThat(badCost.body()).contains("cost");

    // A class of another pool is not a class of this one.
    JsonNode other = createPool(admin, "Other usage pool", true);
    int otherClass = other.path("classes").get(0).path("id").asInt();
    String wrong = "resource_pools/" + poolId + "/classes/" + otherClass + "/cost";
    assertThat(admin.get(wrong).status()).isEqualTo(404);
    assertThat(admin.put(wrong, Map.of("cost", 1)).status()).isEqualTo(404);
    assertThat(admin.delete(wrong).status()).isEqualTo(404);

    assertThat(admin.delete(cost).status()).isEqualTo(204);
    assertThat(admin.get(cost).json().path("cost").asLong()).isZero();
  }

  @Test
  void usageIsWhatSampledSessionsRanAndTheLimitStopsNewOnes() {
    Api admin = api.as(ADMIN);
    JsonNode pool = pool(admin);
    String poolId = pool.path("id").asString();
    int metered = classId(pool, "metered");
    int free = classId(pool, "free");
    assertThat(
            admin
                .put(
                    "resource_pools/" + poolId + "/classes/" + metered + "/cost",
                    Map.of("cost", 60))
                .status())
        .isEqualTo(200);

    TestUser owner = TestUser.random("usageowner");
    TestUser stranger = TestUser.random("usagestranger");
    register(api, stranger);
    Api as = api.as(owner);
    String launcher = launcher(owner);
    var started =
        as.post("sessions", Map.of("launcher_id", launcher, "resource_class_id", metered));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");
    awaitRunning(as, name);

    // Two captures 5 minutes apart, a week ago (outside the running week, and away from the
    // recorder's own schedule): the first counts until the second, the second a whole interval.
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(8);
    OffsetDateTime noon = day.atTime(12, 0).atOffset(ZoneOffset.UTC);
    assertThat(recorder.capture(noon)).isPositive();
    recorder.capture(noon.plusMinutes(5));

    String usage = "resource_pools/" + poolId + "/usage?start_date=" + day + "&end_date=" + day;
    var mine = as.get(usage);
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    assertThat(mine.json().path("user_usage").path("runtime").asDouble())
        .isCloseTo(0.25, within(1e-6)); // 5 + 10 minutes
    assertThat(mine.json().path("user_usage").path("cost").asLong()).isEqualTo(15);
    assertThat(mine.json().path("total_usage").path("runtime").asDouble())
        .isCloseTo(0.25, within(1e-6));
    assertThat(mine.json().path("pool_limits").path("total_limit").asLong()).isZero();

    var theirs = api.as(stranger).get(usage);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
    assertThat(theirs.json().path("user_usage").path("runtime").asDouble()).isZero();
    assertThat(theirs.json().path("total_usage").path("cost").asLong()).isEqualTo(15);
    assertThat(api.as(stranger).get(usage + "&user_id=" + owner.id()).status())
        .as("another user's usage is for admins")
        .isEqualTo(403);
    var byAdmin = admin.get(usage + "&user_id=" + owner.id());
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(byAdmin.json().path("user_usage").path("cost").asLong()).isEqualTo(15);
    var dayBefore =
        as.get(
            "resource_pools/"
                + poolId
                + "/usage?start_date="
                + day.minusDays(1)
                + "&end_date="
                + day.minusDays(1));
    assertThat(dayBefore.json().path("user_usage").path("runtime").asDouble()).isZero();
    assertThat(as.get("resource_pools/" + poolId + "/usage").status())
        .as("the running week")
        .isEqualTo(200);

    var reversed =
        as.get(
            "resource_pools/"
                + poolId
                + "/usage?start_date="
                + day
                + "&end_date="
                + day.minusDays(1));
    assertThat(reversed.status()).isEqualTo(422);
    assertThat(reversed.body()).contains("end_date");
    var badDate = as.get("resource_pools/" + poolId + "/usage?start_date=yesterday");
    assertThat(badDate.status()).isEqualTo(422);
    assertThat(badDate.body()).contains("start_date");
    assertThat(api.anonymous().get("resource_pools/" + poolId + "/usage").status()).isEqualTo(401);
    assertThat(as.get("resource_pools/999999/usage").status()).isEqualTo(404);

    // Now a capture in the running week (10 minutes at 60 credits an hour: 10 credits) against a
    // weekly limit of 5 per user.
    recorder.capture(OffsetDateTime.now(ZoneOffset.UTC));
    assertThat(
            admin
                .put(
                    "resource_pools/" + poolId + "/limits",
                    Map.of("total_limit", 100, "user_limit", 5))
                .status())
        .isEqualTo(200);
    var week = as.get("resource_pools/" + poolId + "/usage");
    assertThat(week.json().path("user_usage").path("cost").asLong()).isGreaterThanOrEqualTo(10);
    assertThat(week.json().path("pool_limits").path("user_limit").asLong()).isEqualTo(5);

    String second = launcher(owner);
    var refused = as.post("sessions", Map.of("launcher_id", second, "resource_class_id", metered));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("resource_class_id").contains("quota");
    var onFree = as.post("sessions", Map.of("launcher_id", second, "resource_class_id", free));
    assertThat(onFree.status()).as("a class that does not enforce quota").isEqualTo(201);
    assertThat(as.delete("sessions/" + onFree.field("name")).status()).isEqualTo(204);

    // Pausing is always allowed; resuming on the metered class is refused like a start.
    assertThat(as.patch("sessions/" + name, Map.of("state", "hibernated")).status()).isEqualTo(200);
    var resume = as.patch("sessions/" + name, Map.of("state", "running"));
    assertThat(resume.status()).as(resume.body()).isEqualTo(422);
    assertThat(resume.body()).contains("quota");

    // Without limits the same user may resume.
    assertThat(admin.delete("resource_pools/" + poolId + "/limits").status()).isEqualTo(204);
    assertThat(as.patch("sessions/" + name, Map.of("state", "running")).status()).isEqualTo(200);
    assertThat(as.delete("sessions/" + name).status()).isEqualTo(204);
  }

  @Test
  void aPoolWhoseClassesEnforceNoQuotaHasNoUsage() {
    Api admin = api.as(ADMIN);
    Map<String, Object> free = new LinkedHashMap<>(resourceClass("free", 1, 1));
    free.put("quota_enforced", false);
    var created =
        admin.post(
            "resource_pools",
            Map.of("name", "Untracked", "public", true, "classes", List.of(free)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var r = admin.get("resource_pools/" + created.field("id") + "/usage");
    assertThat(r.status()).as(r.body()).isEqualTo(404);

    // A private pool the caller may not use is as absent as one that does not exist.
    JsonNode hidden = createPool(admin, "Hidden usage pool", false);
    TestUser user = TestUser.random("usagehidden");
    register(api, user);
    assertThat(
            api.as(user).get("resource_pools/" + hidden.path("id").asString() + "/usage").status())
        .isEqualTo(404);
  }
}
