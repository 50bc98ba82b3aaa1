package io.renku.data.api;

import static io.renku.data.api.Fixtures.createPool;
import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.data.compute.ComputeResources;
import io.renku.data.compute.SessionClass;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@link ComputeResources}: which class a session starts on, and who may use which. */
class ResourcePoolComputeTest extends ApiTest {
  @Autowired ComputeResources compute;

  private Api admin;
  private TestUser user;
  private ApiUser caller;

  @BeforeEach
  void setUp() {
    admin = api.as(TestUser.randomAdmin("computeadmin"));
    user = TestUser.random("computeuser");
    register(api, user);
    caller = apiUser(user);
  }

  private static ApiUser apiUser(TestUser u) {
    return new ApiUser(
        u.id(), true, u.admin(), u.email(), u.firstName(), u.lastName(), u.firstName());
  }

  private int defaultClassId() {
    for (JsonNode p : api.anonymous().get("resource_pools").json()) {
      if (p.path("default").asBoolean()) {
        for (JsonNode c : p.path("classes")) {
          if (c.path("default").asBoolean()) {
            return c.path("id").asInt();
          }
        }
      }
    }
    throw new AssertionError("no default class of the default pool");
  }

  private static RenkuException refused(Runnable r) {
    RenkuException e = catchThrowableOfType(RenkuException.class, r::run);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION);
    assertThat(e.detail()).isEqualTo("resource_class_id");
    return e;
  }

  @Test
  void withoutAClassSessionsStartOnTheDefaultClassOfTheDefaultPool() {
    SessionClass c = compute.classFor(caller, null, null);
    assertThat(c.classId()).isEqualTo(defaultClassId());
    assertThat(c.cpu()).isPositive();
    SessionClass anonymous = compute.classFor(ApiUser.anonymous("anon-compute"), null, null);
    assertThat(anonymous.classId()).as("the default pool is public").isEqualTo(defaultClassId());
  }

  @Test
  void theRequestOverridesTheLauncherWhichOverridesTheDefault() {
    Map<String, Object> body =
        Map.of(
            "name",
            "Compute pool",
            "public",
            true,
            "idle_threshold",
            600,
            "hibernation_threshold",
            7200,
            "quota",
            Map.of("cpu", 4, "memory", 8, "gpu", 0),
            "classes",
            List.of(Fixtures.resourceClass("one", 1, 2), Fixtures.resourceClass("two", 2, 4)));
    var created = admin.post("resource_pools", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    int pool = created.json().path("id").asInt();
    int one = created.json().path("classes").get(0).path("id").asInt();
    int two = created.json().path("classes").get(1).path("id").asInt();

    SessionClass launcher = compute.classFor(caller, null, one);
    assertThat(launcher.classId()).isEqualTo(one);
    assertThat(launcher.poolId()).isEqualTo(pool);
    assertThat(launcher.cpu()).isEqualTo(1.0);
    assertThat(launcher.memoryGb()).isEqualTo(2);
    assertThat(launcher.defaultStorageGb()).isEqualTo(1);
    assertThat(launcher.maxStorageGb()).isEqualTo(10);
    assertThat(launcher.quotaEnforced()).isTrue();
    assertThat(launcher.quota()).isEqualTo(new SessionClass.Quota(4, 8, 0));
    assertThat(launcher.idleThresholdSeconds()).isEqualTo(600L);
    assertThat(launcher.hibernationThresholdSeconds()).isEqualTo(7200L);

    SessionClass requested = compute.classFor(caller, two, one);
    assertThat(requested.classId()).isEqualTo(two);
    assertThat(compute.classFor(caller, two, null).classId()).isEqualTo(two);
    assertThat(compute.byId(two).cpu()).isEqualTo(2.0);
  }

  @Test
  void unknownAndInaccessibleClassesAreRefusedAlike() {
    JsonNode privatePool = createPool(admin, "Hidden compute pool", false);
    int hidden = privatePool.path("classes").get(0).path("id").asInt();
    int gone = 2_000_000_000;

    RenkuException unknown = refused(() -> compute.classFor(caller, gone, null));
    RenkuException inaccessible = refused(() -> compute.classFor(caller, hidden, null));
    assertThat(inaccessible.getMessage().replace(String.valueOf(hidden), "N"))
        .as("membership does not leak")
        .isEqualTo(unknown.getMessage().replace(String.valueOf(gone), "N"));
    refused(() -> compute.classFor(caller, null, hidden));
    refused(() -> compute.classFor(caller, gone, defaultClassId()));
    refused(() -> compute.classFor(ApiUser.anonymous("anon-compute"), hidden, null));

    assertThat(
            compute
                .classFor(apiUser(TestUser.randomAdmin("computeadmin2")), hidden, null)
                .classId())
        .as("admins may use every pool")
        .isEqualTo(hidden);
    assertThat(compute.byId(hidden)).as("no check for existing sessions").isNotNull();
    assertThat(compute.byId(gone)).isNull();

    var member =
        admin.post(
            "resource_pools/" + privatePool.path("id").asString() + "/members",
            List.of(Map.of("member_type", "user", "id", user.id())));
    assertThat(member.status()).as(member.body()).isEqualTo(201);
    assertThat(compute.classFor(caller, hidden, null).classId()).isEqualTo(hidden);
  }

  @Test
  void aProhibitedUserMayNotUseTheDefaultClass() {
    int defaultPool = 0;
    for (JsonNode p : api.anonymous().get("resource_pools").json()) {
      if (p.path("default").asBoolean()) {
        defaultPool = p.path("id").asInt();
      }
    }
    var r =
        admin.post(
            "resource_pools/" + defaultPool + "/members",
            List.of(Map.of("member_type", "user", "id", user.id(), "role", "prohibited")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    try {
      RenkuException e = refused(() -> compute.classFor(caller, null, null));
      assertThat(e.getMessage()).contains("default");
    } finally {
      assertThat(
              admin.delete("resource_pools/" + defaultPool + "/members/user/" + user.id()).status())
          .isEqualTo(204);
    }
    assertThat(compute.classFor(caller, null, null).classId()).isEqualTo(defaultClassId());
  }
}
