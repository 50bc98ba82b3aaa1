package io.renku.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.api.data.model.NamespaceKind;
import io.renku.api.data.model.Project;
import io.renku.api.data.model.ProjectPatch;
import io.renku.api.data.model.Visibility;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Checks that the generated models map to the wire format with a plain Jackson 3 mapper. */
class ModelJsonTest {

  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void projectUsesSnakeCaseAndEnumValues() {
    Project project =
        new Project(
            "01AN4Z79ZS5XN0F25N3DB94T4R",
            "My project",
            "my-group",
            "my-project",
            OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
            "user-1",
            Visibility.PUBLIC);
    String json = mapper.writeValueAsString(project);
    assertThat(json)
        .contains("\"creation_date\":\"2026-01-02T03:04:05Z\"")
        .contains("\"created_by\":\"user-1\"")
        .contains("\"visibility\":\"public\"");
    Project back = mapper.readValue(json, Project.class);
    assertThat(back.getVisibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(back.getCreationDate()).isEqualTo(project.getCreationDate());
  }

  @Test
  void patchLeavesMissingFieldsNull() {
    ProjectPatch patch = mapper.readValue("{\"is_template\":true}", ProjectPatch.class);
    assertThat(patch.getIsTemplate()).isTrue();
    assertThat(patch.getRepositories()).isNull();
    assertThat(patch.getKeywords()).isNull();
    assertThat(patch.getName()).isNull();
  }

  @Test
  void enumsExposeWireValues() {
    assertThat(NamespaceKind.fromValue("group")).isEqualTo(NamespaceKind.GROUP);
    assertThat(Visibility.PRIVATE.getValue()).isEqualTo("private");
  }
}
