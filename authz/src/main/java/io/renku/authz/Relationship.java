package io.renku.authz;

import java.util.Objects;

/** One SpiceDB tuple: {@code resource#relation@subject}, e.g. {@code project:p1#owner@user:u1}. */
public record Relationship(ObjectRef resource, String relation, SubjectRef subject) {

  public Relationship {
    Objects.requireNonNull(resource, "resource");
    Names.relation(relation, "relation");
    Objects.requireNonNull(subject, "subject");
  }

  public static Relationship of(ObjectRef resource, String relation, SubjectRef subject) {
    return new Relationship(resource, relation, subject);
  }

  @Override
  public String toString() {
    return resource + "#" + relation + "@" + subject;
  }
}
