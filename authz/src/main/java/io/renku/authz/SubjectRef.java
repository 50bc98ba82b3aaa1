package io.renku.authz;

import java.util.Optional;

/**
 * A SpiceDB subject: an object, optionally with a relation ({@code group:g#viewer}), or a wildcard
 * ({@code user:*}) that stands for every object of the type.
 *
 * @param type definition name, e.g. {@code user}
 * @param id object id, or {@code *} for the wildcard
 * @param optionalRelation relation on the subject object, or null (blank counts as null)
 */
public record SubjectRef(String type, String id, String optionalRelation) {

  /** The Renku type of authenticated users. */
  public static final String USER = "user";

  /** The Renku type of anonymous visitors. */
  public static final String ANONYMOUS_USER = "anonymous_user";

  public SubjectRef {
    Names.type(type, "subject type");
    Names.subjectId(id, "subject id");
    optionalRelation = Names.optional(optionalRelation);
    if (optionalRelation != null) {
      Names.relation(optionalRelation, "subject relation");
      if (Names.WILDCARD.equals(id)) {
        throw new IllegalArgumentException("a wildcard subject cannot have a relation");
      }
    }
  }

  public SubjectRef(String type, String id) {
    this(type, id, null);
  }

  /** {@code user:<id>}. */
  public static SubjectRef user(String id) {
    return new SubjectRef(USER, id);
  }

  /** {@code user:*}: every authenticated user (used to make things public). */
  public static SubjectRef allUsers() {
    return new SubjectRef(USER, Names.WILDCARD);
  }

  /** {@code anonymous_user:*}: every anonymous visitor (used to make things public). */
  public static SubjectRef allAnonymousUsers() {
    return new SubjectRef(ANONYMOUS_USER, Names.WILDCARD);
  }

  /** {@code anonymous_user:anonymous}: the subject Renku checks for a visitor without a login. */
  public static SubjectRef anonymous() {
    return new SubjectRef(ANONYMOUS_USER, "anonymous");
  }

  /** The object itself as subject, e.g. {@code group:g} for {@code project#project_namespace}. */
  public static SubjectRef of(ObjectRef object) {
    return new SubjectRef(object.type(), object.id());
  }

  /** A userset, e.g. {@code group:g#viewer}. */
  public static SubjectRef of(ObjectRef object, String relation) {
    return new SubjectRef(object.type(), object.id(), relation);
  }

  public Optional<String> relation() {
    return Optional.ofNullable(optionalRelation);
  }

  public boolean isWildcard() {
    return Names.WILDCARD.equals(id);
  }

  /** {@code type:id} or {@code type:id#relation}, as SpiceDB writes it. */
  @Override
  public String toString() {
    return type + ":" + id + (optionalRelation == null ? "" : "#" + optionalRelation);
  }
}
