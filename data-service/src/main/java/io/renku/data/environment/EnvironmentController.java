package io.renku.data.environment;

import io.renku.api.data.EnvironmentFields;
import io.renku.api.data.api.EnvironmentsApi;
import io.renku.api.data.model.EnvironmentImageSource;
import io.renku.api.data.model.EnvironmentKind;
import io.renku.api.data.model.EnvironmentPatch;
import io.renku.api.data.model.EnvironmentPost;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /environments}: global session environments. */
@RestController
public class EnvironmentController implements EnvironmentsApi {
  private final EnvironmentService environments;
  private final CurrentUser currentUser;

  public EnvironmentController(EnvironmentService environments, CurrentUser currentUser) {
    this.environments = environments;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Environment>> listEnvironments(
      Boolean includeArchived) {
    return ResponseEntity.ok(
        environments.list(Boolean.TRUE.equals(includeArchived)).stream()
            .map(EnvironmentController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Environment> getEnvironment(String id) {
    return ResponseEntity.ok(dto(environments.get(id)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Environment> createEnvironment(
      EnvironmentPost body) {
    var changes =
        changes(
            body,
            body.getEnvironmentImageSource() == null
                ? null
                : body.getEnvironmentImageSource().getValue());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(environments.create(currentUser.get(), changes)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Environment> updateEnvironment(
      String id, EnvironmentPatch body) {
    var changes = changes(body, null);
    return ResponseEntity.ok(dto(environments.update(currentUser.get(), id, changes)));
  }

  @Override
  public ResponseEntity<Void> deleteEnvironment(String id) {
    environments.delete(currentUser.get(), id);
    return ResponseEntity.noContent().build();
  }

  /** Either request variant as changes; only a new environment names its image source. */
  private static EnvironmentService.Changes changes(EnvironmentFields body, String imageSource) {
    return new EnvironmentService.Changes(
        body.getName(),
        body.getDescription(),
        body.getContainerImage(),
        body.getDefaultUrl(),
        body.getUid(),
        body.getGid(),
        body.getWorkingDirectory(),
        body.getMountDirectory(),
        body.getPort(),
        body.getCommand(),
        body.getArgs(),
        body.getIsArchived(),
        body.getStripPathPrefix(),
        imageSource,
        null);
  }

  public static io.renku.api.data.model.Environment dto(Environment e) {
    var dto =
        new io.renku.api.data.model.Environment(
            e.id(),
            e.name(),
            e.creationDate(),
            e.defaultUrl(),
            e.uid(),
            e.gid(),
            e.port(),
            e.archived(),
            e.stripPathPrefix(),
            EnvironmentKind.fromValue(e.kind()),
            EnvironmentImageSource.fromValue(e.imageSource()));
    dto.setDescription(e.description());
    dto.setContainerImage(e.containerImage());
    if (e.build() != null) {
      BuildParameters b = e.build();
      var params =
          new io.renku.api.data.model.BuildParameters(
              b.repository(), b.builderVariant(), b.frontendVariant());
      params.setRepositoryRevision(b.revision());
      params.setContextDir(b.contextDir());
      params.setPlatforms(
          b.platforms().isEmpty()
              ? null
              : b.platforms().stream()
                  .map(io.renku.api.data.model.BuildPlatform::fromValue)
                  .toList());
      dto.setBuildParameters(params);
    }
    dto.setWorkingDirectory(e.workingDirectory());
    dto.setMountDirectory(e.mountDirectory());
    dto.setCommand(e.command());
    dto.setArgs(e.args());
    return dto;
  }
}
