package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /user/preferences/dismiss_project_migration_banner}: the caller's own flag only. */
class ProjectMigrationBannerApiTest extends ApiTest {
  private static final String BANNER = "user/preferences/dismiss_project_migration_banner";

  @Test
  void dismissAndShowAgain() {
    TestUser user = TestUser.random("banner");
    var me = api.as(user);
    assertThat(me.get("user/preferences").json().path("show_project_migration_banner").asBoolean())
        .isTrue();

    var dismissed = me.post(BANNER, null);
    assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
    assertThat(dismissed.field("user_id")).isEqualTo(user.id());
    assertThat(dismissed.json().path("show_project_migration_banner").asBoolean()).isFalse();
    assertThat(me.get("user/preferences").json().path("show_project_migration_banner").asBoolean())
        .isFalse();
    // Dismissing twice is the same as once.
    assertThat(me.post(BANNER, null).json().path("show_project_migration_banner").asBoolean())
        .isFalse();

    var shown = me.delete(BANNER);
    assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
    assertThat(shown.json().path("show_project_migration_banner").asBoolean()).isTrue();
    assertThat(me.get("user/preferences").json().path("show_project_migration_banner").asBoolean())
        .isTrue();
  }

  @Test
  void dismissalKeepsPinnedProjectsAndIsPerUser() {
    var me = api.as(TestUser.random("bannerpin"));
    assertThat(
            me.post("user/preferences/pinned_projects", Map.of("project_slug", "ns/one")).status())
        .isEqualTo(200);
    var dismissed = me.post(BANNER, null);
    assertThat(dismissed.json().path("pinned_projects").path("project_slugs").get(0).asString())
        .isEqualTo("ns/one");
    // Pinning again after the dismissal keeps the dismissal.
    var pinned = me.post("user/preferences/pinned_projects", Map.of("project_slug", "ns/two"));
    assertThat(pinned.json().path("show_project_migration_banner").asBoolean()).isFalse();

    var other = api.as(TestUser.random("bannerother"));
    assertThat(
            other.get("user/preferences").json().path("show_project_migration_banner").asBoolean())
        .isTrue();
  }

  @Test
  void showingAgainWithoutStoredPreferencesAnswersTheDefaults() {
    var r = api.as(TestUser.random("bannernew")).delete(BANNER);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("show_project_migration_banner").asBoolean()).isTrue();
    assertThat(r.json().path("pinned_projects").path("project_slugs").size()).isZero();
  }

  @Test
  void needsLogin() {
    var post = api.anonymous().post(BANNER, null);
    assertThat(post.status()).isEqualTo(401);
    assertThat(post.errorCode()).isEqualTo(1401);
    assertThat(api.anonymous().delete(BANNER).status()).isEqualTo(401);
  }
}
