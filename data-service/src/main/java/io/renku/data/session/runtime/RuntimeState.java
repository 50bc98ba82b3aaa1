package io.renku.data.session.runtime;

/** What a runtime sees of one session. */
public enum RuntimeState {
  /** Nothing runs for this session (never started, hibernated, or lost in a restart). */
  ABSENT,
  STARTING,
  RUNNING,
  STOPPING,
  FAILED,
  /** Paused by the runtime itself (runtimes that cull their own sessions). */
  HIBERNATED
}
