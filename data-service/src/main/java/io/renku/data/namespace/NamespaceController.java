package io.renku.data.namespace;

import io.renku.api.data.api.NamespacesApi;
import io.renku.api.data.model.NamespaceKind;
import io.renku.api.data.model.NamespaceResponse;
import io.renku.api.data.model.Role;
import io.renku.core.Paging;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /namespaces}. */
@RestController
public class NamespaceController implements NamespacesApi {
  private final NamespaceService namespaces;
  private final CurrentUser currentUser;

  public NamespaceController(NamespaceService namespaces, CurrentUser currentUser) {
    this.namespaces = namespaces;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<NamespaceResponse>> listNamespaces(
      Integer page, Integer perPage, Role minimumRole, List<NamespaceKind> kinds) {
    List<Namespace.Kind> wanted =
        kinds == null
            ? null
            : kinds.stream()
                .filter(java.util.Objects::nonNull) // ?kinds= (blank) converts to null: no filter
                .map(k -> Namespace.Kind.valueOf(k.getValue().toUpperCase(Locale.ROOT)))
                .toList();
    if (wanted != null && wanted.isEmpty()) {
      wanted = null;
    }
    io.renku.core.Role role =
        minimumRole == null ? null : io.renku.core.Role.parse(minimumRole.getValue());
    return PageResponses.of(
        namespaces
            .list(currentUser.get(), Paging.of(page, perPage), role, wanted)
            .map(NamespaceController::dto));
  }

  @Override
  public ResponseEntity<NamespaceResponse> getNamespace(String namespaceSlug) {
    return ResponseEntity.ok(dto(namespaces.get(namespaceSlug)));
  }

  @Override
  public ResponseEntity<NamespaceResponse> getProjectNamespace(
      String firstSlug, String secondSlug) {
    return ResponseEntity.ok(
        dto(namespaces.getProjectNamespace(currentUser.get(), firstSlug, secondSlug)));
  }

  static NamespaceResponse dto(Namespace ns) {
    String slug = ns.slug();
    String last = slug.contains("/") ? slug.substring(slug.lastIndexOf('/') + 1) : slug;
    return new NamespaceResponse(
            ns.id(),
            last,
            NamespaceKind.fromValue(ns.kind().name().toLowerCase(Locale.ROOT)),
            ns.slug())
        .name(ns.name())
        .creationDate(ns.creationDate())
        .createdBy(ns.createdBy());
  }
}
