package io.renku.data.sessionsecret;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/** A place for a secret in the sessions of a project: a file in its secrets directory. */
public record SecretSlot(
    String id,
    String projectId,
    String name,
    String description,
    String filename,
    String createdBy,
    OffsetDateTime creationDate,
    OffsetDateTime updatedAt) {

  /** Changes whenever the slot changes. */
  public String etag() {
    return ETags.of(id, updatedAt.toInstant().toString());
  }
}
