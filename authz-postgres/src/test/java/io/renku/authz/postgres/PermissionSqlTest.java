package io.renku.authz.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.authz.RenkuSchema;
import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of the SQL the compiler writes. What the SQL answers is checked against the engine by
 * the contract suite ({@code RelationalAuthorizerContractTest}); here, that lookups are merged (so
 * a project list stays a handful of index lookups) and that bad input is refused.
 */
class PermissionSqlTest {
  private final PermissionSql sql = new PermissionSql(ZedSchema.parse(RenkuSchema.text()));

  @Test
  void projectReadChildrenMergesDirectRolesAndSharedArrows() {
    ResourceSet.Query q = sql.readable("project", List.of("read_children"), SubjectRef.user("u1"));

    // project roles (1), project_platform->is_admin (2), and through project_namespace the group
    // (4) and the user namespace (4): 11 lookups, not the 20 a literal translation would make.
    assertThat(count(q.select(), "FROM authz.relationships")).isEqualTo(11);
    assertThat(q.select())
        .contains("resource_type = 'project' AND relation IN ('editor', 'owner', 'viewer')")
        .doesNotContain("EXCEPT");
    assertThat(q.params()).isEqualTo(Map.of("authz_subject", "u1"));
  }

  @Test
  void theSubjectIsAParameterAndTheTextIsReusedAcrossSubjects() {
    ResourceSet.Query a = sql.readable("group", List.of("read"), SubjectRef.user("a|b=c+d"));
    ResourceSet.Query b = sql.readable("group", List.of("read"), SubjectRef.user("b"));

    assertThat(a.select()).isSameAs(b.select()).doesNotContain("a|b=c+d");
    assertThat(a.params()).containsEntry("authz_subject", "a|b=c+d");
  }

  @Test
  void exclusionBecomesExcept() {
    ResourceSet.Query q =
        sql.readable("project", List.of("non_public_read"), SubjectRef.user("u1"));
    assertThat(q.select()).contains(" EXCEPT ").contains("subject_id = '*'");
  }

  @Test
  void anonymousVisitorsOnlyReachWildcards() {
    ResourceSet.Query q = sql.readable("project", List.of("read"), SubjectRef.anonymous());
    assertThat(q.select())
        .contains("subject_type = 'anonymous_user' AND subject_id = '*'")
        .doesNotContain("relation IN ('editor'");
  }

  @Test
  void renamedQueriesCanBeCombinedInOneStatement() {
    ResourceSet.Query q =
        sql.readable("group", List.of("direct_member"), SubjectRef.user("u1")).renamed("groups");
    assertThat(q.select()).contains(":groups_subject").doesNotContain(":authz_");
    assertThat(q.params()).isEqualTo(Map.of("groups_subject", "u1"));
    assertThatThrownBy(() -> q.renamed("x; DROP")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badInputIsIllegalArgument() {
    SubjectRef u = SubjectRef.user("u1");
    assertThatThrownBy(() -> sql.readable("project", List.of("fly"), u))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sql.readable("spaceship", List.of("read"), u))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sql.readable("project", List.of(), u))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sql.readable("project", List.of("read"), SubjectRef.allUsers()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> sql.readable("project", List.of("read"), new SubjectRef("group", "g", "owner")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPermissionThatRefersToItselfIsRefused() {
    PermissionSql recursive =
        new PermissionSql(
            ZedSchema.parse(
                """
                definition user {}
                definition folder {
                  relation parent: folder
                  relation viewer: user
                  permission read = viewer + parent->read
                }
                """));
    assertThatThrownBy(() -> recursive.readable("folder", List.of("read"), SubjectRef.user("u")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
