package io.renku.data.secret;

import java.time.OffsetDateTime;

/** A user's secret as the API shows it: everything but its value. */
public record UserSecret(
    String id,
    String userId,
    String name,
    String kind,
    String defaultFilename,
    OffsetDateTime expirationTimestamp,
    OffsetDateTime modificationDate) {

  public static final String GENERAL = "general";
  public static final String STORAGE = "storage";
}
