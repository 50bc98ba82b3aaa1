package io.renku.data.project;

import io.renku.authz.ObjectRef;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.Permissions;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.core.Ulid;
import io.renku.core.Visibility;
import io.renku.data.member.Member;
import io.renku.data.member.MemberChange;
import io.renku.data.member.Memberships;
import io.renku.data.namespace.Namespace;
import io.renku.data.namespace.NamespaceService;
import io.renku.data.platform.PlatformService;
import io.renku.data.search.SearchEntity;
import io.renku.data.search.SearchOutbox;
import io.renku.data.validation.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects: who may see and change them, and every change to them. */
@Service
public class ProjectService {
  private static final Logger log = LoggerFactory.getLogger(ProjectService.class);
  static final String DEFAULT_SECRETS_MOUNT = "/secrets";

  private final ProjectRepository projects;
  private final NamespaceService namespaces;
  private final Memberships memberships;
  private final Authz authz;
  private final PlatformService platform;
  private final ApplicationEventPublisher events;
  private final SearchOutbox search;

  /**
   * Published in the deleting transaction, before the project's row goes: domains above this one
   * remove what the project owns (the data connectors, with their relationships and credentials).
   */
  public record Deleting(String projectId) {}

  public ProjectService(
      ProjectRepository projects,
      NamespaceService namespaces,
      Memberships memberships,
      Authz authz,
      PlatformService platform,
      ApplicationEventPublisher events,
      SearchOutbox search) {
    this.search = search;
    this.platform = platform;
    this.events = events;
    this.projects = projects;
    this.namespaces = namespaces;
    this.memberships = memberships;
    this.authz = authz;
  }

  /**
   * The projects the caller can read, newest first: the public ones, and the private ones on which
   * the caller has the schema's {@code read_children} (children of a readable namespace, or a
   * role), as SQL from {@link Authz#readable}.
   */
  public Page<Project> list(
      ApiUser caller, Paging paging, String namespaceSlug, boolean directMember) {
    String namespaceId = null;
    if (namespaceSlug != null && !namespaceSlug.isBlank()) {
      var ns = namespaces.findBySlug(namespaceSlug.strip());
      if (ns.isEmpty()) {
        return new Page<>(List.of(), paging, 0);
      }
      namespaceId = ns.get().id();
    }
    List<String> onlyIds = null;
    if (directMember) {
      if (!caller.authenticated()) {
        return new Page<>(List.of(), paging, 0);
      }
      onlyIds = memberships.directlyMemberOf(caller.id(), "project");
    }
    boolean everything = caller.authenticated() && caller.admin();
    String reader = caller.authenticated() && !everything ? caller.id() : null;
    var readable = reader == null ? null : authz.readable(caller, "project", "read_children");
    return projects.list(
        new ProjectQuery(everything, reader, readable, namespaceId, onlyIds), paging);
  }

  @Transactional
  public Project create(ApiUser caller, ProjectDraft draft) {
    return create(caller, draft, null);
  }

