package io.renku.authz;

import com.authzed.api.v1.Consistency;
import com.authzed.api.v1.ObjectReference;
import com.authzed.api.v1.SubjectFilter;
import com.authzed.api.v1.SubjectReference;

/** Conversions between our value records and the authzed.api.v1 messages. */
final class Protos {

  /** See {@link Authorizer} for why every read is fully consistent. */
  static final Consistency FULLY_CONSISTENT =
      Consistency.newBuilder().setFullyConsistent(true).build();

  private Protos() {}

  static ObjectReference object(ObjectRef ref) {
    return ObjectReference.newBuilder().setObjectType(ref.type()).setObjectId(ref.id()).build();
  }

  static ObjectRef object(ObjectReference proto) {
    return new ObjectRef(proto.getObjectType(), proto.getObjectId());
  }

  static SubjectReference subject(SubjectRef ref) {
    SubjectReference.Builder builder =
        SubjectReference.newBuilder()
            .setObject(
                ObjectReference.newBuilder().setObjectType(ref.type()).setObjectId(ref.id()));
    ref.relation().ifPresent(builder::setOptionalRelation);
    return builder.build();
  }

  static SubjectRef subject(SubjectReference proto) {
    return new SubjectRef(
        proto.getObject().getObjectType(),
        proto.getObject().getObjectId(),
        proto.getOptionalRelation());
  }

  static com.authzed.api.v1.Relationship relationship(Relationship rel) {
    return com.authzed.api.v1.Relationship.newBuilder()
        .setResource(object(rel.resource()))
        .setRelation(rel.relation())
        .setSubject(subject(rel.subject()))
        .build();
  }

  static Relationship relationship(com.authzed.api.v1.Relationship proto) {
    return new Relationship(
        object(proto.getResource()), proto.getRelation(), subject(proto.getSubject()));
  }

  static com.authzed.api.v1.RelationshipUpdate update(RelationshipUpdate update) {
    return com.authzed.api.v1.RelationshipUpdate.newBuilder()
        .setOperation(
            switch (update.operation()) {
              case TOUCH -> com.authzed.api.v1.RelationshipUpdate.Operation.OPERATION_TOUCH;
              case DELETE -> com.authzed.api.v1.RelationshipUpdate.Operation.OPERATION_DELETE;
            })
        .setRelationship(relationship(update.relationship()))
        .build();
  }

  static com.authzed.api.v1.RelationshipFilter filter(RelationshipFilter filter) {
    com.authzed.api.v1.RelationshipFilter.Builder builder =
        com.authzed.api.v1.RelationshipFilter.newBuilder().setResourceType(filter.resourceType());
    if (filter.optionalResourceId() != null) {
      builder.setOptionalResourceId(filter.optionalResourceId());
    }
    if (filter.optionalRelation() != null) {
      builder.setOptionalRelation(filter.optionalRelation());
    }
    if (filter.optionalSubjectType() != null) {
      SubjectFilter.Builder subject =
          SubjectFilter.newBuilder().setSubjectType(filter.optionalSubjectType());
      if (filter.optionalSubjectId() != null) {
        subject.setOptionalSubjectId(filter.optionalSubjectId());
      }
      builder.setOptionalSubjectFilter(subject);
    }
    return builder.build();
  }
}
