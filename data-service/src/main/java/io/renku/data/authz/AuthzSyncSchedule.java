package io.renku.data.authz;

import io.renku.authz.postgres.AuthzSync;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Retries, on a timer, what a flush right after commit could not apply (SpiceDB was down). */
@Component
class AuthzSyncSchedule {
  private final AuthzSync sync;

  AuthzSyncSchedule(AuthzSync sync) {
    this.sync = sync;
  }

  @Scheduled(
      fixedDelayString = "${renku.authz-sync-interval:2s}",
      initialDelayString = "${renku.authz-sync-interval:2s}")
  void retryPending() {
    sync.retryPending();
  }
}
