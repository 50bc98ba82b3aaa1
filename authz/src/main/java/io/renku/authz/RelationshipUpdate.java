package io.renku.authz;

import java.util.Objects;

/** A change to one relationship. */
public record RelationshipUpdate(Operation operation, Relationship relationship) {

  /** What to do with the relationship. */
  public enum Operation {
    /** Create it, or do nothing if it exists: safe to repeat, so retries and replays are safe. */
    TOUCH,
    /** Remove it, or do nothing if it does not exist. */
    DELETE
  }

  public RelationshipUpdate {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(relationship, "relationship");
  }

  public static RelationshipUpdate touch(Relationship relationship) {
    return new RelationshipUpdate(Operation.TOUCH, relationship);
  }

  public static RelationshipUpdate delete(Relationship relationship) {
    return new RelationshipUpdate(Operation.DELETE, relationship);
  }

  @Override
  public String toString() {
    return operation + " " + relationship;
  }
}
