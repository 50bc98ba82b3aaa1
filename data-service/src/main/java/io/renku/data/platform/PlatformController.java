package io.renku.data.platform;

import io.renku.api.data.api.PlatformApi;
import io.renku.api.data.model.AuthorizationConfigPatch;
import io.renku.api.data.model.CreationPolicy;
import io.renku.api.data.model.PlatformConfigPatch;
import io.renku.api.data.model.UserSyncResult;
import io.renku.data.web.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /platform/config}, {@code /platform/authorization_config}, {@code /platform/user_sync}.
 */
@RestController
public class PlatformController implements PlatformApi {
  private final PlatformService platform;
  private final CurrentUser currentUser;
  private final UserDirectorySync userSync;

  public PlatformController(
      PlatformService platform, CurrentUser currentUser, UserDirectorySync userSync) {
    this.platform = platform;
    this.currentUser = currentUser;
    this.userSync = userSync;
  }

  @Override
  public ResponseEntity<UserSyncResult> syncUsers() {
    UserDirectorySync.Result r = userSync.runNow(currentUser.get());
    return ResponseEntity.ok(new UserSyncResult(r.users(), r.admins(), r.skippedDisabled()));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.PlatformConfig> getPlatformConfig() {
    return config(platform.config());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.PlatformConfig> updatePlatformConfig(
      PlatformConfigPatch body, String ifMatch) {
    return config(
        platform.updateConfig(
            currentUser.get(),
            body.getIncidentBanner(),
            body.getAnonymousSessionsEnabled(),
            ifMatch));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.AuthorizationConfig> getAuthorizationConfig() {
    return authorizationConfig(platform.authorizationConfig());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.AuthorizationConfig> updateAuthorizationConfig(
      AuthorizationConfigPatch body, String ifMatch) {
    return authorizationConfig(
        platform.updateAuthorizationConfig(
            currentUser.get(),
            body.getCreateProjects() == null ? null : body.getCreateProjects().getValue(),
            body.getCreateGroups() == null ? null : body.getCreateGroups().getValue(),
            ifMatch));
  }

  private static ResponseEntity<io.renku.api.data.model.PlatformConfig> config(PlatformConfig c) {
    return ResponseEntity.ok()
        .eTag(c.etag())
        .body(
            new io.renku.api.data.model.PlatformConfig(
                c.etag(), c.incidentBanner(), c.anonymousSessionsEnabled()));
  }

  private static ResponseEntity<io.renku.api.data.model.AuthorizationConfig> authorizationConfig(
      AuthorizationConfig c) {
    return ResponseEntity.ok()
        .eTag(c.etag())
        .body(
            new io.renku.api.data.model.AuthorizationConfig(
                c.etag(),
                CreationPolicy.fromValue(c.createProjects()),
                CreationPolicy.fromValue(c.createGroups())));
  }
}
