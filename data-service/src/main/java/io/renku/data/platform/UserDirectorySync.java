package io.renku.data.platform;

import io.renku.core.ApiUser;

/**
 * What {@code POST /platform/user_sync} starts: a run of the user synchronisation ({@code
 * account/sync/UserSync} implements it). The platform names it here so that it does not depend on
 * the account lifecycle, which sits above the projects that read the platform's settings.
 */
public interface UserDirectorySync {

  /** What a run did. */
  record Result(int users, int admins, int skippedDisabled) {}

  /** Admin only. 503 when no directory is configured or it cannot be read, 409 when running. */
  Result runNow(ApiUser caller);
}
