package io.renku.data.account;

import io.renku.authz.ObjectRef;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.core.Ulid;
import io.renku.data.member.Memberships;
import io.renku.data.namespace.NamespaceService;
import io.renku.data.project.ProjectService;
import io.renku.data.search.SearchEntity;
import io.renku.data.search.SearchOutbox;
import io.renku.data.user.User;
import io.renku.data.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account lifecycle, above users, namespaces and projects: registration (a user row, their
 * namespace and relationships) and deletion (with their namespace's projects and relationships). It
 * lives here, not in {@code user}, so that the user domain needs neither namespaces nor projects.
 */
@Service
public class AccountService {
  private static final Logger log = LoggerFactory.getLogger(AccountService.class);

  private final UserService users;
  private final NamespaceService namespaces;
  private final ProjectService projects;
  private final Authz authz;
  private final TransactionTemplate tx;
  private final SearchOutbox search;
  private final Memberships memberships;

  /**
   * Who was registered by this process, with the profile the database has for them, so that the
   * common case, a known user calling again with the same claims, costs no database round trip; a
   * change of admin role, names, e-mail or its verification is written at the next call.
   */
  private final Map<String, Profile> registered = new ConcurrentHashMap<>();

  /** What of a caller's claims is kept in the database. */
  private record Profile(
      boolean admin, String email, boolean emailVerified, String firstName, String lastName) {
    static Profile of(ApiUser u) {
      return new Profile(u.admin(), u.email(), u.emailVerified(), u.firstName(), u.lastName());
    }
  }

  private final org.springframework.context.ApplicationEventPublisher events;

  public AccountService(
      UserService users,
      NamespaceService namespaces,
      ProjectService projects,
      Authz authz,
      TransactionTemplate tx,
      SearchOutbox search,
      Memberships memberships,
      org.springframework.context.ApplicationEventPublisher events) {
    this.search = search;
    this.memberships = memberships;
    this.events = events;
    this.users = users;
    this.namespaces = namespaces;
    this.projects = projects;
    this.authz = authz;
    this.tx = tx;
  }

  /**
   * Registers a logged-in caller on first sight (user row, namespace, relationships) and keeps
   * their profile and platform-admin relationship in step with the token.
   */
  public void ensureRegistered(ApiUser caller) {
    if (!caller.authenticated()) {
      return;
    }
    Profile profile = Profile.of(caller);
    if (profile.equals(registered.get(caller.id()))) {
      return;
    }
    tx.executeWithoutResult(s -> register(caller));
    registered.put(caller.id(), profile);
  }

  /**
   * Registers or updates a user as the identity provider's directory describes them (user
   * synchronisation), including whether they are a platform administrator.
   */
  public void syncFromDirectory(ApiUser user) {
    tx.executeWithoutResult(s -> register(user));
    registered.put(user.id(), Profile.of(user));
  }

  private void register(ApiUser caller) {
    String first = trim(caller.firstName(), 256);
    String last = trim(caller.lastName(), 256);
    String email = trim(caller.email(), 320);
    boolean verified = email != null && caller.emailVerified();
    if (users.addIfAbsent(caller.id(), first, last, email, verified)) {
      String slug = freeNamespaceSlug(caller);
      String namespaceId = Ulid.next();
      namespaces.addForUser(namespaceId, slug, caller.id());
      authz.write(PlatformRelations.newUserNamespace(namespaceId, caller.id()));
      search.upsert(SearchEntity.USER, caller.id());
      log.info("Registered user {} with namespace {}", caller.id(), slug);
    } else if (users.updateProfile(caller.id(), first, last, email, verified)) {
      search.upsert(SearchEntity.USER, caller.id());
    }
    var adminTuple =
        caller.admin()
            ? PlatformRelations.touch(
                PlatformRelations.PLATFORM, "admin", PlatformRelations.user(caller.id()))
            : PlatformRelations.delete(
                PlatformRelations.PLATFORM, "admin", PlatformRelations.user(caller.id()));
    authz.write(List.of(adminTuple));
  }

  /** E-mail local part, else first-last, else user_<id>; numbered or randomised on collision. */
  private String freeNamespaceSlug(ApiUser caller) {
    String fallback =
        Slugs.fromName("user_" + caller.id(), "user-" + Ulid.next().toLowerCase(Locale.ROOT));
    String base;
    if (caller.email() != null && caller.email().contains("@")) {
      base = Slugs.fromName(caller.email().substring(0, caller.email().indexOf('@')), fallback);
    } else if (caller.firstName() != null || caller.lastName() != null) {
      base =
          Slugs.fromName(
              (caller.firstName() == null ? "" : caller.firstName())
                  + "-"
                  + (caller.lastName() == null ? "" : caller.lastName()),
              fallback);
    } else {
      base = fallback;
    }
    if (base.length() > 80) {
      base = Slugs.fromName(base.substring(0, 80), fallback);
    }
    if (!namespaces.slugTaken(base)) {
      return base;
    }
    for (int i = 1; i <= 5; i++) {
      String candidate = base + "-" + i;
      if (!namespaces.slugTaken(candidate)) {
        return candidate;
      }
    }
    for (int i = 0; i < 5; i++) {
      String candidate = base + "-" + Ulid.next().substring(20).toLowerCase(Locale.ROOT);
      if (!namespaces.slugTaken(candidate)) {
        return candidate;
      }
    }
    throw RenkuException.conflict("Could not find a free namespace slug for the new user.");
  }

  /** Deletes a user, their namespace, its projects and every relationship naming them. */
  @Transactional
  public void delete(ApiUser caller, String userId) {
    caller.requireAdmin();
    User user =
        users
            .find(userId)
            .orElseThrow(
                () -> RenkuException.notFound("User with id " + userId + " does not exist."));
    // The groups and projects they were a member of lose a member: their documents change too.
    List<String> memberOfGroups = memberships.directlyMemberOf(userId, "group");
    List<String> memberOfProjects =
        new ArrayList<>(memberships.directlyMemberOf(userId, "project"));
    var namespace = namespaces.findByUser(userId);
    namespace.ifPresent(
        ns -> {
          List<String> projectIds = projects.idsInNamespace(ns.id());
          memberOfProjects.removeAll(projectIds);
          events.publishEvent(new io.renku.data.namespace.NamespaceDeleting(ns.id(), projectIds));
          for (String projectId : projectIds) {
            authz.removeAllOf(PlatformRelations.project(projectId));
            search.delete(SearchEntity.PROJECT, projectId);
          }
          authz.removeAllOf(PlatformRelations.userNamespace(ns.id()));
        });
    memberOfGroups.forEach(id -> search.upsert(SearchEntity.GROUP, id));
    memberOfProjects.forEach(id -> search.upsert(SearchEntity.PROJECT, id));
    authz.removeAllOf(new ObjectRef("user", userId));
    users.remove(user.id());
    search.deleteUnder(SearchEntity.USER, userId, namespace.map(ns -> ns.slug()).orElse(null));
    registered.remove(userId);
    log.info("Deleted user {} ({})", userId, user.username());
  }

  private static String trim(String value, int max) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    return v.length() > max ? v.substring(0, max) : v;
  }
}
