package io.renku.gateway.login;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logins of sessions read in the last {@code ttl}, by session id, so that a browser's next
 * requests within that time do not read the session store again. Local mode turns it on (one
 * gateway, sessions in its own Postgres); with a zero {@code ttl} (the default) it keeps nothing.
 *
 * <p>Why: a logged-in request read its session from Postgres (a query and a commit) on every
 * request. On two cores with 64 browsers' worth of requests, those two round trips to another
 * process waited for the cores behind everything else and made a logged-in request take 9 ms at a
 * load an anonymous one answered in 1 ms.
 *
 * <p>Every change to a session made through this gateway (a login, a new session id, a refresh, a
 * logout, an ended login) evicts it: {@code ThrottledSessionRepository} calls {@link #evict} when
 * it saves a changed session or deletes one. A reader that loaded a login before such an eviction
 * cannot put it back afterwards: {@link #put} only takes what was read after the last eviction
 * ({@link #epoch}). What this does not see: another gateway changing the session (so a cluster
 * leaves it off), and the store's own clean-up of sessions idle past their timeout (an entry
 * outlives that by at most {@code ttl}).
 */
public final class RecentLogins {
  /** Entries beyond this are dropped all at once; a refill costs one read per active browser. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(LoginSession login, long until) {}

  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong evictions = new AtomicLong();

  public RecentLogins(Duration ttl) {
    this.ttlNanos = ttl == null || ttl.isNegative() ? 0 : ttl.toNanos();
  }

  public boolean enabled() {
    return ttlNanos > 0;
  }

  /** The login read for this session id within the last {@code ttl}, or {@code null}. */
  public LoginSession get(String sessionId) {
    if (!enabled() || sessionId == null) {
      return null;
    }
    Entry e = entries.get(sessionId);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.until() >= 0) {
      entries.remove(sessionId, e);
      return null;
    }
    return e.login();
  }

  /** Take before reading the store; hand to {@link #put}. */
  public long epoch() {
    return evictions.get();
  }

  /** Remembers a login read from the store, unless a session changed since {@code epoch}. */
  public void put(String sessionId, LoginSession login, long epoch) {
    if (!enabled() || sessionId == null || login == null) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(sessionId, new Entry(login, System.nanoTime() + ttlNanos));
    if (evictions.get() != epoch) {
      entries.remove(sessionId); // a change raced the read: forget what was read
    }
  }

  /** Forgets a session that changed or ended. */
  public void evict(String sessionId) {
    evictions.incrementAndGet();
    if (sessionId != null) {
      entries.remove(sessionId);
    }
  }
}
