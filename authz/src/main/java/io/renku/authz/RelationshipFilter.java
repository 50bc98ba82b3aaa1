package io.renku.authz;

/**
 * Selects relationships: all of a resource type, narrowed by any of the optional parts. Blank
 * optional parts count as not given.
 *
 * @param resourceType required resource type
 * @param optionalResourceId only this resource, or null
 * @param optionalRelation only this relation, or null
 * @param optionalSubjectType only subjects of this type, or null
 * @param optionalSubjectId only this subject id (needs the subject type; {@code *} selects the
 *     wildcard tuples), or null
 */
public record RelationshipFilter(
    String resourceType,
    String optionalResourceId,
    String optionalRelation,
    String optionalSubjectType,
    String optionalSubjectId) {

  public RelationshipFilter {
    Names.type(resourceType, "resource type");
    optionalResourceId = Names.optional(optionalResourceId);
    if (optionalResourceId != null) {
      Names.objectId(optionalResourceId, "resource id");
    }
    optionalRelation = Names.optional(optionalRelation);
    if (optionalRelation != null) {
      Names.relation(optionalRelation, "relation");
    }
    optionalSubjectType = Names.optional(optionalSubjectType);
    if (optionalSubjectType != null) {
      Names.type(optionalSubjectType, "subject type");
    }
    optionalSubjectId = Names.optional(optionalSubjectId);
    if (optionalSubjectId != null) {
      if (optionalSubjectType == null) {
        throw new IllegalArgumentException("a subject id filter needs a subject type");
      }
      Names.subjectId(optionalSubjectId, "subject id");
    }
  }

  /** All relationships of a resource type. */
  public static RelationshipFilter ofType(String resourceType) {
    return new RelationshipFilter(resourceType, null, null, null, null);
  }

  /** All relationships where this object is the resource. */
  public static RelationshipFilter of(ObjectRef resource) {
    return new RelationshipFilter(resource.type(), resource.id(), null, null, null);
  }

  public RelationshipFilter withRelation(String relation) {
    return new RelationshipFilter(
        resourceType, optionalResourceId, relation, optionalSubjectType, optionalSubjectId);
  }

  public RelationshipFilter withSubjectType(String subjectType) {
    return new RelationshipFilter(
        resourceType, optionalResourceId, optionalRelation, subjectType, null);
  }

  /** Only relationships to this subject object (its relation, if any, is not filtered on). */
  public RelationshipFilter withSubject(SubjectRef subject) {
    return new RelationshipFilter(
        resourceType, optionalResourceId, optionalRelation, subject.type(), subject.id());
  }
}
