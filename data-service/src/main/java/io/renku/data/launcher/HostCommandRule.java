package io.renku.data.launcher;

import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.config.SessionProperties;
import io.renku.data.environment.Environment;
import io.renku.data.environment.EnvironmentRepository;
import io.renku.data.environment.EnvironmentService;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Who may decide what a session runs when sessions are processes on the platform's own machine (the
 * {@code local} runtime): a launcher's own (CUSTOM) environment is a command line the platform runs
 * as its own OS user, so only platform administrators may set one. Global environments are
 * administrators' anyway. With the {@code kubernetes} runtime sessions run in containers and
 * everyone may keep choosing images and commands, as in the original.
 *
 * <p>A launcher an administrator made with its own command may be started by anyone who can read
 * the project: the administrator vouched for it. Launchers and sessions stored before this rule
 * existed are checked when they start or resume: their command must come from an environment an
 * administrator made (decision 0018).
 */
@Component
public class HostCommandRule {
  private final boolean processRuntime;
  private final EnvironmentRepository environments;
  private final LauncherRepository launchers;
  private final Authz authz;

  public HostCommandRule(
      SessionProperties properties,
      EnvironmentRepository environments,
      LauncherRepository launchers,
      Authz authz) {
    this.processRuntime = properties.processRuntime();
    this.environments = environments;
    this.launchers = launchers;
    this.authz = authz;
  }

  /** Whether sessions run as processes on this machine. */
  public boolean processRuntime() {
    return processRuntime;
  }

  /**
   * 422 unless {@code caller} may give a launcher its own environment {@code c}; the field named is
   * the one that would run something ({@code command}, {@code args}), else the image.
   */
  public void requireMaySetCustom(ApiUser caller, EnvironmentService.Changes c) {
    if (!processRuntime || caller.admin()) {
      return;
    }
    String field =
        notEmpty(c.command())
            ? "environment.command"
            : notEmpty(c.args()) ? "environment.args" : "environment.container_image";
    throw RenkuException.validation(
        field,
        "sessions on this platform run as processes on its own machine, so only platform"
            + " administrators may set a launcher's own image, command or arguments; choose one of"
            + " the platform's environments (environment.id) or ask an administrator");
  }

  /** 422 naming launcher_id unless the launcher's environment may run here. */
  public void requireRunnable(Environment e) {
    if (!vouched(e)) {
      throw RenkuException.validation(
          "launcher_id",
          "this launcher's own environment was not set by a platform administrator, and sessions"
              + " on this platform run as processes on its own machine; ask an administrator to"
              + " set it, or choose one of the platform's environments");
    }
  }

  /**
   * Whether a stored session may run again as it is (resume, restart after a platform restart):
   * always with containers; on this machine, only if it runs nothing, or exactly the command of its
   * launcher's environment and that environment is vouched for. Takes the stored session's
   * launcher, command and arguments (not the session) so that launchers need not know sessions.
   */
  public boolean mayRunAgain(String launcherId, List<String> command, List<String> args) {
    if (!processRuntime || (command.isEmpty() && args.isEmpty())) {
      return true;
    }
    return launchers
        .get(launcherId, false)
        .flatMap(l -> environments.get(l.environmentId(), false))
        .filter(this::vouched)
        .filter(e -> Objects.equals(orEmpty(e.command()), command))
        .filter(e -> Objects.equals(orEmpty(e.args()), args))
        .isPresent();
  }

  /** GLOBAL environments are administrators'; a CUSTOM one counts if an administrator made it. */
  private boolean vouched(Environment e) {
    if (!processRuntime || Environment.GLOBAL.equals(e.kind())) {
      return true;
    }
    return environments
        .createdBy(e.id())
        .map(id -> new ApiUser(id, true, false, null, null, null, null))
        .map(creator -> authz.has(creator, PlatformRelations.PLATFORM, "is_admin"))
        .orElse(false);
  }

  private static boolean notEmpty(List<String> list) {
    return list != null && !list.isEmpty();
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
