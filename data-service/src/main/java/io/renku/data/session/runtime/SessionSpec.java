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
    Long hibernatedSeconds) {

  @Override
  public String toString() { // the token stays out of logs
    return "SessionSpec[name=" + name + ", image=" + image + ", command=" + command + "]";
  }
}
