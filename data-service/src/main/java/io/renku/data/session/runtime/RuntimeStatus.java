package io.renku.data.session.runtime;

import java.time.Instant;

/**
 * A runtime's view of one session.
 *
 * @param message why it failed, or what it is waiting for; when running, null or a warning (a
 *     repository that could not be cloned)
 * @param startedAt when the current run began, or null
 */
public record RuntimeStatus(
    RuntimeState state,
    String message,
    int readyContainers,
    int totalContainers,
    Instant startedAt) {

  public static final RuntimeStatus ABSENT =
      new RuntimeStatus(RuntimeState.ABSENT, null, 0, 0, null);
}
