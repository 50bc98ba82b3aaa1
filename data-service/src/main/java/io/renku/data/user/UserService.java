package io.renku.data.user;

import io.renku.authz.ObjectRef;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.core.Ulid;
import io.renku.data.authz.Authz;
import io.renku.data.authz.PlatformRelations;
import io.renku.data.namespace.NamespaceRepository;
import io.renku.data.project.ProjectRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Users: registration from token claims, lookups, deletion, preferences. */
@Service
public class UserService {
  private static final Logger log = LoggerFactory.getLogger(UserService.class);
  static final int MAX_PINNED = 100;
  private static final Pattern PROJECT_PATH =
      Pattern.compile("^[A-Za-z0-9][A-Za-z0-9\\-_.]*/[A-Za-z0-9][A-Za-z0-9\\-_.]*$");

  private final UserRepository users;
  private final NamespaceRepository namespaces;
  private final ProjectRepository projects;
  private final Authz authz;
  private final TransactionTemplate tx;

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

  public UserService(
      UserRepository users,
      NamespaceRepository namespaces,
      ProjectRepository projects,
      Authz authz,
      TransactionTemplate tx) {
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
    if (users.insertIfAbsent(caller.id(), first, last, email, verified)) {
      String slug = freeNamespaceSlug(caller);
      String namespaceId = Ulid.next();
      namespaces.insertForUser(namespaceId, slug, caller.id());
      authz.write(PlatformRelations.newUserNamespace(namespaceId, caller.id()));
      log.info("Registered user {} with namespace {}", caller.id(), slug);
    } else {
      users.updateProfile(caller.id(), first, last, email, verified);
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

  public User self(ApiUser caller) {
    caller.requireAuthenticated();
    ensureRegistered(caller);
    return users.find(caller.id()).orElseThrow(() -> RenkuException.notFound("User not found."));
  }

  /**
   * Everyone (admins only) or the users with one verified e-mail address (any logged-in user):
   * unverified addresses are never matched, so signing up with someone else's address does not make
   * one findable, nor addable as a member, under it.
   */
  public List<User> list(ApiUser caller, String exactEmail) {
    caller.requireAuthenticated();
    if (exactEmail == null || exactEmail.isBlank()) {
      caller.requireAdmin();
      return users.listAll();
    }
    return users.findByVerifiedEmail(exactEmail.trim());
  }

  /** One user; the e-mail address is shown only to the user themself and to admins. */
  public User get(ApiUser caller, String userId) {
    User user =
        users
            .find(userId)
            .orElseThrow(
                () -> RenkuException.notFound("User with id " + userId + " does not exist."));
    boolean mayseeEmail = caller.authenticated() && (caller.admin() || caller.id().equals(userId));
    return mayseeEmail ? user : user.withoutEmail();
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
    namespaces
        .findByUser(userId)
        .ifPresent(
            ns -> {
              for (String projectId : projects.idsInNamespace(ns.id())) {
                authz.removeAllOf(PlatformRelations.project(projectId));
              }
              authz.removeAllOf(PlatformRelations.userNamespace(ns.id()));
            });
    authz.removeAllOf(new ObjectRef("user", userId));
    users.delete(user.id());
    registered.remove(userId);
    log.info("Deleted user {} ({})", userId, user.username());
  }

  public UserPreferences preferences(ApiUser caller) {
    caller.requireAuthenticated();
    ensureRegistered(caller);
    return users.preferences(caller.id());
  }

  @Transactional
  public UserPreferences pin(ApiUser caller, String projectPath) {
    caller.requireAuthenticated();
    ensureRegistered(caller);
    if (projectPath == null || !PROJECT_PATH.matcher(projectPath).matches()) {
      throw RenkuException.validation("project_slug", "must be a project path 'namespace/slug'");
    }
    var pinned = new LinkedHashSet<>(users.preferences(caller.id()).pinnedProjects());
    pinned.add(projectPath);
    if (pinned.size() > MAX_PINNED) {
      throw RenkuException.validation(
          "project_slug", "at most " + MAX_PINNED + " projects can be pinned");
    }
    users.savePinned(caller.id(), new ArrayList<>(pinned));
    return users.preferences(caller.id());
  }

  @Transactional
  public UserPreferences unpin(ApiUser caller, String projectPath) {
    caller.requireAuthenticated();
    ensureRegistered(caller);
    List<String> pinned = new ArrayList<>(users.preferences(caller.id()).pinnedProjects());
    if (projectPath == null || projectPath.isBlank()) {
      pinned.clear();
    } else {
      pinned.remove(projectPath);
    }
    users.savePinned(caller.id(), pinned);
    return users.preferences(caller.id());
  }

  private static String trim(String value, int max) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    return v.length() > max ? v.substring(0, max) : v;
  }
}
