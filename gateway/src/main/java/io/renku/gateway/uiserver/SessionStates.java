package io.renku.gateway.uiserver;

/**
 * What the sessions of a login look like now, for {@link UiServerSocket} to tell when they change.
 */
@FunctionalInterface
interface SessionStates {
  /** One look at the sessions of the login stored under a login session id. */
  Look look(String loginSessionId);

  /** The outcome of one look. */
  sealed interface Look {}

  /** The sessions, as a value that differs whenever something the UI shows about them differs. */
  record Seen(String fingerprint) implements Look {}

  /**
   * The stored tokens have expired: the browser's next API request through the gateway refreshes
   * them, so the client is told to fetch its sessions again rather than left waiting.
   */
  record Stale() implements Look {}

  /** The data service could not be asked this time; the next look tries again. */
  record Unknown() implements Look {}

  /** The login has ended (logged out, expired): nothing more to tell. */
  record Ended() implements Look {}
}
