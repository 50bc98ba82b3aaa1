package io.renku.data.dataconnector;

import io.renku.authz.ObjectRef;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.Permissions;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.ErrorCode;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.core.Ulid;
import io.renku.core.Visibility;
import io.renku.data.namespace.Namespace;
import io.renku.data.namespace.NamespaceService;
import io.renku.data.project.Project;
import io.renku.data.project.ProjectService;
import io.renku.data.search.SearchEntity;
import io.renku.data.search.SearchOutbox;
import io.renku.data.validation.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data connectors: who may see and change them, and every change to them. A connector is readable
 * when public or when the schema grants {@code read} (through its owner's {@code read_children}); a
 * connector the caller cannot read does not exist for them (404).
 */
@Service
public class DataConnectorService {
  private static final Logger log = LoggerFactory.getLogger(DataConnectorService.class);

  private final DataConnectorRepository connectors;
  private final DataConnectorLinkRepository links;
  private final DataConnectorSecretRepository connectorSecrets;
  private final DataConnectorStorageRules storageRules;
  private final NamespaceService namespaces;
  private final ProjectService projects;
  private final io.renku.data.secret.UserSecretService userSecrets;
  private final Authz authz;
  private final SearchOutbox search;

  public DataConnectorService(
      DataConnectorRepository connectors,
      DataConnectorLinkRepository links,
      DataConnectorSecretRepository connectorSecrets,
      DataConnectorStorageRules storageRules,
      NamespaceService namespaces,
      ProjectService projects,
      io.renku.data.secret.UserSecretService userSecrets,
      Authz authz,
      SearchOutbox search) {
    this.search = search;
    this.connectors = connectors;
    this.links = links;
    this.connectorSecrets = connectorSecrets;
    this.storageRules = storageRules;
    this.namespaces = namespaces;
    this.projects = projects;
    this.userSecrets = userSecrets;
    this.authz = authz;
  }

  /**
   * The connectors the caller can read, newest first: public ones, and private ones on which the
   * schema grants {@code read}, as SQL from {@link Authz#readable}.
   *
   * @param namespace a user or group slug, or {@code namespace/project}; blank for all
   */
  public Page<DataConnector> list(ApiUser caller, Paging paging, String namespace) {
    String namespaceId = null;
    String projectId = null;
    if (namespace != null && !namespace.isBlank()) {
      Optional<DataConnectorOwner> owner = findOwner(caller, namespace.strip());
      if (owner.isEmpty()) {
        return new Page<>(List.of(), paging, 0);
      }
      namespaceId = owner.get().namespaceId();
      projectId = owner.get().projectId();
    }
    boolean everything = caller.authenticated() && caller.admin();
    var readable = everything ? null : authz.readable(caller, DataConnectorRelations.TYPE, "read");
    return connectors.list(readable, namespaceId, projectId, paging);
  }

  @Transactional
  public DataConnector create(ApiUser caller, DataConnectorDraft draft) {
    caller.requireAuthenticated();
    String name = Fields.name("name", draft.name());
    if (draft.namespace() == null || draft.namespace().isBlank()) {
      throw RenkuException.validation("namespace", "is required");
    }
    DataConnectorOwner owner = writableOwner(caller, draft.namespace().strip());
    String slug =
        draft.slug() == null
            ? Slugs.fromName(name, "data-connector-" + Ulid.next().substring(20).toLowerCase())
            : Slugs.require("slug", draft.slug());
    DataConnectorStorage storage =
        storageRules.forCreation(
            draft.configuration(),
            draft.sourcePath(),
            draft.targetPath(),
            draft.readonly(),
            draft.storageUrl());
    if (connectors.slugTaken(owner.namespaceId(), owner.projectId(), slug)) {
      throw slugConflict(slug, owner.path());
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    DataConnector d =
        new DataConnector(
            Ulid.next(),
            name,
            owner.namespaceId(),
            owner.projectId(),
            owner.path(),
            slug,
            draft.visibility() == null ? Visibility.PRIVATE : Visibility.parse(draft.visibility()),
            Fields.description("description", draft.description()),
            Fields.keywords(draft.keywords()),
            storage,
            null,
            null,
            null,
            caller.id(),
            now,
            now);
    try {
      connectors.insert(d);
    } catch (DuplicateKeyException e) {
      throw slugConflict(slug, owner.path());
    }
    List<RelationshipUpdate> rels = new ArrayList<>();
    rels.add(
        PlatformRelations.touch(
            d.authzObject(), DataConnectorRelations.NAMESPACE, owner.subject()));
    rels.add(
        PlatformRelations.touch(
            d.authzObject(), DataConnectorRelations.PLATFORM, PlatformRelations.PLATFORM_SUBJECT));
    if (d.visibility() == Visibility.PUBLIC) {
      rels.addAll(PlatformRelations.publicViewers(d.authzObject(), true));
    }
    authz.write(rels);
    search.upsert(SearchEntity.DATA_CONNECTOR, d.id());
    log.info("User {} created data connector {} ({})", caller.id(), d.id(), owner.path());
    return d;
  }

  /** The connector, when the caller can read it; 404 otherwise. */
  public DataConnector get(ApiUser caller, String id) {
    DataConnector d = connectors.findById(id).orElseThrow(() -> notFound(id));
    if (!readable(caller, d)) {
      throw notFound(id);
    }
    return d;
  }

  /** A connector of a user or group namespace by its path. */
  public DataConnector getByPath(ApiUser caller, String namespaceSlug, String slug) {
    String path = namespaceSlug + "/" + slug;
    DataConnector d =
        namespaces
            .findBySlug(namespaceSlug)
            .filter(n -> n.kind() != Namespace.Kind.PROJECT)
            .flatMap(n -> connectors.findInNamespace(n.id(), slug))
            .filter(c -> readable(caller, c))
            .orElseThrow(() -> notFound(path));
    return d;
  }

  /** A connector of a project by its path; the project must be readable too. */
  public DataConnector getByProjectPath(
      ApiUser caller, String namespaceSlug, String projectSlug, String slug) {
    String path = namespaceSlug + "/" + projectSlug + "/" + slug;
    Project p;
    try {
      p = projects.getByPath(caller, namespaceSlug, projectSlug);
    } catch (RenkuException e) {
      throw e.errorCode() == ErrorCode.NOT_FOUND ? notFound(path) : e;
    }
    return connectors
        .findInProject(p.id(), slug)
        .filter(c -> readable(caller, c))
        .orElseThrow(() -> notFound(path));
  }

  @Transactional
  public DataConnector update(
      ApiUser caller, String id, DataConnectorChanges changes, String ifMatch) {
    caller.requireAuthenticated();
    DataConnector current = connectors.lock(id).orElseThrow(() -> notFound(id));
    if (!readable(caller, current)) {
      throw notFound(id);
    }
    if (current.global() && changes.namespace() != null) {
      throw RenkuException.validation("namespace", "a global data connector cannot be moved");
    }
    DataConnectorOwner target =
        changes.namespace() == null || changes.namespace().strip().equals(current.namespacePath())
            ? null
            : ownerOf(caller, changes.namespace().strip());
    if (target != null && target.same(current)) {
      target = null;
    }
    String slug = changes.slug() == null ? current.slug() : Slugs.require("slug", changes.slug());
    Visibility visibility =
        changes.visibility() == null
            ? current.visibility()
            : Visibility.parse(changes.visibility());
    // As the original: the path and the visibility are the owner's (delete) to change.
    boolean ownersChange =
        target != null || !slug.equals(current.slug()) || visibility != current.visibility();
    authz.require(
        caller,
        current.authzObject(),
        ownersChange ? "delete" : "write",
        () -> notFound(id),
        "this data connector");
    if (target != null) {
      requireWritable(caller, target);
    }
    ETags.requireMatch(ifMatch, current.etag());
    String namespaceId = target == null ? current.namespaceId() : target.namespaceId();
    String projectId = target == null ? current.projectId() : target.projectId();
    boolean pathChanged = target != null || !slug.equals(current.slug());
    if (pathChanged && !current.global() && connectors.slugTaken(namespaceId, projectId, slug)) {
      throw slugConflict(slug, target == null ? current.namespacePath() : target.path());
    }
    DataConnectorStorage storage =
        storageRules.forChange(
            current.storage(),
            changes.configuration(),
            changes.sourcePath(),
            changes.targetPath(),
            changes.readonly());
    DataConnector updated =
        new DataConnector(
            current.id(),
            changes.name() == null ? current.name() : Fields.name("name", changes.name()),
            namespaceId,
            projectId,
            target == null ? current.namespacePath() : target.path(),
            slug,
            visibility,
            changes.description() == null
                ? current.description()
                : Fields.description("description", changes.description()),
            changes.keywords() == null ? current.keywords() : Fields.keywords(changes.keywords()),
            storage,
            current.doi(),
            current.publisherName(),
            current.publisherUrl(),
            current.createdBy(),
            current.creationDate(),
            current.updatedAt());
    try {
      connectors.update(updated);
    } catch (DuplicateKeyException e) {
      throw slugConflict(slug, updated.namespacePath());
    }
    List<RelationshipUpdate> rels = new ArrayList<>();
    if (target != null) {
      DataConnectorOwner old = ownerOf(current);
      rels.add(
          PlatformRelations.delete(
              current.authzObject(), DataConnectorRelations.NAMESPACE, old.subject()));
      rels.add(
          PlatformRelations.touch(
              current.authzObject(), DataConnectorRelations.NAMESPACE, target.subject()));
      // As the original: moving a connector into a project links it to that project.
      if (target.projectId() != null && !links.exists(id, target.projectId())) {
        links.insert(
            new DataConnectorLink(
                Ulid.next(), id, target.projectId(), caller.id(), updated.updatedAt()));
      }
    }
    if (visibility != current.visibility()) {
      rels.addAll(
          PlatformRelations.publicViewers(current.authzObject(), visibility == Visibility.PUBLIC));
    }
    if (!rels.isEmpty()) {
      authz.write(rels);
    }
    search.upsert(SearchEntity.DATA_CONNECTOR, id);
    log.info("User {} updated data connector {}", caller.id(), id);
    return connectors.findById(id).orElseThrow();
  }

  /** Deletes a connector with its links and every user's credentials saved for it. */
  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAuthenticated();
    // 404 for a connector that does not exist, as for one the caller cannot see (as projects and
    // the original): a 204 would tell which ids exist.
    connectors.findById(id).orElseThrow(() -> notFound(id));
    authz.require(
        caller,
        DataConnectorRelations.dataConnector(id),
        "delete",
        () -> notFound(id),
        "this data connector");
    remove(id);
    log.info("User {} deleted data connector {}", caller.id(), id);
  }

  /**
   * Removes the connectors a project owns, with their relationships and saved credentials, in the
   * project's deleting transaction (its service checked that the caller may delete it).
   */
  @EventListener
  public void onProjectDeleting(ProjectService.Deleting event) {
    for (String id : connectors.idsOwnedByProject(event.projectId())) {
      remove(id);
    }
  }

  /**
   * A group or a user is being deleted with its namespace and projects: their connectors go too,
   * with the relationships and everybody's saved credentials, which the database's cascades would
   * leave behind.
   */
  @EventListener
  public void onNamespaceDeleting(io.renku.data.namespace.NamespaceDeleting event) {
    for (String id : connectors.idsOwnedByNamespace(event.namespaceId())) {
      remove(id);
    }
    for (String projectId : event.projectIds()) {
      for (String id : connectors.idsOwnedByProject(projectId)) {
        remove(id);
      }
    }
  }

  private void remove(String id) {
    for (var saved : connectorSecrets.savedFor(id)) {
      userSecrets.removeStorageSecret(saved.userId(), saved.secretId());
    }
    authz.removeAllOf(DataConnectorRelations.dataConnector(id));
    connectors.delete(id);
    search.delete(SearchEntity.DATA_CONNECTOR, id);
  }

  public Permissions permissions(ApiUser caller, String id) {
    DataConnector d = get(caller, id);
    if (!caller.authenticated()) {
      return new Permissions(false, false, false);
    }
    return authz.permissions(caller, d.authzObject());
  }

  /** The credential options of the connector's storage type that its configuration uses. */
  public List<io.renku.data.storage.StorageOption> sensitiveFields(DataConnector d) {
    return storageRules.sensitiveFields(d.storage());
  }

  /**
   * For a session of the project: every connector linked to it that the caller may read, with the
   * configuration without credentials and the ids of the caller's saved credentials. Connectors the
   * caller cannot read are left out (they are never mounted).
   */
  public List<SessionDataConnector> forSession(ApiUser caller, String projectId) {
    projects.get(caller, projectId);
    List<String> ids =
        links.ofProject(projectId).stream().map(DataConnectorLink::dataConnectorId).toList();
    List<DataConnector> readable = readableOf(caller, connectors.findAll(ids));
    List<SessionDataConnector> out = new ArrayList<>();
    for (DataConnector d : readable) {
      Map<String, String> secretIds = new LinkedHashMap<>();
      if (caller.authenticated()) {
        for (DataConnectorSecret s : connectorSecrets.list(caller.id(), d.id())) {
          secretIds.put(s.name(), s.secretId());
        }
      }
      out.add(
          new SessionDataConnector(
              d.id(),
              d.slug(),
              d.storage().storageType(),
              storageRules.withoutCredentials(d.storage()),
              d.storage().sourcePath(),
              d.storage().targetPath(),
              d.storage().readonly(),
              secretIds));
    }
    out.sort(java.util.Comparator.comparing(SessionDataConnector::targetPath));
    return out;
  }

  /** The connectors among {@code all} that the caller can read. */
  List<DataConnector> readableOf(ApiUser caller, List<DataConnector> all) {
    List<ObjectRef> privateOnes =
        all.stream()
            .filter(d -> d.visibility() != Visibility.PUBLIC)
            .map(DataConnector::authzObject)
            .toList();
    Map<ObjectRef, Boolean> allowed =
        privateOnes.isEmpty() ? Map.of() : authz.hasEach(caller, privateOnes, "read");
    return all.stream()
        .filter(
            d ->
                d.visibility() == Visibility.PUBLIC || allowed.getOrDefault(d.authzObject(), false))
        .toList();
  }

  /** Public connectors grant {@code read} to everyone; only private ones need a check. */
  boolean readable(ApiUser caller, DataConnector d) {
    return d.visibility() == Visibility.PUBLIC || authz.has(caller, d.authzObject(), "read");
  }

  /** The owner named by {@code path}, when it exists and the caller can see it. */
  private Optional<DataConnectorOwner> findOwner(ApiUser caller, String path) {
    try {
      return Optional.of(ownerOf(caller, path));
    } catch (RenkuException e) {
      // a filter naming no namespace (or no well-formed one) matches nothing
      if (e.errorCode() == ErrorCode.NOT_FOUND || e.errorCode() == ErrorCode.VALIDATION) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A user or group namespace ({@code slug}) or a project ({@code namespace/project}); 404. */
  private DataConnectorOwner ownerOf(ApiUser caller, String path) {
    String[] parts = path.split("/", -1);
    if (parts.length == 1) {
      Namespace ns =
          namespaces
              .findBySlug(parts[0])
              .filter(n -> n.kind() != Namespace.Kind.PROJECT)
              .orElseThrow(() -> namespaceNotFound(path));
      return new DataConnectorOwner(ns.id(), null, ns.slug(), ns.authzObject());
    }
    if (parts.length == 2) {
      Project p;
      try {
        p = projects.getByPath(caller, parts[0], parts[1]);
      } catch (RenkuException e) {
        throw e.errorCode() == ErrorCode.NOT_FOUND ? namespaceNotFound(path) : e;
      }
      return new DataConnectorOwner(
          null, p.id(), p.namespaceSlug() + "/" + p.slug(), PlatformRelations.project(p.id()));
    }
    throw RenkuException.validation("namespace", "must be a namespace slug or namespace/project");
  }

  private DataConnectorOwner ownerOf(DataConnector d) {
    ObjectRef object =
        d.projectId() != null
            ? PlatformRelations.project(d.projectId())
            : namespaces.findById(d.namespaceId()).orElseThrow().authzObject();
    return new DataConnectorOwner(d.namespaceId(), d.projectId(), d.namespacePath(), object);
  }

  private DataConnectorOwner writableOwner(ApiUser caller, String path) {
    return requireWritable(caller, ownerOf(caller, path));
  }

  /** 403 unless the caller may put connectors into (or take them out of) the owner. */
  private DataConnectorOwner requireWritable(ApiUser caller, DataConnectorOwner owner) {
    if (owner.projectId() != null) {
      projects.requireWrite(caller, owner.projectId());
      return owner;
    }
    boolean own =
        owner.authzObject().type().equals("user_namespace")
            && namespaces
                .findById(owner.namespaceId())
                .map(n -> caller.id().equals(n.ownerId()))
                .orElse(false);
    if (!own && !authz.has(caller, owner.authzObject(), "write")) {
      throw RenkuException.forbidden(
          "You do not have the permission to add data connectors to or move them out of namespace "
              + owner.path()
              + ".");
    }
    return owner;
  }

  private static RenkuException slugConflict(String slug, String path) {
    return RenkuException.conflict(
        "A data connector with the slug " + slug + " already exists in namespace " + path + ".");
  }

  private static RenkuException namespaceNotFound(String path) {
    return RenkuException.notFound(
        "Namespace " + path + " does not exist or you do not have access to it.");
  }

  static RenkuException notFound(String idOrPath) {
    return RenkuException.notFound(
        "Data connector " + idOrPath + " does not exist or you do not have access to it.");
  }
}
