package io.renku.data.imagebuild;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.build.BuildRequest;
import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.BuiltImage;
import io.renku.data.build.ImageBuilder;
import io.renku.data.build.ImageBuilderUnavailableException;
import io.renku.data.environment.BuildParameters;
import io.renku.data.environment.Environment;
import io.renku.data.environment.EnvironmentService;
import io.renku.data.launcher.Launcher;
import io.renku.data.launcher.LauncherService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Image builds of launchers' own environments ({@code environment_image_source: build}): who may
 * start, see and cancel them, the one-build-at-a-time rule, and what a finished build changes.
 *
 * <p>Who: reading a build (and its logs) needs read permission on the launcher's project; starting
 * and cancelling need write permission. Anything the caller cannot read is 404.
 *
 * <p>Status comes from the {@link ImageBuilder} and is pulled, as in the original: whenever a build
 * in progress is read, the builder is asked how it stands; the first request that sees it finished
 * ends the row (a conditional update, so this happens once) and, on success, writes the image and
 * its preset into the environment in the same transaction.
 */
@Service
public class BuildService {
  private static final Logger log = LoggerFactory.getLogger(BuildService.class);
  static final String GONE_REASON =
      "The image builder no longer knows this build (the platform may have restarted while it"
          + " ran); start a new build.";

  private final BuildRepository builds;
  private final LauncherService launchers;
  private final EnvironmentService environments;
  private final ObjectProvider<ImageBuilder> builder;
  private final TransactionTemplate tx;

  public BuildService(
      BuildRepository builds,
      LauncherService launchers,
      EnvironmentService environments,
      ObjectProvider<ImageBuilder> builder,
      PlatformTransactionManager transactions) {
    this.builds = builds;
    this.launchers = launchers;
    this.environments = environments;
    this.builder = builder;
    this.tx = new TransactionTemplate(transactions);
  }

  /** The environment's builds, newest first; those in progress brought up to date. */
  public List<Build> list(ApiUser caller, String environmentId) {
    ImageBuilder b = requireBuilder();
    launchers.ofOwnEnvironment(caller, environmentId, false);
    return builds.forEnvironment(environmentId).stream().map(x -> refresh(b, x)).toList();
  }

  public Build get(ApiUser caller, String buildId) {
    ImageBuilder b = requireBuilder();
    Build build = visible(caller, buildId, false);
    return refresh(b, build);
  }

  /** Starts a build of the environment's repository; 409 while one is in progress. */
  public Build start(ApiUser caller, String environmentId) {
    caller.requireAuthenticated();
    ImageBuilder b = requireBuilder();
    Launcher launcher = launchers.ofOwnEnvironment(caller, environmentId, true);
    Environment env = launcher.environment();
    if (!env.built() || env.build() == null) {
      throw RenkuException.validation(
          "environment_image_source", "the environment is an image, not built from a repository");
    }
    builds.inProgress(environmentId).ifPresent(x -> refresh(b, x));
    Build build =
        new Build(
            Ulid.next(),
            environmentId,
            BuildStatus.IN_PROGRESS,
            now(),
            null,
            null,
            null,
            null,
            null);
    try {
      tx.executeWithoutResult(
          s -> {
            environments.lock(environmentId);
            if (builds.inProgress(environmentId).isPresent()) {
              throw busy(environmentId);
            }
            builds.insert(build, caller.id());
          });
    } catch (DuplicateKeyException e) {
      throw busy(environmentId);
    }
    BuildParameters p = env.build();
    Map<String, String> labels = new HashMap<>();
    labels.put("environment_id", environmentId);
    labels.put("launcher_id", launcher.id());
    labels.put("project_id", launcher.projectId());
    labels.put("user_id", caller.id());
    try {
      b.start(
          new BuildRequest(
              build.id(),
              p.repository(),
              p.revision(),
              p.contextDir(),
              p.builderVariant(),
              p.frontendVariant(),
              p.platform(),
              labels));
    } catch (IllegalArgumentException e) {
      builds.delete(build.id()); // nothing half-written: the build never started
      throw RenkuException.validation("build_parameters", e.getMessage());
    } catch (ImageBuilderUnavailableException e) {
      builds.delete(build.id());
      throw RenkuException.unavailable("The image builder is not reachable; try again later.", e);
    }
    log.info(
        "User {} started build {} of environment {} ({} at {})",
        caller.id(),
        build.id(),
        environmentId,
        p.repository(),
        p.revision() == null ? "the default branch" : p.revision());
    return build;
  }

