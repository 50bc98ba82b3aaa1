package io.renku.data.namespace;

import io.renku.core.ApiUser;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Role;
import io.renku.data.user.UserService;
import java.util.List;
import org.springframework.stereotype.Service;

/** Namespaces: where a caller can put projects, and lookups by slug. */
@Service
public class NamespaceService {
  private final NamespaceRepository namespaces;
  private final UserService users;

  public NamespaceService(NamespaceRepository namespaces, UserService users) {
    this.namespaces = namespaces;
    this.users = users;
  }

  public Page<Namespace> list(
      ApiUser caller, Paging paging, Role minimumRole, List<Namespace.Kind> kinds) {
    if (!caller.authenticated()) {
      return new Page<>(List.of(), paging, 0);
    }
    users.ensureRegistered(caller);
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
}
