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
    long diskGb) {

  @Override
  public String toString() { // the token stays out of logs
    return "SessionSpec[name=" + name + ", image=" + image + ", command=" + command + "]";
  }
}
