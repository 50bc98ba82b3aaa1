package io.renku.data.platform;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/**
 * Who may create projects and groups: {@code admins_only} or {@code registered_users}. Implemented
 * as wildcard relations on {@code platform:renku}.
 */
public record AuthorizationConfig(
    String createProjects, String createGroups, OffsetDateTime updatedAt) {
  public static final String ADMINS_ONLY = "admins_only";
  public static final String REGISTERED_USERS = "registered_users";

  public String etag() {
    return ETags.of(updatedAt.toInstant().toString(), createProjects, createGroups);
  }
}
