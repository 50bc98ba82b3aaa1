package io.renku.gateway.login;

import java.util.function.Supplier;

/**
 * A lock per login session shared by every gateway replica, so that a token set is refreshed once
 * even when several requests of one browser arrive at several replicas at the same moment.
 *
 * <p>Failure modes: when the lock's store (Postgres, Redis) is unreachable, {@link #withLock}
 * throws {@link IllegalStateException} without running the action; the caller then serves the
 * request with the tokens it has (or anonymously, when they have expired). The action's own
 * exceptions pass through unchanged, and the lock is released in every case.
 */
public interface RefreshLock {
  <T> T withLock(String sessionId, Supplier<T> action);
}
