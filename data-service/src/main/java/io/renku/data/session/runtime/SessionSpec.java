package io.renku.data.session.runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything a runtime needs to run one session.
 *
 * @param name the session's name, unique on the platform
 * @param image the container image (runtimes that run processes use {@code command} instead)
 * @param command the program and its leading arguments; empty means the image's entry point
 * @param args further arguments
 * @param env environment variables set for the session, in order
 * @param port the port the session listens on inside a container (process runtimes pick their own)
 * @param basePath the URL path the session is served under, e.g. {@code /sessions/abc}, no slash at
 *     the end
 * @param workingDirectory the directory the session starts in (inside a container), or null
 * @param token a secret the gateway presents to the session on every request
 * @param cpu CPUs requested
 * @param memoryGb memory requested, in GB
 * @param gpu GPUs requested
 * @param diskGb disk requested, in GB
 * @param ownerId who started the session (a user id or an anonymous id)
 * @param annotations what the session is for ({@code renku.io/project_id}, …), kept on the
 *     runtime's objects
 * @param idleSeconds idle time after which a runtime that culls by itself pauses it, or null
 * @param hibernatedSeconds time a paused session is kept before such a runtime deletes it, or null
 * @param uid the user id the session runs as in a container (never 0)
 * @param gid the group id the session runs as in a container
 * @param mountDirectory where the work volume is mounted in a container, or null for {@link
 *     #DEFAULT_MOUNT_DIRECTORY}
 * @param repositories code repositories (HTTP(S) URLs) cloned into the work volume at its first
 *     start
 * @param context who started the session for what, as a cluster session needs it; null when not
 *     known (a resume, the local runtimes)
 * @param mounts the session's secret files and data connectors ({@link SessionMounts#NONE} when it
 *     has none; a resume without them reuses what the runtime kept from the first start)
 */
public record SessionSpec(
    String name,
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    int port,
    String basePath,
    String workingDirectory,
    String token,
    double cpu,
    long memoryGb,
    long gpu,
    long diskGb,
    String ownerId,
    Map<String, String> annotations,
    Long idleSeconds,
    Long hibernatedSeconds,
    int uid,
    int gid,
    String mountDirectory,
    List<String> repositories,
    LaunchContext context,
    SessionMounts mounts) {

  /** Where a session's files are in a container unless the environment says otherwise. */
  public static final String DEFAULT_MOUNT_DIRECTORY = "/home/renku/work";

  public SessionSpec {
    env = env == null ? Map.of() : env;
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
    mounts = mounts == null ? SessionMounts.NONE : mounts;
  }

  /** A spec without mounts. */
  public SessionSpec(
      String name,
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      int port,
      String basePath,
      String workingDirectory,
      String token,
      double cpu,
      long memoryGb,
      long gpu,
      long diskGb,
      String ownerId,
      Map<String, String> annotations,
      Long idleSeconds,
      Long hibernatedSeconds,
      int uid,
      int gid,
      String mountDirectory,
      List<String> repositories,
      LaunchContext context) {
    this(
        name,
        image,
        command,
        args,
        env,
        port,
        basePath,
        workingDirectory,
        token,
        cpu,
        memoryGb,
        gpu,
        diskGb,
        ownerId,
        annotations,
        idleSeconds,
        hibernatedSeconds,
        uid,
        gid,
        mountDirectory,
        repositories,
        context,
        SessionMounts.NONE);
  }

  /** A spec without a launch context. */
  public SessionSpec(
      String name,
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      int port,
      String basePath,
      String workingDirectory,
      String token,
      double cpu,
      long memoryGb,
      long gpu,
      long diskGb,
      String ownerId,
      Map<String, String> annotations,
      Long idleSeconds,
      Long hibernatedSeconds,
      int uid,
      int gid,
      String mountDirectory,
      List<String> repositories) {
    this(
        name,
        image,
        command,
        args,
        env,
        port,
        basePath,
        workingDirectory,
        token,
        cpu,
        memoryGb,
        gpu,
        diskGb,
        ownerId,
        annotations,
        idleSeconds,
        hibernatedSeconds,
        uid,
        gid,
        mountDirectory,
        repositories,
        null);
  }

  /** This spec with {@code context} attached. */
  public SessionSpec withContext(LaunchContext context) {
    return new SessionSpec(
        name,
        image,
        command,
        args,
        env,
        port,
        basePath,
        workingDirectory,
        token,
        cpu,
        memoryGb,
        gpu,
        diskGb,
        ownerId,
        annotations,
        idleSeconds,
        hibernatedSeconds,
        uid,
        gid,
        mountDirectory,
        repositories,
        context,
        mounts);
  }

  /** This spec with {@code mounts} attached. */
  public SessionSpec withMounts(SessionMounts mounts) {
    return new SessionSpec(
        name,
        image,
        command,
        args,
        env,
        port,
        basePath,
        workingDirectory,
        token,
        cpu,
        memoryGb,
        gpu,
        diskGb,
        ownerId,
        annotations,
        idleSeconds,
        hibernatedSeconds,
        uid,
        gid,
        mountDirectory,
        repositories,
        context,
        mounts);
  }

  /** The mount directory with the default filled in. */
  public String mountDirectoryOrDefault() {
    return mountDirectory == null || mountDirectory.isBlank()
        ? DEFAULT_MOUNT_DIRECTORY
        : mountDirectory;
  }

  /** The working directory with the default (the mount directory) filled in. */
  public String workingDirectoryOrDefault() {
    return workingDirectory == null || workingDirectory.isBlank()
        ? mountDirectoryOrDefault()
        : workingDirectory;
  }

  @Override
  public String toString() { // the token stays out of logs
    return "SessionSpec[name=" + name + ", image=" + image + ", command=" + command + "]";
  }
}
