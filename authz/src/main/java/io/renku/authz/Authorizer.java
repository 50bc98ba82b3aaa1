package io.renku.authz;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renku's authorization engine: relationship-based access control over the schema in {@link
 * RenkuSchema}.
 *
 * <p><b>Consistency.</b> Every read (check, bulk check, lookup, read) is fully consistent: it sees
 * every write that completed before it. Renku writes a relationship and then immediately acts on it
 * (create a project, then list the creator's projects; remove a member, then check them), and a
 * stale answer there is either a confusing UI or a security hole (the "new enemy" problem: a
 * removed member still allowed). The original Renku makes the same choice; it costs SpiceDB's
 * cache, which matters little at Renku's scale and not at all for the in-memory engine.
 *
 * <p><b>Failure modes</b>, the same for every method:
 *
 * <ul>
 *   <li>{@link AuthorizerUnavailableException} when the backend cannot be reached or does not
 *       answer within the deadline. Never treat this as a denial or an allowance: fail the request.
 *   <li>{@link IllegalArgumentException} for invalid input: a malformed name or id, a type,
 *       relation or permission the schema does not define, a subject not allowed on a relation, an
 *       invalid schema.
 *   <li>{@link AuthorizerException} for any other backend error.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface Authorizer {

  /**
   * Whether {@code subject} has {@code permission} on {@code resource}.
   *
   * @param subject a concrete subject (not a wildcard), e.g. {@code user:u1} or {@link
   *     SubjectRef#anonymous()}
   * @param permission a permission or relation of the resource's definition, e.g. {@code read}
   */
  boolean check(SubjectRef subject, ObjectRef resource, String permission);

  /**
   * {@link #check} for many resources at once, in one round trip (split into several only when the
   * collection is larger than the backend accepts per call).
   *
   * @return one entry per distinct resource, in the iteration order of {@code resources}
   */
  Map<ObjectRef, Boolean> checkBulk(
      SubjectRef subject, Collection<ObjectRef> resources, String permission);

  /**
   * Ids of all resources of {@code resourceType} on which {@code subject} has {@code permission}
   * (e.g. the projects a user may read), without duplicates, in no particular order. The whole
   * result is read before returning.
   */
  List<String> lookupResources(String resourceType, String permission, SubjectRef subject);

  /**
   * The resources of {@code resourceType} on which {@code subject} has {@code permission} (or the
   * relation of that name), as a {@link ResourceSet} a repository joins with: the same resources as
   * {@link #lookupResources}. A backend that can express the schema's rule as SQL over the
   * relational store answers a {@link ResourceSet.Query}; the default answers the ids.
   *
   * @param subject a concrete subject without a relation, e.g. {@code user:u1}
   */
  default ResourceSet readableSet(String resourceType, String permission, SubjectRef subject) {
    return new ResourceSet.Ids(lookupResources(resourceType, permission, subject));
  }

  /** All stored relationships matching {@code filter}, in no particular order. */
  List<Relationship> readRelationships(RelationshipFilter filter);

  /**
   * Applies the updates. TOUCH creates a relationship if missing; DELETE removes it if present;
   * both are idempotent. Exact duplicates are applied once; the same relationship with both
   * operations is rejected with {@link IllegalArgumentException}.
   *
   * <p>Atomic up to 1000 updates; larger lists are written in batches of 1000, each atomic, in
   * order. A failure leaves the earlier batches applied; because the operations are idempotent,
   * repeating the whole call is the way to recover.
   */
  void write(List<RelationshipUpdate> updates);

  /** Deletes every relationship matching {@code filter} (none matching is fine). */
  void deleteAll(RelationshipFilter filter);

  /** Replaces the schema, e.g. with {@link RenkuSchema#text()}. */
  void writeSchema(String schema);

  /** The current schema text, or an empty string if none was written yet. */
  String readSchema();
}
