package io.renku.data.platform;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/** Platform-wide settings shown to every user, such as the incident banner. */
public record PlatformConfig(String incidentBanner, OffsetDateTime updatedAt) {
  public String etag() {
    return ETags.of(updatedAt.toInstant().toString());
  }
}
