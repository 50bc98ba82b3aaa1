package io.renku.data.tasks;

/**
 * The Postgres advisory lock that keeps the outbox drainers and a reprovisioning apart: drainers
 * take it shared for each batch (any number at once), a reprovisioning takes it exclusively for its
 * whole run. While a reprovisioning runs the outbox only fills; the rows are drained after it, from
 * the then current state, so a reprovisioning never overwrites a newer document with an older one
 * and its sweep of unseen documents never removes one the drainer just wrote.
 */
final class IndexLock {
  /** An arbitrary constant of this platform's advisory lock space ("search" in ASCII). */
  static final long KEY = 0x736561726368L;

  private IndexLock() {}
}
