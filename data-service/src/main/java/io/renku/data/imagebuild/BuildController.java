package io.renku.data.imagebuild;

import io.renku.api.data.api.BuildsApi;
import io.renku.api.data.model.BuildPatch;
import io.renku.api.data.model.BuildResult;
import io.renku.api.data.model.BuildStatus;
import io.renku.data.web.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /environments/{id}/builds}, {@code /builds/{id}} and {@code /builds/{id}/logs}. */
@RestController
public class BuildController implements BuildsApi {
  private final BuildService builds;
  private final CurrentUser currentUser;

  public BuildController(BuildService builds, CurrentUser currentUser) {
    this.builds = builds;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Build> createEnvironmentBuild(
      String environmentId) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(builds.start(currentUser.get(), environmentId)));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Build>> listEnvironmentBuilds(
      String environmentId) {
    return ResponseEntity.ok(
        builds.list(currentUser.get(), environmentId).stream().map(BuildController::dto).toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Build> getBuild(String buildId) {
    return ResponseEntity.ok(dto(builds.get(currentUser.get(), buildId)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Build> updateBuild(
      String buildId, BuildPatch patch) {
    String status = patch.getStatus() == null ? null : patch.getStatus().getValue();
    return ResponseEntity.ok(dto(builds.cancel(currentUser.get(), buildId, status)));
  }

  @Override
  public ResponseEntity<Map<String, String>> getBuildLogs(String buildId, Integer maxLines) {
    return ResponseEntity.ok(
        builds.logs(currentUser.get(), buildId, maxLines == null ? 250 : maxLines));
  }

  static io.renku.api.data.model.Build dto(Build b) {
    var dto =
        new io.renku.api.data.model.Build(
            b.id(), b.environmentId(), b.createdAt(), BuildStatus.fromValue(b.status().value()));
    dto.setErrorReason(b.errorReason());
    if (b.resultImage() != null) {
      dto.setResult(
          new BuildResult(
              b.resultImage(),
              b.completedAt(),
              b.resultRepositoryUrl() == null ? "" : b.resultRepositoryUrl(),
              b.resultCommitSha() == null ? "" : b.resultCommitSha()));
    }
    return dto;
  }
}
