package io.renku.data.namespace;

import java.util.List;

/**
 * Published inside the transaction that deletes a group or a user with their namespace, before the
 * rows go (the database then removes the namespace's projects by cascade): domains that keep things
 * outside those rows (relationships, other users' saved credentials) remove them here. The
 * publishing service checked that the caller may delete it.
 *
 * @param namespaceId the namespace being deleted
 * @param projectIds the projects in it, deleted with it
 */
public record NamespaceDeleting(String namespaceId, List<String> projectIds) {
  public NamespaceDeleting {
    projectIds = List.copyOf(projectIds);
  }
}
