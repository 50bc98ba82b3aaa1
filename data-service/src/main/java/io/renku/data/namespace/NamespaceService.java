package io.renku.data.namespace;

import io.renku.core.ApiUser;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Role;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Namespaces: where a caller can put projects, and lookups by slug. */
@Service
public class NamespaceService {
  private final NamespaceRepository namespaces;

  public NamespaceService(NamespaceRepository namespaces) {
    this.namespaces = namespaces;
  }

  public Page<Namespace> list(
      ApiUser caller, Paging paging, Role minimumRole, List<Namespace.Kind> kinds) {
    if (!caller.authenticated()) {
      return new Page<>(List.of(), paging, 0);
    }
    List<Namespace.Kind> wanted =
        kinds == null || kinds.isEmpty()
            ? List.of(Namespace.Kind.USER, Namespace.Kind.GROUP)
            : kinds;
    return namespaces.listForUser(
        caller.id(), minimumRole == null ? Role.VIEWER : minimumRole, wanted, paging);
  }

  /** User and group namespaces are public; old slugs resolve to the renamed namespace. */
  public Namespace get(String slug) {
    return namespaces
        .findBySlug(slug)
        .orElseThrow(() -> RenkuException.notFound("Namespace " + slug + " does not exist."));
  }

  /** Whether a namespace (or an old name of one) has this slug. */
  public boolean slugTaken(String slug) {
    return namespaces.slugTaken(slug);
  }

  /** A new user's namespace (the account lifecycle's registration). No permission check. */
  public void addForUser(String id, String slug, String userId) {
    namespaces.insertForUser(id, slug, userId);
  }

  /** A user's own namespace, without a permission check. */
  public Optional<Namespace> findByUser(String userId) {
    return namespaces.findByUser(userId);
  }
}
