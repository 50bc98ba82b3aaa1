package io.renku.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The value records reject what SpiceDB would reject, before any call. */
class ValuesTest {

  @Test
  void objectRefsFollowSpiceDbSyntax() {
    assertThat(ObjectRef.of("project", "01HX-a_b/c|d=e+f").toString())
        .isEqualTo("project:01HX-a_b/c|d=e+f");
    assertThat(ObjectRef.of("project", "x".repeat(1024)).id()).hasSize(1024);

    for (String badId : new String[] {"", " ", "a b", "*", "ä", "x".repeat(1025), "a:b", "a#b"}) {
      assertThatThrownBy(() -> ObjectRef.of("project", badId))
          .as(badId)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String badType : new String[] {"", "Project", "p", "1project", "project-x", "x_"}) {
      assertThatThrownBy(() -> ObjectRef.of(badType, "id"))
          .as(badType)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ObjectRef.of("project", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subjectRefHelpers() {
    assertThat(SubjectRef.user("u1").toString()).isEqualTo("user:u1");
    assertThat(SubjectRef.allUsers().toString()).isEqualTo("user:*");
    assertThat(SubjectRef.allUsers().isWildcard()).isTrue();
    assertThat(SubjectRef.allAnonymousUsers().toString()).isEqualTo("anonymous_user:*");
    assertThat(SubjectRef.anonymous().toString()).isEqualTo("anonymous_user:anonymous");
    assertThat(SubjectRef.of(ObjectRef.of("group", "g"), "viewer").toString())
        .isEqualTo("group:g#viewer");
    assertThat(new SubjectRef("user", "u", " ").relation()).isEmpty();

    assertThatThrownBy(() -> new SubjectRef("user", "*", "viewer"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SubjectRef.user("bad id"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relationshipsAndUpdates() {
    Relationship rel = Relationship.of(ObjectRef.of("project", "p"), "owner", SubjectRef.user("u"));

    assertThat(rel.toString()).isEqualTo("project:p#owner@user:u");
    assertThat(RelationshipUpdate.touch(rel).operation())
        .isEqualTo(RelationshipUpdate.Operation.TOUCH);
    assertThat(RelationshipUpdate.delete(rel).toString())
        .isEqualTo("DELETE project:p#owner@user:u");
    assertThatThrownBy(
            () -> Relationship.of(ObjectRef.of("project", "p"), "Owner", SubjectRef.user("u")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RelationshipUpdate(null, rel))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void filters() {
    RelationshipFilter filter =
        RelationshipFilter.of(ObjectRef.of("project", "p"))
            .withRelation("viewer")
            .withSubject(SubjectRef.allUsers());

    assertThat(filter).isEqualTo(new RelationshipFilter("project", "p", "viewer", "user", "*"));
    assertThat(new RelationshipFilter("project", "", " ", null, null))
        .isEqualTo(RelationshipFilter.ofType("project"));
    assertThatThrownBy(() -> new RelationshipFilter("project", null, null, null, "u"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RelationshipFilter.ofType("no such"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renkuSchemaIsTheV11Schema() {
    assertThat(RenkuSchema.VERSION).isEqualTo(11);
    assertThat(RenkuSchema.text())
        .contains("definition resource_pool {")
        .contains("relation linked_to: project // legacy, only cleaned up now")
        .doesNotContain("#");
    assertThat(RenkuSchema.PLATFORM.toString()).isEqualTo("platform:renku");
  }
}
