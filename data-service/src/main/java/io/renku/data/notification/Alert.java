package io.renku.data.notification;

import java.time.OffsetDateTime;

/**
 * An alert sent to one user, most often about one of their sessions; active while {@code
 * resolvedDate} is null.
 */
public record Alert(
    String id,
    String title,
    String message,
    String eventType,
    String userId,
    String sessionName,
    OffsetDateTime creationDate,
    OffsetDateTime resolvedDate) {

  /** What a new alert says; the same values identify the active alert a webhook updates. */
  public record Draft(
      String title, String message, String eventType, String userId, String sessionName) {}
}
