package io.renku.data.session;

import io.renku.data.launcher.Launcher;
import io.renku.data.session.runtime.SessionSpec;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A session as the platform wants it: who started it from which launcher, on which class, what it
 * runs (a snapshot taken at the first start), and whether it should be running or paused.
 *
 * @param uid the user id the session runs as (containers)
 * @param gid the group id the session runs as (containers)
 * @param mountDirectory where the session's work volume is mounted, or null for the default
 * @param repositories the project's code repositories, cloned into the work volume at the first
 *     start
 * @param token the secret the gateway presents to the session; never leaves the platform
 */
public record Session(
    String name,
    String ownerId,
    boolean anonymous,
    String projectId,
    String launcherId,
    String sessionType,
    int resourceClassId,
    int resourcePoolId,
    double cpu,
    long memoryGb,
    long gpu,
    long diskGb,
    boolean quotaEnforced,
    Long idleThresholdSeconds,
    Long hibernationThresholdSeconds,
    String image,
    List<String> command,
    List<String> args,
    List<Launcher.EnvVariable> env,
    int port,
    String defaultUrl,
    String workingDirectory,
    int uid,
    int gid,
    String mountDirectory,
    List<String> repositories,
    String token,
    String desiredState,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime lastInteraction,
    OffsetDateTime hibernatedAt) {

  public static final String RUNNING = "running";
  public static final String HIBERNATED = "hibernated";

  public boolean wantsRunning() {
    return RUNNING.equals(desiredState);
  }

  /** The URL path the session is served under, without a trailing slash. */
  public String basePath() {
    return "/sessions/" + name;
  }

  /** What a runtime needs to run this session. */
  public SessionSpec spec() {
    var vars = new java.util.LinkedHashMap<String, String>();
    env.forEach(v -> vars.put(v.name(), v.value()));
    return new SessionSpec(
        name,
        image,
        command,
        args,
        vars,
        port,
        basePath(),
        workingDirectory,
        token,
        cpu,
        memoryGb,
        gpu,
        diskGb,
        ownerId,
        java.util.Map.of(
            "renku.io/project_id",
            projectId,
            "renku.io/launcher_id",
            launcherId,
            "renku.io/resource_class_id",
            String.valueOf(resourceClassId),
            "renku.io/resource_pool_id",
            String.valueOf(resourcePoolId)),
        idleThresholdSeconds,
        hibernationThresholdSeconds,
        uid,
        gid,
        mountDirectory,
        repositories);
  }

  @Override
  public String toString() { // the token stays out of logs
    return "Session[" + name + ", owner=" + ownerId + ", state=" + desiredState + "]";
  }
}
