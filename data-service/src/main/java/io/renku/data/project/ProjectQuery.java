package io.renku.data.project;

import io.renku.authz.ResourceSet;
import java.util.List;

/**
 * Which projects a listing may return.
 *
 * @param everything the caller is an admin and sees all projects
 * @param readerId the logged-in caller whose private projects are included (public ones always
 *     are); null for anonymous callers. It keys the listing's cache of {@code readable}.
 * @param readable the projects {@code readerId} can read when private (the schema's {@code
 *     project#read_children}, as SQL from the authorization module); null when {@code readerId} is
 * @param namespaceId only projects in this namespace, when not null
 * @param onlyIds only these projects (direct membership), when not null
 */
public record ProjectQuery(
    boolean everything,
    String readerId,
    ResourceSet.Query readable,
    String namespaceId,
    List<String> onlyIds) {

  public ProjectQuery {
    if ((readerId == null) != (readable == null)) {
      throw new IllegalArgumentException("a reader comes with their readable set");
    }
  }
}