  /** Cancels a build in progress; a finished build stays as it is. */
  public Build cancel(ApiUser caller, String buildId, String status) {
    caller.requireAuthenticated();
    ImageBuilder b = requireBuilder();
    if (!"cancelled".equals(status)) {
      throw RenkuException.validation("status", "the only change of a build is \"cancelled\"");
    }
    Build build = visible(caller, buildId, true);
    build = refresh(b, build);
    if (build.status() != BuildStatus.IN_PROGRESS) {
      return build;
    }
    try {
      b.cancel(buildId);
    } catch (ImageBuilderUnavailableException e) {
      throw RenkuException.unavailable("The image builder is not reachable; try again later.", e);
    }
    builds.finish(
        buildId, BuildStatus.CANCELLED, "The build was cancelled.", now(), null, null, null);
    log.info("User {} cancelled build {}", caller.id(), buildId);
    return builds.get(buildId).orElseThrow(() -> notFound(buildId));
  }

  /** The last lines of each step's log. */
  public Map<String, String> logs(ApiUser caller, String buildId, int maxLines) {
    ImageBuilder b = requireBuilder();
    if (maxLines < 1 || maxLines > 10_000) {
      throw RenkuException.validation("max_lines", "must be between 1 and 10000");
    }
    visible(caller, buildId, false);
    try {
      return b.logs(buildId, maxLines);
    } catch (ImageBuilderUnavailableException e) {
      throw RenkuException.unavailable("The image builder is not reachable; try again later.", e);
    }
  }

  /** The build when the caller can read (or, with {@code write}, change) its launcher; else 404. */
  private Build visible(ApiUser caller, String buildId, boolean write) {
    Build build = builds.get(buildId).orElseThrow(() -> notFound(buildId));
    try {
      launchers.ofOwnEnvironment(caller, build.environmentId(), write);
    } catch (RenkuException e) {
      if (e.errorCode() == io.renku.core.ErrorCode.NOT_FOUND) {
        throw notFound(buildId);
      }
      throw e;
    }
    return build;
  }

  /** A build in progress as its builder sees it now; ends the row when the builder says so. */
  Build refresh(ImageBuilder b, Build build) {
    if (build.status() != BuildStatus.IN_PROGRESS) {
      return build;
    }
    Optional<BuildState> state;
    try {
      state = b.state(build.id());
    } catch (ImageBuilderUnavailableException e) {
      log.warn("Could not ask the image builder about build {}: {}", build.id(), e.getMessage());
      return build; // reads go on; the next read asks again
    }
    if (state.isEmpty()) {
      builds.finish(build.id(), BuildStatus.FAILED, GONE_REASON, now(), null, null, null);
    } else {
      BuildState s = state.get();
      switch (s.status()) {
        case IN_PROGRESS -> {
          return build;
        }
        case SUCCEEDED -> succeeded(build, s.result());
        case FAILED, CANCELLED ->
            builds.finish(build.id(), s.status(), s.errorReason(), now(), null, null, null);
      }
    }
    return builds.get(build.id()).orElse(build);
  }

  private void succeeded(Build build, BuiltImage r) {
    tx.executeWithoutResult(
        s -> {
          OffsetDateTime completed =
              r.completedAt() == null ? now() : r.completedAt().atOffset(ZoneOffset.UTC);
          if (builds.finish(
              build.id(),
              BuildStatus.SUCCEEDED,
              null,
              completed,
              r.image(),
              r.repositoryUrl(),
              r.commitSha())) {
            environments.applyBuiltImage(
                build.environmentId(),
                new Environment.RunSettings(
                    r.image(),
                    r.port(),
                    r.uid(),
                    r.gid(),
                    r.workingDirectory(),
                    r.mountDirectory(),
                    r.defaultUrl(),
                    r.stripPathPrefix(),
                    r.command(),
                    r.args()));
            log.info(
                "Build {} succeeded: environment {} now runs {}",
                build.id(),
                build.environmentId(),
                r.image());
          }
        });
  }

  private ImageBuilder requireBuilder() {
    ImageBuilder b = builder.getIfAvailable();
    if (b == null) {
      throw RenkuException.notFound("Image builds are not enabled on this platform.");
    }
    return b;
  }

  private static RenkuException busy(String environmentId) {
    return RenkuException.conflict(
        "A build of environment " + environmentId + " is already in progress.");
  }

  private static RenkuException notFound(String buildId) {
    return RenkuException.notFound("Build " + buildId + " does not exist.");
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
