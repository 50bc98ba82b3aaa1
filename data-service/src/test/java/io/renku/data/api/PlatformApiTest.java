package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /platform/config} and {@code /platform/authorization_config}. */
class PlatformApiTest extends ApiTest {

  @Test
  void incidentBannerIsPublicAndOnlyAdminsChangeIt() {
    var config = api.anonymous().get("platform/config");
    assertThat(config.status()).isEqualTo(200);
    String etag = config.header("ETag");
    assertThat(etag).isEqualTo(config.field("etag")).isNotBlank();

    Api user = api.as(TestUser.random("plain"));
    Api admin = api.as(TestUser.randomAdmin("boss"));
    var body = Map.of("incident_banner", "Maintenance tonight");
    assertThat(api.anonymous().header("If-Match", etag).patch("platform/config", body).status())
        .isEqualTo(401);
    assertThat(user.header("If-Match", etag).patch("platform/config", body).status())
        .isEqualTo(403);
    var missing = admin.patch("platform/config", body);
    assertThat(missing.status()).isEqualTo(428);
    assertThat(missing.errorCode()).isEqualTo(1428);
    assertThat(admin.header("If-Match", "\"STALE\"").patch("platform/config", body).status())
        .isEqualTo(409);

    var changed = admin.header("If-Match", etag).patch("platform/config", body);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.field("incident_banner")).isEqualTo("Maintenance tonight");
    assertThat(changed.field("etag")).isNotEqualTo(etag);
    assertThat(api.anonymous().get("platform/config").field("incident_banner"))
        .isEqualTo("Maintenance tonight");

    var cleared =
        admin
            .header("If-Match", changed.field("etag"))
            .patch("platform/config", Map.of("incident_banner", ""));
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.field("incident_banner")).isEmpty();
  }

  @Test
  void anonymousSessionsAreOffByDefaultAndOnlyAdminsTurnThemOn() {
    var config = api.anonymous().get("platform/config");
    assertThat(config.json().path("anonymous_sessions_enabled").isBoolean()).isTrue();
    assertThat(config.json().path("anonymous_sessions_enabled").asBoolean())
        .as("off on a new platform")
        .isFalse();
    Api user = api.as(TestUser.random("anonplain"));
    Api admin = api.as(TestUser.randomAdmin("anonboss"));
    var on = Map.of("anonymous_sessions_enabled", true);
    assertThat(user.header("If-Match", config.field("etag")).patch("platform/config", on).status())
        .isEqualTo(403);
    var bad =
        admin
            .header("If-Match", config.field("etag"))
            .patch("platform/config", Map.of("anonymous_sessions_enabled", "yes please"));
    assertThat(bad.status()).as(bad.body()).isIn(400, 422);
    var changed = admin.header("If-Match", config.field("etag")).patch("platform/config", on);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    try {
      assertThat(changed.json().path("anonymous_sessions_enabled").asBoolean()).isTrue();
      var banner =
          admin
              .header("If-Match", changed.field("etag"))
              .patch("platform/config", Map.of("incident_banner", ""));
      assertThat(banner.json().path("anonymous_sessions_enabled").asBoolean())
          .as("a change of the banner alone leaves it as it is")
          .isTrue();
    } finally {
      var now = api.get("platform/config");
      var off =
          admin
              .header("If-Match", now.field("etag"))
              .patch("platform/config", Map.of("anonymous_sessions_enabled", false));
      assertThat(off.status()).as(off.body()).isEqualTo(200);
      assertThat(off.json().path("anonymous_sessions_enabled").asBoolean()).isFalse();
    }
  }

  @Test
  void adminsOnlyPolicyStopsOtherUsersFromCreatingProjectsAndGroups() {
    TestUser plain = TestUser.random("policy");
    Api user = api.as(plain);
    String namespace = user.get("user").field("username");
    Api admin = api.as(TestUser.randomAdmin("policyadmin"));
    String adminNamespace = admin.get("user").field("username");

    var initial = api.get("platform/authorization_config");
    assertThat(initial.field("create_projects")).isEqualTo("registered_users");
    assertThat(initial.field("create_groups")).isEqualTo("registered_users");
    var restricted =
        admin
            .header("If-Match", initial.field("etag"))
            .patch(
                "platform/authorization_config",
                Map.of("create_projects", "admins_only", "create_groups", "admins_only"));
    assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);
    try {
      var denied = user.post("projects", Map.of("name", "Not allowed", "namespace", namespace));
      assertThat(denied.status()).as(denied.body()).isEqualTo(403);
      assertThat(denied.errorCode()).isEqualTo(1403);
      assertThat(user.post("groups", Map.of("name", "G", "slug", Fixtures.slug("denied"))).status())
          .isEqualTo(403);
      assertThat(
              admin
                  .post("projects", Map.of("name", "Allowed", "namespace", adminNamespace))
                  .status())
          .isEqualTo(201);
      assertThat(
              admin.post("groups", Map.of("name", "G", "slug", Fixtures.slug("allowed"))).status())
          .isEqualTo(201);
      // Bad values name the field.
      var bad =
          admin
              .header("If-Match", restricted.field("etag"))
              .patch("platform/authorization_config", Map.of("create_projects", "nobody"));
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.body()).contains("create_projects");
    } finally {
      var now = api.get("platform/authorization_config");
      var reset =
          admin
              .header("If-Match", now.field("etag"))
              .patch(
                  "platform/authorization_config",
                  Map.of(
                      "create_projects", "registered_users", "create_groups", "registered_users"));
      assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    }
    assertThat(
            user.post("projects", Map.of("name", "Allowed now", "namespace", namespace)).status())
        .isEqualTo(201);
  }

  @Test
  void userSyncIsForAdminsAndSaysWhenItIsNotConfigured() {
    var anonymous = api.anonymous().post("platform/user_sync", Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(api.as(TestUser.random("syncer")).post("platform/user_sync", Map.of()).status())
        .isEqualTo(403);
    var admin = api.as(TestUser.randomAdmin("syncadmin")).post("platform/user_sync", Map.of());
    assertThat(admin.status()).isEqualTo(503);
    assertThat(admin.errorCode()).isEqualTo(1503);
    assertThat(admin.body()).contains("not configured");
  }
}
