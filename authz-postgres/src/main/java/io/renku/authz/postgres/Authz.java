package io.renku.authz.postgres;

import io.renku.authz.Authorizer;
import io.renku.authz.AuthorizerUnavailableException;
import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What services use for authorization: checks and lookups go to the engine (SpiceDB, or the
 * relational evaluator); relationship changes go to Postgres inside the caller's transaction and
 * reach SpiceDB right after it commits; readable sets and member lists are SQL over the same
 * Postgres table, compiled from the schema ({@link PermissionSql}), for repositories to join with.
 * No repository writes a rule of the schema by hand.
 */
public class Authz {
  private static final Logger log = LoggerFactory.getLogger(Authz.class);
  private static final SubjectRef ANONYMOUS = new SubjectRef("anonymous_user", "anonymous", null);
  private static final Object FLUSH_KEY = new Object();

  private final Authorizer authorizer;
  private final RelationshipStore store;
  private final AuthzSync sync;
  private final CheckCache checks = new CheckCache(100_000);

  public Authz(Authorizer authorizer, RelationshipStore store, AuthzSync sync) {
    this.authorizer = authorizer;
    this.store = store;
    this.sync = sync;
  }

  public static SubjectRef subject(ApiUser user) {
    return user.authenticated() ? PlatformRelations.user(user.id()) : ANONYMOUS;
  }

  /** One check, answered from {@link CheckCache} while the relationship generation stands. */
  public boolean has(ApiUser user, ObjectRef resource, String permission) {
    SubjectRef subject = subject(user);
    return checks.answer(
        store.generation(),
        new CheckCache.Key(subject, resource, permission),
        () -> {
          try {
            return authorizer.check(subject, resource, permission);
          } catch (AuthorizerUnavailableException e) {
            throw RenkuException.unavailable("The authorization service is not reachable.", e);
          }
        });
  }

  /** Checks in bulk; only those {@link CheckCache} cannot answer go to the authorizer. */
  public Map<ObjectRef, Boolean> hasEach(
      ApiUser user, Collection<ObjectRef> resources, String permission) {
    SubjectRef subject = subject(user);
    long generation = store.generation();
    Map<ObjectRef, Boolean> answers = new LinkedHashMap<>();
    List<ObjectRef> unknown = new ArrayList<>();
    for (ObjectRef resource : resources) {
      Boolean known = checks.cached(generation, new CheckCache.Key(subject, resource, permission));
      if (known != null) {
        answers.put(resource, known);
      } else {
        unknown.add(resource);
      }
    }
    if (unknown.isEmpty()) {
      return answers;
    }
    try {
      authorizer
          .checkBulk(subject, unknown, permission)
          .forEach(
              (resource, answer) -> {
                checks.put(generation, new CheckCache.Key(subject, resource, permission), answer);
                answers.put(resource, answer);
              });
    } catch (AuthorizerUnavailableException e) {
      throw RenkuException.unavailable("The authorization service is not reachable.", e);
    }
    return answers;
  }

  /**
   * Requires {@code permission} on {@code resource}: 401 for anonymous callers, 404 (from {@code
   * notFound}) when the caller cannot even read the resource, 403 when they can but lack the
   * permission. Anonymous callers never learn whether a private resource exists.
   *
   * @param what how the message names the resource, e.g. "this project"
   */
  public void require(
      ApiUser caller,
      ObjectRef resource,
      String permission,
      java.util.function.Supplier<RenkuException> notFound,
      String what) {
    caller.requireAuthenticated();
    if (has(caller, resource, permission)) {
      return;
    }
    if (!has(caller, resource, "read")) {
      throw notFound.get();
    }
    throw RenkuException.forbidden(
        "You do not have the permission to " + permission.replace('_', ' ') + " " + what + ".");
  }

  /**
   * Ids of the resources of a type on which the caller has the permission (SpiceDB
   * LookupResources); for anonymous callers, what anonymous visitors have.
   */
  public List<String> lookup(ApiUser user, String resourceType, String permission) {
    return lookup(subject(user), resourceType, permission);
  }

  /** {@link #lookup(ApiUser, String, String)} for any subject, e.g. another user. */
  public List<String> lookup(SubjectRef subject, String resourceType, String permission) {
    try {
      return authorizer.lookupResources(resourceType, permission, subject);
    } catch (AuthorizerUnavailableException e) {
      throw RenkuException.unavailable("The authorization service is not reachable.", e);
    }
  }

  /**
   * The resources of {@code resourceType} on which the caller (an anonymous visitor when not logged
   * in) has any of {@code names}, as SQL a repository joins with ({@link
   * RelationshipStore#readable}).
   */
  public ResourceSet.Query readable(ApiUser user, String resourceType, String... names) {
    return readable(subject(user), resourceType, names);
  }

  /** {@link #readable(ApiUser, String, String...)} for any subject. */
  public ResourceSet.Query readable(SubjectRef subject, String resourceType, String... names) {
    return store.readable(resourceType, List.of(names), subject);
  }

  /** The ids of {@link #readable(SubjectRef, String, String...)}, read now, each once. */
  public List<String> readableIds(SubjectRef subject, String resourceType, String... names) {
    return store.ids(readable(subject, resourceType, names));
  }

  /**
   * The users (or groups, projects) that hold one of {@code relations} on {@code resource}
   * directly, as SQL a repository joins with (e.g. with user names).
   */
  public RelationshipStore.SubjectRows directSubjects(ObjectRef resource, String... relations) {
    return store.directSubjects(resource, List.of(relations));
  }

  /** {@link #directSubjects} read now, ordered by subject type, id and relation. */
  public List<Relationship> readDirectSubjects(ObjectRef resource, String... relations) {
    return store.readDirectSubjects(resource, List.of(relations));
  }

  /** What the caller may do with a group or project (three checks). */
  public Permissions permissions(ApiUser caller, ObjectRef resource) {
    return new Permissions(
        has(caller, resource, "write"),
        has(caller, resource, "delete"),
        has(caller, resource, "change_membership"));
  }

  /** Stages relationship changes in the current transaction. */
  public void write(List<RelationshipUpdate> updates) {
    store.apply(updates);
    flushAfterCommit();
  }

  /** Removes every relationship of a deleted entity in the current transaction. */
  public void removeAllOf(ObjectRef object) {
    store.removeAllOf(object);
    flushAfterCommit();
  }

  private void flushAfterCommit() {
    if (TransactionSynchronizationManager.hasResource(FLUSH_KEY)) {
      return;
    }
    TransactionSynchronizationManager.bindResource(FLUSH_KEY, Boolean.TRUE);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(FLUSH_KEY);
            if (status != STATUS_COMMITTED) {
              return;
            }
            try {
              sync.flush();
            } catch (RuntimeException e) {
              // The change is committed in Postgres; the sync loop applies it once SpiceDB is back.
              log.warn("Could not apply authorization changes to SpiceDB yet: {}", e.getMessage());
            }
          }
        });
  }
}
