package io.renku.data.legacy;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.data.environment.EnvironmentService;
import io.renku.data.launcher.LauncherService;
import io.renku.data.project.Project;
import io.renku.data.project.ProjectDraft;
import io.renku.data.project.ProjectService;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Projects migrated from Renku v1, as the original's {@code ProjectMigrationRepository}: a
 * migration creates the project (and optionally a launcher running the v1 image) and records the v1
 * id. There is no Renku v1 here, so the v1 id is taken as given.
 */
@Service
public class ProjectMigrationService {
  /** The launcher the original's migration makes: JupyterLab started by a shell, port 8888. */
  static final List<String> COMMAND = List.of("sh", "-c");

  static final List<String> ARGS =
      List.of(
          "jupyter server --ServerApp.ip=$RENKU_SESSION_IP "
              + "--ServerApp.port=$RENKU_SESSION_PORT "
              + "--ServerApp.allow_origin=* "
              + "--ServerApp.base_url=$RENKU_BASE_URL_PATH "
              + "--ServerApp.root_dir=$RENKU_WORKING_DIR "
              + "--ServerApp.allow_remote_access=True "
              + "--ContentsManager.allow_hidden=True "
              + "--ServerApp.token=\"\" "
              + "--ServerApp.password=\"\"");

  static final int PORT = 8888;
  static final int UID = 1000;
  static final String WORKING_DIRECTORY = "/home/jovyan/work";

  /** The launcher a migration asks for ({@code session_launcher}). */
  public record LauncherDraft(
      String name,
      String containerImage,
      String defaultUrl,
      Integer resourceClassId,
      Long diskStorage) {}

  private final ProjectMigrationRepository migrations;
  private final ProjectService projects;
  private final LauncherService launchers;

  public ProjectMigrationService(
      ProjectMigrationRepository migrations, ProjectService projects, LauncherService launchers) {
    this.migrations = migrations;
    this.projects = projects;
    this.launchers = launchers;
  }

  /** The migrations of the projects the caller can read (as the original). */
  public List<ProjectMigration> list(ApiUser caller) {
    caller.requireAuthenticated();
    return migrations.all().stream().filter(m -> readable(caller, m.projectId())).toList();
  }

  /** The project migrated from {@code v1Id}; 404 when none was or the caller cannot read it. */
  public Project get(ApiUser caller, long v1Id) {
    ProjectMigration m =
        migrations
            .byV1Id(v1Id)
            .orElseThrow(
                () ->
                    RenkuException.notFound(
                        "Migration for project v1 with id '" + v1Id + "' does not exist."));
    return projects.get(caller, m.projectId());
  }

  /**
   * Creates the project (the rules of POST /projects) and the launcher, and records the v1 id; all
   * or nothing (409 when the v1 id was migrated already, also by a racing request). The launcher's
   * permission check reads the project's relations as committed, so the project is created in its
   * own transaction first and deleted again when a later step fails.
   */
  public Project migrate(ApiUser caller, long v1Id, ProjectDraft project, LauncherDraft launcher) {
    caller.requireAuthenticated();
    if (migrations.byV1Id(v1Id).isPresent()) {
      throw alreadyMigrated(v1Id);
    }
    Project p = projects.create(caller, project);
    try {
      String launcherId = launcher == null ? null : launcher(caller, p, launcher);
      if (!migrations.insert(new ProjectMigration(v1Id, p.id(), launcherId), caller.id())) {
        throw alreadyMigrated(v1Id);
      }
      return p;
    } catch (RuntimeException e) {
      projects.delete(caller, p.id());
      throw e;
    }
  }

  /**
   * Where the project came from. As in the original, only those who may change the project see it
   * (404 for the others); 404 when it was not migrated.
   */
  public ProjectMigration info(ApiUser caller, String projectId) {
    caller.requireAuthenticated();
    try {
      projects.requireWrite(caller, projectId);
    } catch (RenkuException e) {
      if (e.errorCode() == ErrorCode.FORBIDDEN) {
        throw notFound(projectId);
      }
      throw e;
    }
    return migrations.byProject(projectId).orElseThrow(() -> notFound(projectId));
  }

  /**
   * Makes the launcher; a 422 names the field of the migration's body ({@code session_launcher.*}):
   * the command and arguments are the migration's own, so a refusal of them is one of the image.
   */
  private String launcher(ApiUser caller, Project p, LauncherDraft l) {
    try {
      return launchers.create(caller, draft(p, l)).id();
    } catch (RenkuException e) {
      String field = e.detail();
      if (e.errorCode() != ErrorCode.VALIDATION || field == null) {
        throw e;
      }
      String own = field.replaceFirst("^environment\\.", "");
      String named =
          "session_launcher."
              + (own.equals("command") || own.equals("args") ? "container_image" : own);
      throw new RenkuException(
          ErrorCode.VALIDATION, e.getMessage().replace(field + ":", named + ":"), named, e);
    }
  }

  private static LauncherService.Draft draft(Project p, LauncherDraft l) {
    var image =
        new EnvironmentService.Changes(
            l.name(),
            null,
            l.containerImage(),
            l.defaultUrl() == null ? "/lab" : l.defaultUrl(),
            UID,
            UID,
            WORKING_DIRECTORY,
            WORKING_DIRECTORY,
            PORT,
            COMMAND,
            ARGS,
            false,
            false,
            "image",
            null);
    return new LauncherService.Draft(
        p.id(),
        l.name(),
        null,
        new LauncherService.EnvironmentChoice(null, "CUSTOM", image, true, null, null),
        l.resourceClassId(),
        l.diskStorage(),
        List.of(),
        null);
  }

  private boolean readable(ApiUser caller, String projectId) {
    try {
      projects.get(caller, projectId);
      return true;
    } catch (RenkuException e) {
      return false;
    }
  }

  private static RenkuException alreadyMigrated(long v1Id) {
    return RenkuException.conflict("Project V1 with id '" + v1Id + "' was migrated already.");
  }

  private static RenkuException notFound(String projectId) {
    return RenkuException.notFound(
        "Project " + projectId + " was not migrated from Renku v1, or you may not change it.");
  }
}
