package io.renku.data.launcher;

import io.renku.api.data.api.SessionLaunchersApi;
import io.renku.api.data.model.EnvVariable;
import io.renku.api.data.model.LauncherEnvironment;
import io.renku.api.data.model.LauncherType;
import io.renku.api.data.model.SessionLauncherPatch;
import io.renku.api.data.model.SessionLauncherPost;
import io.renku.data.environment.BuildParameters;
import io.renku.data.environment.EnvironmentController;
import io.renku.data.environment.EnvironmentService;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /session_launchers} and {@code /projects/{id}/session_launchers}. */
@RestController
public class LauncherController implements SessionLaunchersApi {
  private final LauncherService launchers;
  private final CurrentUser currentUser;

  public LauncherController(LauncherService launchers, CurrentUser currentUser) {
    this.launchers = launchers;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.SessionLauncher> createSessionLauncher(
      SessionLauncherPost body) {
    var draft =
        new LauncherService.Draft(
            body.getProjectId(),
            body.getName(),
            body.getDescription(),
            choice(body.getEnvironment()),
            body.getResourceClassId(),
            body.getDiskStorage(),
            vars(body.getEnvVariables()),
            body.getLauncherType() == null ? null : body.getLauncherType().getValue());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(launchers.create(currentUser.get(), draft)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.SessionLauncher> getSessionLauncher(String id) {
    return ResponseEntity.ok(dto(launchers.get(currentUser.get(), id)));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.SessionLauncher>> listSessionLaunchers() {
    return ResponseEntity.ok(
        launchers.readable(currentUser.get()).stream().map(LauncherController::dto).toList());
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.SessionLauncher>> listProjectSessionLaunchers(
      String projectId) {
    return ResponseEntity.ok(
        launchers.forProject(currentUser.get(), projectId).stream()
            .map(LauncherController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.SessionLauncher> updateSessionLauncher(
      String id, SessionLauncherPatch body) {
    var draft =
        new LauncherService.Draft(
            null,
            body.getName(),
            body.getDescription(),
            body.getEnvironment() == null ? null : choice(body.getEnvironment()),
            body.getResourceClassId(),
            body.getDiskStorage(),
            vars(body.getEnvVariables()),
            body.getLauncherType() == null ? null : body.getLauncherType().getValue());
    return ResponseEntity.ok(dto(launchers.update(currentUser.get(), id, draft)));
  }

  @Override
  public ResponseEntity<Void> deleteSessionLauncher(String id) {
    launchers.delete(currentUser.get(), id);
    return ResponseEntity.noContent().build();
  }

  private static LauncherService.EnvironmentChoice choice(LauncherEnvironment e) {
    if (e == null) {
      return null;
    }
    var custom =
        new EnvironmentService.Changes(
            e.getName(),
            e.getDescription(),
            e.getContainerImage(),
            e.getDefaultUrl(),
            e.getUid(),
            e.getGid(),
            e.getWorkingDirectory(),
            e.getMountDirectory(),
            e.getPort(),
            e.getCommand(),
            e.getArgs(),
            e.getIsArchived(),
            e.getStripPathPrefix(),
            "image",
            null);
    boolean customGiven =
        e.getName() != null
            || e.getContainerImage() != null
            || e.getDefaultUrl() != null
            || e.getUid() != null
            || e.getGid() != null
            || e.getPort() != null
            || e.getCommand() != null && !e.getCommand().isEmpty()
            || e.getArgs() != null && !e.getArgs().isEmpty();
    // A new build environment names its repository at the top level; a change of one names it
    // in build_parameters (the original web application sends environment_image_source "build"
    // with build_parameters when it edits a launcher).
    boolean built =
        e.getEnvironmentImageSource() != null
            && "build".equals(e.getEnvironmentImageSource().getValue())
            && (e.getRepository() != null || e.getBuildParameters() == null);
    BuildParameters build =
        built
            ? new BuildParameters(
                e.getRepository(),
                e.getBuilderVariant(),
                e.getFrontendVariant(),
                e.getRepositoryRevision(),
                e.getContextDir(),
                platforms(e.getPlatforms()))
            : null;
    var p = e.getBuildParameters();
    LauncherService.BuildChange change =
        p == null
            ? null
            : new LauncherService.BuildChange(
                p.getRepository(),
                p.getBuilderVariant(),
                p.getFrontendVariant(),
                p.getRepositoryRevision(),
                p.getContextDir(),
                p.getPlatforms() == null ? null : platforms(p.getPlatforms()));
    return new LauncherService.EnvironmentChoice(
        e.getId(),
        e.getEnvironmentKind() == null ? null : e.getEnvironmentKind().getValue(),
        custom,
        customGiven && !built,
        build,
        change);
  }

  private static List<String> platforms(List<io.renku.api.data.model.BuildPlatform> platforms) {
    return platforms == null ? List.of() : platforms.stream().map(p -> p.getValue()).toList();
  }

  private static List<Launcher.EnvVariable> vars(List<EnvVariable> vars) {
    return vars == null
        ? null
        : vars.stream().map(v -> new Launcher.EnvVariable(v.getName(), v.getValue())).toList();
  }

  private static io.renku.api.data.model.SessionLauncher dto(Launcher l) {
    var dto =
        new io.renku.api.data.model.SessionLauncher(
            l.id(),
            l.projectId(),
            l.name(),
            l.creationDate(),
            EnvironmentController.dto(l.environment()),
            l.envVariables().stream()
                .map(
                    v -> {
                      EnvVariable e = new EnvVariable(v.name());
                      e.setValue(v.value());
                      return e;
                    })
                .toList(),
            LauncherType.fromValue(l.launcherType()));
    dto.setDescription(l.description());
    dto.setResourceClassId(l.resourceClassId());
    dto.setDiskStorage(l.diskStorage());
    return dto;
  }
}