  private Project create(ApiUser caller, ProjectDraft draft, Project template) {
    caller.requireAuthenticated();
    if (!platform.mayCreate(caller, "create_projects")) {
      throw RenkuException.forbidden("You do not have permission to create projects.");
    }
    Namespace ns = writableNamespace(caller, draft.namespace());
    String name = Fields.name("name", draft.name());
    String slug =
        draft.slug() == null
            ? Slugs.fromName(name, "project-" + Ulid.next().substring(20).toLowerCase())
            : Slugs.require("slug", draft.slug());
    if (projects.slugTaken(ns.id(), slug)) {
      throw RenkuException.conflict(
          "A project with the slug " + slug + " already exists in namespace " + ns.slug() + ".");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Project p =
        new Project(
            Ulid.next(),
            name,
            ns.id(),
            ns.slug(),
            slug,
            draft.visibility() != null
                ? Visibility.parse(draft.visibility())
                : template != null ? template.visibility() : Visibility.PRIVATE,
            draft.description() != null
                ? Fields.description("description", draft.description())
                : template != null ? template.description() : null,
            draft.keywords() != null
                ? Fields.keywords(draft.keywords())
                : template != null ? template.keywords() : List.of(),
            draft.repositories() != null
                ? Fields.repositories(draft.repositories())
                : template != null ? template.repositories() : List.of(),
            draft.documentation() != null
                ? Fields.text("documentation", draft.documentation(), Fields.MAX_DOCUMENTATION)
                : template != null ? template.documentation() : null,
            draft.secretsMountDirectory() != null
                ? mountDirectory(draft.secretsMountDirectory())
                : template != null ? template.secretsMountDirectory() : DEFAULT_SECRETS_MOUNT,
            caller.id(),
            now,
            now,
            template == null ? null : template.id(),
            false);
    projects.insert(p);
    ObjectRef ref = PlatformRelations.project(p.id());
    List<RelationshipUpdate> rels = new ArrayList<>();
    rels.add(PlatformRelations.touch(ref, "owner", PlatformRelations.user(caller.id())));
    rels.add(PlatformRelations.touch(ref, "project_platform", PlatformRelations.PLATFORM_SUBJECT));
    rels.add(PlatformRelations.touch(ref, "project_namespace", namespaceSubject(ns)));
    if (p.visibility() == Visibility.PUBLIC) {
      rels.addAll(PlatformRelations.publicViewers(ref, true));
    }
    authz.write(rels);
    search.upsert(SearchEntity.PROJECT, p.id());
    log.info("User {} created project {} ({})", caller.id(), p.path(), p.id());
    return p;
  }

  /** The project, when the caller may change it (401 / 404 / 403 as for every change). */
  public Project requireWrite(ApiUser caller, String id) {
    return requirePermission(caller, id, "write");
  }

  public Project get(ApiUser caller, String id) {
    Project p = projects.findById(id).orElseThrow(() -> notFound(id));
    if (!readable(caller, p)) {
      throw notFound(id);
    }
    return p;
  }

  /**
   * Public projects carry {@code public_viewer} for every user and every anonymous visitor, which
   * grants {@code read} in the schema, so only private ones need a SpiceDB check.
   */
  private boolean readable(ApiUser caller, Project p) {
    return p.visibility() == Visibility.PUBLIC
        || authz.has(caller, PlatformRelations.project(p.id()), "read");
  }

  public Project getByPath(ApiUser caller, String namespaceSlug, String slug) {
    Project p =
        namespaces
            .findBySlug(namespaceSlug)
            .flatMap(ns -> projects.findByPath(ns.id(), slug))
            .orElseThrow(() -> notFound(namespaceSlug + "/" + slug));
    if (!readable(caller, p)) {
      throw notFound(namespaceSlug + "/" + slug);
    }
    return p;
  }

  @Transactional
  public Project update(ApiUser caller, String id, ProjectChanges changes, String ifMatch) {
    requirePermission(caller, id, "write");
    Project current = projects.lock(id).orElseThrow(() -> notFound(id));

    Namespace ns = namespaces.findById(current.namespaceId()).orElseThrow();
    Namespace target = movedTo(changes.namespace(), ns);
    String slug = changes.slug() == null ? current.slug() : Slugs.require("slug", changes.slug());
    Visibility visibility =
        changes.visibility() == null
            ? current.visibility()
            : Visibility.parse(changes.visibility());
    // As in the original: the path and the visibility are the owner's to change (delete), not an
    // editor's. Otherwise an editor could move the project into their own namespace, which grants
    // them delete and change_membership there, and then remove the owners (a takeover).
    if (target != null || !slug.equals(current.slug()) || visibility != current.visibility()) {
      // The caller has write, so they can read the project: 403, not 404.
      if (!authz.has(caller, PlatformRelations.project(id), "delete")) {
        throw RenkuException.forbidden(
            "Only an owner of this project can change its namespace, slug or visibility.");
      }
    }
    if (target != null) {
      // Moving takes the project out of one namespace and into another: write on both.
      requireWritable(caller, ns);
      ns = requireWritable(caller, target);
    }
    ETags.requireMatch(ifMatch, current.etag());
    boolean pathChanged = !ns.id().equals(current.namespaceId()) || !slug.equals(current.slug());
    if (pathChanged && projects.slugTaken(ns.id(), slug)) {
      throw RenkuException.conflict(
          "A project with the slug " + slug + " already exists in namespace " + ns.slug() + ".");
    }
    if (changes.templateId() != null && !changes.templateId().isEmpty()) {
      throw RenkuException.validation(
          "template_id", "can only be set to \"\" to unlink the template");
    }
    Project updated =
        new Project(
            current.id(),
            changes.name() == null ? current.name() : Fields.name("name", changes.name()),
            ns.id(),
            ns.slug(),
            slug,
            visibility,
            changes.description() == null
                ? current.description()
                : Fields.description("description", changes.description()),
            changes.keywords() == null ? current.keywords() : Fields.keywords(changes.keywords()),
            changes.repositories() == null
                ? current.repositories()
                : Fields.repositories(changes.repositories()),
            changes.documentation() == null
                ? current.documentation()
                : Fields.text("documentation", changes.documentation(), Fields.MAX_DOCUMENTATION),
            changes.secretsMountDirectory() == null
                ? current.secretsMountDirectory()
                : mountDirectory(changes.secretsMountDirectory()),
            current.createdBy(),
            current.creationDate(),
            current.updatedAt(),
            changes.templateId() != null ? null : current.templateId(),
            changes.isTemplate() == null ? current.isTemplate() : changes.isTemplate());
    projects.update(updated);
    if (pathChanged) {
      projects.rememberOldPath(current.namespaceId(), current.slug(), current.id());
      search.upsertConnectorsOf(id);
    }
    search.upsert(SearchEntity.PROJECT, id);
    ObjectRef ref = PlatformRelations.project(id);
    List<RelationshipUpdate> rels = new ArrayList<>();
    if (!ns.id().equals(current.namespaceId())) {
      Namespace old = namespaces.findById(current.namespaceId()).orElseThrow();
      rels.add(PlatformRelations.delete(ref, "project_namespace", namespaceSubject(old)));
      rels.add(PlatformRelations.touch(ref, "project_namespace", namespaceSubject(ns)));
    }
    if (visibility != current.visibility()) {
      rels.addAll(PlatformRelations.publicViewers(ref, visibility == Visibility.PUBLIC));
    }
    if (!rels.isEmpty()) {
      authz.write(rels);
    }
    log.info("User {} updated project {}", caller.id(), updated.id());
    return projects.findById(id).orElseThrow();
  }

  @Transactional
  public void delete(ApiUser caller, String id) {
    requirePermission(caller, id, "delete");
    events.publishEvent(new Deleting(id));
    authz.removeAllOf(PlatformRelations.project(id));
    projects.delete(id);
    search.delete(SearchEntity.PROJECT, id);
    log.info("User {} deleted project {}", caller.id(), id);
  }

  public List<Member> members(ApiUser caller, String id) {
    get(caller, id);
    return memberships.list(PlatformRelations.project(id));
  }

  @Transactional
  public List<MemberChange> upsertMembers(ApiUser caller, String id, List<MemberChange> changes) {
    requirePermission(caller, id, "change_membership");
    projects.lock(id);
    memberships.upsert(PlatformRelations.project(id), changes);
    search.upsert(SearchEntity.PROJECT, id);
    return changes;
  }

  @Transactional
  public void removeMember(ApiUser caller, String id, String userId) {
    requirePermission(caller, id, "change_membership");
    projects.lock(id);
    if (memberships.remove(PlatformRelations.project(id), userId)) {
      search.upsert(SearchEntity.PROJECT, id);
    }
  }

  public Permissions permissions(ApiUser caller, String id) {
    get(caller, id);
    return authz.permissions(caller, PlatformRelations.project(id));
  }

  /** Projects copied from this one that the caller can read (or write, when asked). */
  public List<Project> copies(ApiUser caller, String id, boolean writable) {
    get(caller, id);
    List<Project> all = projects.copiesOf(id);
    if (all.isEmpty()) {
      return all;
    }
    Map<ObjectRef, Boolean> allowed =
        authz.hasEach(
            caller,
            all.stream().map(p -> PlatformRelations.project(p.id())).toList(),
            writable ? "write" : "read");
    return all.stream()
        .filter(p -> allowed.getOrDefault(PlatformRelations.project(p.id()), false))
        .toList();
  }

  /** Creates a project from a template: fields not given in the draft come from the template. */
  @Transactional
  public Project copy(ApiUser caller, String templateId, ProjectDraft draft) {
    // A change like any other: 401 before any lookup, so anonymous callers learn nothing.
    caller.requireAuthenticated();
    Project template = get(caller, templateId);
    return create(caller, draft, template);
  }

  private Namespace writableNamespace(ApiUser caller, String slug) {
    return requireWritable(caller, userOrGroupNamespace(slug));
  }

  /**
   * The namespace a PATCH moves the project to, or null when it names the current one (by its slug
   * or by one it had before a rename).
   */
  private Namespace movedTo(String slug, Namespace current) {
    if (slug == null || slug.equals(current.slug())) {
      return null;
    }
    Namespace target = userOrGroupNamespace(slug);
    return target.id().equals(current.id()) ? null : target;
  }

  private Namespace userOrGroupNamespace(String slug) {
    if (slug == null || slug.isBlank()) {
      throw RenkuException.validation("namespace", "must not be empty");
    }
    return namespaces
        .findBySlug(slug.strip())
        .filter(n -> n.kind() != Namespace.Kind.PROJECT)
        .orElseThrow(
            () ->
                RenkuException.notFound(
                    "Namespace " + slug + " does not exist or you do not have access to it."));
  }

  /** 403 unless the caller may put projects into (or take them out of) the namespace. */
  private Namespace requireWritable(ApiUser caller, Namespace ns) {
    // A user's own namespace is always writable by them (owner => delete => write).
    boolean own = ns.kind() == Namespace.Kind.USER && ns.ownerId().equals(caller.id());
    if (!own && !authz.has(caller, ns.authzObject(), "write")) {
      throw RenkuException.forbidden(
          "You do not have the permission to add projects to or move projects out of namespace "
              + ns.slug()
              + ".");
    }
    return ns;
  }

  private static io.renku.authz.SubjectRef namespaceSubject(Namespace ns) {
    ObjectRef o = ns.authzObject();
    return new io.renku.authz.SubjectRef(o.type(), o.id(), null);
  }

  /**
   * 401 for anonymous callers (every change needs a login, whatever the visibility), 404 when the
   * caller cannot see the project, 403 when they can but may not do this.
   */
  private Project requirePermission(ApiUser caller, String id, String permission) {
    caller.requireAuthenticated();
    Project p = projects.findById(id).orElseThrow(() -> notFound(id));
    authz.require(
        caller, PlatformRelations.project(id), permission, () -> notFound(id), "this project");
    return p;
  }

  private static String mountDirectory(String value) {
    if (value.isBlank() || value.length() > 2000) {
      throw RenkuException.validation("secrets_mount_directory", "must be 1 to 2000 characters");
    }
    return value.strip();
  }

  private static RenkuException notFound(String idOrPath) {
    return RenkuException.notFound(
        "Project " + idOrPath + " does not exist or you do not have access to it.");
  }

  /** The ids of a namespace's projects, without a permission check (the account's deletion). */
  public List<String> idsInNamespace(String namespaceId) {
    return projects.idsInNamespace(namespaceId);
  }

  /** One project by id, without a permission check (resource pool membership checks existence). */
  public Optional<Project> findById(String id) {
    return projects.findById(id);
  }
}
