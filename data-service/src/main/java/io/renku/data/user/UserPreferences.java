package io.renku.data.user;

import java.util.List;

/** A user's UI preferences: pinned projects as {@code namespace/slug} paths. */
public record UserPreferences(
    String userId, List<String> pinnedProjects, boolean showProjectMigrationBanner) {
  public UserPreferences {
    pinnedProjects = List.copyOf(pinnedProjects);
  }
}
