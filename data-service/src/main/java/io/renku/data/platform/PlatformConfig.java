package io.renku.data.platform;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/**
 * Platform-wide settings shown to every user, such as the incident banner.
 *
 * @param anonymousSessionsEnabled whether visitors who are not logged in may start sessions
 */
public record PlatformConfig(
    String incidentBanner, boolean anonymousSessionsEnabled, OffsetDateTime updatedAt) {
  public String etag() {
    return ETags.of(updatedAt.toInstant().toString());
  }
}
