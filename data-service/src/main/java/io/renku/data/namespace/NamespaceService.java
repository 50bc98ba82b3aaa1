package io.renku.data.namespace;

import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
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
  private final Authz authz;

  public NamespaceService(NamespaceRepository namespaces, Authz authz) {
    this.namespaces = namespaces;
    this.authz = authz;
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
    Role minimum = minimumRole == null ? Role.VIEWER : minimumRole;
    // A direct role of at least the minimum: the role relations themselves.
    String[] roles =
        java.util.Arrays.stream(Role.values())
            .filter(r -> r.atLeast(minimum))
            .map(Role::value)
            .toArray(String[]::new);
    return namespaces.listForUser(
        caller.id(),
        authz.readable(caller, "group", roles).renamed("groups"),
        authz.readable(caller, "project", roles).renamed("projects"),
        wanted,
        paging);
  }

  /** User and group namespaces are public; old slugs resolve to the renamed namespace. */
  public Namespace get(String slug) {
    return namespaces
        .findBySlug(slug)
        .orElseThrow(() -> RenkuException.notFound("Namespace " + slug + " does not exist."));
  }

  /**
   * The namespace of the project {@code projectSlug} in the user or group namespace {@code
   * namespaceSlug} (old namespace slugs resolve); 404 when there is none or the caller may not read
   * the project, so that private projects stay invisible.
   */
  public Namespace getProjectNamespace(ApiUser caller, String namespaceSlug, String projectSlug) {
    Optional<Namespace> found =
        namespaces
            .findBySlug(namespaceSlug)
            .flatMap(ns -> namespaces.findProject(ns.id(), projectSlug))
            .filter(p -> authz.has(caller, PlatformRelations.project(p.id()), "read"));
    return found.orElseThrow(
        () ->
            RenkuException.notFound(
                "Namespace " + namespaceSlug + "/" + projectSlug + " does not exist."));
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

  // Lookups and writes for the group and project services, without a permission check: the caller
  // decides (namespaces' rows are theirs to write, the rules are the callers').

  /** By current or old slug. */
  public Optional<Namespace> findBySlug(String slug) {
    return namespaces.findBySlug(slug);
  }

  /** By current slug only. */
  public Optional<Namespace> findByCurrentSlug(String slug) {
    return namespaces.findByCurrentSlug(slug);
  }

  public Optional<Namespace> findById(String id) {
    return namespaces.findById(id);
  }

  /** A new group's namespace. */
  public void addForGroup(String id, String slug, String groupId) {
    namespaces.insertForGroup(id, slug, groupId);
  }

  /** A new slug; the old one keeps resolving to the namespace. */
  public void rename(String namespaceId, String oldSlug, String newSlug) {
    namespaces.rename(namespaceId, oldSlug, newSlug);
  }
}
