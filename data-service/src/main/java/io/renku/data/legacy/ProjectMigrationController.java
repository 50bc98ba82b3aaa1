package io.renku.data.legacy;

import io.renku.api.data.api.ProjectMigrationsApi;
import io.renku.api.data.model.MigrationSessionLauncherPost;
import io.renku.api.data.model.Project;
import io.renku.api.data.model.ProjectMigrationInfo;
import io.renku.api.data.model.ProjectMigrationPost;
import io.renku.data.project.ProjectController;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /renku_v1_projects/*} and {@code /projects/{id}/migration_info}. */
@RestController
public class ProjectMigrationController implements ProjectMigrationsApi {
  private final ProjectMigrationService migrations;
  private final CurrentUser currentUser;

  public ProjectMigrationController(ProjectMigrationService migrations, CurrentUser currentUser) {
    this.migrations = migrations;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<ProjectMigrationInfo>> listProjectMigrations() {
    return ResponseEntity.ok(
        migrations.list(currentUser.get()).stream().map(ProjectMigrationController::dto).toList());
  }

  @Override
  public ResponseEntity<Project> getProjectMigration(Long v1Id) {
    return ResponseEntity.ok(ProjectController.dto(migrations.get(currentUser.get(), v1Id), false));
  }

  @Override
  public ResponseEntity<Project> migrateV1Project(Long v1Id, ProjectMigrationPost body) {
    MigrationSessionLauncherPost l = body.getSessionLauncher();
    var p =
        migrations.migrate(
            currentUser.get(),
            v1Id,
            ProjectController.draft(body.getProject()),
            l == null
                ? null
                : new ProjectMigrationService.LauncherDraft(
                    l.getName(),
                    l.getContainerImage(),
                    l.getDefaultUrl(),
                    l.getResourceClassId(),
                    l.getDiskStorage()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .eTag(p.etag())
        .body(ProjectController.dto(p, true));
  }

  @Override
  public ResponseEntity<ProjectMigrationInfo> getProjectMigrationInfo(String projectId) {
    return ResponseEntity.ok(dto(migrations.info(currentUser.get(), projectId)));
  }

  private static ProjectMigrationInfo dto(ProjectMigration m) {
    return new ProjectMigrationInfo(m.projectId(), m.v1Id()).launcherId(m.launcherId());
  }
}
