package io.renku.data.group;

import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.Permissions;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.core.Ulid;
import io.renku.data.member.Member;
import io.renku.data.member.MemberChange;
import io.renku.data.member.Memberships;
import io.renku.data.namespace.Namespace;
import io.renku.data.namespace.NamespaceService;
import io.renku.data.platform.PlatformService;
import io.renku.data.project.ProjectService;
import io.renku.data.search.SearchEntity;
import io.renku.data.search.SearchOutbox;
import io.renku.data.validation.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Groups: creation, renaming, deletion with everything inside, and membership. */
@Service
public class GroupService {
  private static final Logger log = LoggerFactory.getLogger(GroupService.class);

  private final GroupRepository groups;
  private final NamespaceService namespaces;
  private final ProjectService projects;
  private final Memberships memberships;
  private final Authz authz;
  private final PlatformService platform;
  private final SearchOutbox search;

  private final org.springframework.context.ApplicationEventPublisher events;

  public GroupService(
      GroupRepository groups,
      NamespaceService namespaces,
      ProjectService projects,
      Memberships memberships,
      Authz authz,
      PlatformService platform,
      SearchOutbox search,
      org.springframework.context.ApplicationEventPublisher events) {
    this.search = search;
    this.platform = platform;
    this.events = events;
    this.groups = groups;
    this.namespaces = namespaces;
    this.projects = projects;
    this.memberships = memberships;
    this.authz = authz;
  }

  public Page<Group> list(ApiUser caller, Paging paging, boolean directMember) {
    if (directMember) {
      if (!caller.authenticated()) {
        return new Page<>(List.of(), paging, 0);
      }
      return groups.list(paging, memberships.directlyMemberOf(caller.id(), "group"));
    }
    return groups.list(paging, null);
  }

  @Transactional
  public Group create(ApiUser caller, String name, String slug, String description) {
    caller.requireAuthenticated();
    if (!platform.mayCreate(caller, "create_groups")) {
      throw RenkuException.forbidden("You do not have permission to create groups.");
    }
    Group group =
        new Group(
            Ulid.next(),
            Fields.name("name", name),
            Slugs.require("slug", slug),
            Ulid.next(),
            Fields.description("description", description),
            caller.id(),
            OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    if (namespaces.slugTaken(group.slug())) {
      throw RenkuException.conflict("The slug " + group.slug() + " is already in use.");
    }
    groups.insert(group);
    namespaces.addForGroup(group.namespaceId(), group.slug(), group.id());
    authz.write(PlatformRelations.newGroup(group.id(), caller.id()));
    search.upsert(SearchEntity.GROUP, group.id());
    log.info("User {} created group {}", caller.id(), group.slug());
    return group;
  }

  /** A group by its slug, or by a slug it had before a rename. */
  public Group get(ApiUser caller, String slug) {
    Group group = find(slug, true);
    if (!authz.has(caller, PlatformRelations.group(group.id()), "read")) {
      throw notFound(slug);
    }
    return group;
  }

  /**
   * Renames a group or changes its slug or description: the owners' (and admins') right, as in the
   * original (its {@code update_group} asks for {@code delete}). A group's {@code write} is the
   * right to put projects into its namespace; the slug is the first part of every project path in
   * it, so an editor must not change it.
   */
  @Transactional
  public Group update(
      ApiUser caller, String slug, String newName, String newSlug, String newDescription) {
    Group group = requirePermission(caller, find(slug, true), "read");
    if (!authz.has(caller, PlatformRelations.group(group.id()), "delete")) {
      throw RenkuException.forbidden(
          "Only an owner of this group can change its name, slug or description.");
    }
    String name = newName == null ? group.name() : Fields.name("name", newName);
    String description =
        newDescription != null
            ? Fields.description("description", newDescription)
            : group.description();
    groups.lock(group.id());
    if (newSlug != null && !newSlug.equals(group.slug())) {
      Slugs.require("slug", newSlug);
      boolean reclaimingOwnOld =
          namespaces
              .findBySlug(newSlug)
              .map(ns -> ns.id().equals(group.namespaceId()))
              .orElse(false);
      if (namespaces.slugTaken(newSlug) && !reclaimingOwnOld) {
        throw RenkuException.conflict("The slug " + newSlug + " is already in use.");
      }
      namespaces.rename(group.namespaceId(), group.slug(), newSlug);
      search.upsertAllUnder(group.namespaceId());
      log.info("Group {} renamed to {}", group.slug(), newSlug);
    }
    groups.update(group.id(), name, description);
    search.upsert(SearchEntity.GROUP, group.id());
    return groups.findById(group.id()).orElseThrow();
  }

  /** Deletes a group with its projects. Only the current slug works, never an old one. */
  @Transactional
  public void delete(ApiUser caller, String slug) {
    Group group = requirePermission(caller, find(slug, false), "delete");
    List<String> projectIds = projects.idsInNamespace(group.namespaceId());
    events.publishEvent(
        new io.renku.data.namespace.NamespaceDeleting(group.namespaceId(), projectIds));
    for (String projectId : projectIds) {
      authz.removeAllOf(PlatformRelations.project(projectId));
      search.delete(SearchEntity.PROJECT, projectId);
    }
    authz.removeAllOf(PlatformRelations.group(group.id()));
    groups.delete(group.id());
    search.deleteUnder(SearchEntity.GROUP, group.id(), group.slug());
    log.info("User {} deleted group {}", caller.id(), group.slug());
  }

  public List<Member> members(ApiUser caller, String slug) {
    return memberships.list(PlatformRelations.group(get(caller, slug).id()));
  }

  @Transactional
  public List<MemberChange> upsertMembers(ApiUser caller, String slug, List<MemberChange> changes) {
    Group group = requirePermission(caller, find(slug, true), "change_membership");
    groups.lock(group.id());
    memberships.upsert(PlatformRelations.group(group.id()), changes);
    search.upsert(SearchEntity.GROUP, group.id());
    return changes;
  }

  @Transactional
  public void removeMember(ApiUser caller, String slug, String userId) {
    Group group = requirePermission(caller, find(slug, true), "change_membership");
    groups.lock(group.id());
    if (memberships.remove(PlatformRelations.group(group.id()), userId)) {
      search.upsert(SearchEntity.GROUP, group.id());
    }
  }

  public Permissions permissions(ApiUser caller, String slug) {
    return authz.permissions(caller, PlatformRelations.group(get(caller, slug).id()));
  }

  private Group find(String slug, boolean allowOldSlug) {
    var ns = allowOldSlug ? namespaces.findBySlug(slug) : namespaces.findByCurrentSlug(slug);
    return ns.filter(n -> n.kind() == Namespace.Kind.GROUP)
        .flatMap(n -> groups.findById(n.ownerId()))
        .orElseThrow(() -> notFound(slug));
  }

  /**
   * 401 for anonymous callers (every change needs a login), 404 when the caller cannot even see the
   * group, 403 when they can but may not do this.
   */
  private Group requirePermission(ApiUser caller, Group group, String permission) {
    authz.require(
        caller,
        PlatformRelations.group(group.id()),
        permission,
        () -> notFound(group.slug()),
        "this group");
    return group;
  }

  private static RenkuException notFound(String slug) {
    return RenkuException.notFound(
        "Group " + slug + " does not exist or you do not have access to it.");
  }

  /** One group by id, without a permission check (resource pool membership checks existence). */
  public Optional<Group> findById(String id) {
    return groups.findById(id);
  }
}
