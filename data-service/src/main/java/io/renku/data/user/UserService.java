package io.renku.data.user;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users: lookups and preferences, and the row operations the account lifecycle ({@code
 * account/AccountService}: registration, deletion) composes with namespaces and projects.
 */
@Service
public class UserService {
  static final int MAX_PINNED = 100;
  private static final Pattern PROJECT_PATH =
      Pattern.compile("^[A-Za-z0-9][A-Za-z0-9\\-_.]*/[A-Za-z0-9][A-Za-z0-9\\-_.]*$");

  private final UserRepository users;

  public UserService(UserRepository users) {
    this.users = users;
  }

  /**
   * Adds a user row unless one exists (the account lifecycle's registration); true if it was added.
   * No permission check: the caller decides.
   */
  public boolean addIfAbsent(
      String id, String firstName, String lastName, String email, boolean emailVerified) {
    return users.insertIfAbsent(id, firstName, lastName, email, emailVerified);
  }

  /**
   * Writes a known user's names and e-mail address; true if anything changed. No permission check:
   * the caller decides.
   */
  public boolean updateProfile(
      String id, String firstName, String lastName, String email, boolean emailVerified) {
    return users.updateProfile(id, firstName, lastName, email, emailVerified);
  }

  /** One user's row, without a permission check. */
  public Optional<User> find(String id) {
    return users.find(id);
  }

  /** Deletes a user's row (the account lifecycle's last step). No permission check. */
  public void remove(String id) {
    users.delete(id);
  }

  public User self(ApiUser caller) {
    caller.requireAuthenticated();
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

  public UserPreferences preferences(ApiUser caller) {
    caller.requireAuthenticated();
    return users.preferences(caller.id());
  }

  @Transactional
  public UserPreferences pin(ApiUser caller, String projectPath) {
    caller.requireAuthenticated();
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
    List<String> pinned = new ArrayList<>(users.preferences(caller.id()).pinnedProjects());
    if (projectPath == null || projectPath.isBlank()) {
      pinned.clear();
    } else {
      pinned.remove(projectPath);
    }
    users.savePinned(caller.id(), pinned);
    return users.preferences(caller.id());
  }

  /**
   * Whether the banner about migrating Renku v1 projects is shown to the caller ({@code false}:
   * dismissed). Unlike the original, showing it again for a user without stored preferences is not
   * a 404: such a user already sees it, and the answer is the same preferences a GET gives.
   */
  @Transactional
  public UserPreferences showProjectMigrationBanner(ApiUser caller, boolean show) {
    caller.requireAuthenticated();
    users.saveShowProjectMigrationBanner(caller.id(), show);
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
