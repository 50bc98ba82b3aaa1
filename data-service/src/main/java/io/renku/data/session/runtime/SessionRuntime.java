package io.renku.data.session.runtime;

import java.util.Optional;

/**
 * Where sessions run. The session service decides (who may start what, on which class, within which
 * quota) and records the wanted state in Postgres; a runtime only carries it out and reports what
 * it sees.
 *
 * <p>Every method is idempotent and returns quickly: starting happens in the background and shows
 * up in {@link #status}. Failure modes: a session that cannot start (missing command or image,
 * crash, not answering in time) is reported as {@link RuntimeState#FAILED} with the reason in the
 * message, never thrown; only a runtime that cannot be reached at all throws {@link
 * io.renku.core.RenkuException} (503).
 */
public interface SessionRuntime extends AutoCloseable {

  /** Starts the session, or does nothing if it is already starting or running. */
  void start(SessionSpec spec);

  /** Stops the session and keeps its files; a later {@link #start} resumes on them. */
  void hibernate(String name);

  /** Stops the session and removes its files. Unknown names are ignored. */
  void delete(String name);

  /**
   * What the runtime sees of the session; {@link RuntimeState#ABSENT} if it runs nothing for it.
   */
  RuntimeStatus status(String name);

  /** The last {@code maxLines} lines of the session's output, or empty if there is none. */
  String logs(String name, int maxLines);

  /**
   * Where the gateway sends the session's HTTP traffic, for runtimes that the gateway proxies
   * (local); empty for runtimes reached through their own ingress.
   */
  Optional<Upstream> upstream(String name);

  /** The sessions this runtime runs or is starting. */
  java.util.Set<String> names();

  /**
   * Ports this runtime must never give a session on the host: the platform's own public port, which
   * is bound only after sessions are restarted at start (see {@link LoopbackPorts}). The default
   * does nothing, for runtimes that give out no host ports.
   */
  default void avoidPorts(java.util.Set<Integer> ports) {}

  /**
   * The sessions this runtime holds anything of: those of {@link #names()} and those whose files it
   * keeps while they are paused (a container runtime's work volumes). The culler deletes the ones
   * without a record, e.g. after the platform's tables were reset.
   */
  default java.util.Set<String> keptNames() {
    return names();
  }

  /**
   * Whether {@code image} is present where this runtime runs containers (so that a session from it
   * starts without a registry), or empty if the runtime cannot tell (then a registry decides).
   */
  default Optional<Boolean> imagePresent(String image) {
    return Optional.empty();
  }

  /**
   * Whether the runtime pauses idle sessions and deletes long-paused ones itself (Kubernetes: the
   * operator, from the culling settings given at start). Otherwise {@code SessionCuller} does.
   */
  default boolean cullsItself() {
    return false;
  }

  /** Stops whatever this platform instance runs; the wanted states stay in Postgres. */
  @Override
  void close();

  /** A host and port on the platform's own network. */
  record Upstream(String host, int port) {}
}
