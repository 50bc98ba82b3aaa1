package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.renku.session.crd.AmaltheaSession;
import java.util.Optional;

/**
 * Tells whether a running session is idle. Called at most once per reconcile of a Running session
 * whose session container has run for the grace period.
 *
 * <p>Implementations must not throw for an expected gap (no metrics yet, metrics-server missing):
 * they answer empty, and the session keeps its previous idleness. An exception is logged and
 * treated the same way.
 */
public interface IdleProbe {

  /**
   * @param session the session
   * @param pod its pod ({@code <name>-0})
   * @return true when idle, false when busy, empty when it cannot be told
   */
  Optional<Boolean> isIdle(AmaltheaSession session, Pod pod);
}
