package io.renku.gateway.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Wraps the session store so that a request which changed nothing but the last-access time writes
 * it at most once per {@code interval}. Without this every proxied request of a logged-in browser
 * cost a write (and, in Postgres, a commit); with it, one read. Idle expiry becomes accurate to
 * within {@code interval}, which against a 4-hour idle timeout does not matter.
 *
 * <p>Anything else (attributes, a new id, the timeout, a new session) is saved at once, as the
 * wrapped store would.
 *
 * <p>It also answers the look-up Spring Session makes right after saving a request's session (to
 * check that the id the browser sent is still valid) from the session it just handled, on the same
 * thread within a few milliseconds, instead of reading the store a second time: with it a logged-in
 * request costs one read instead of two.
 *
 * <p>Whenever it writes a changed session or deletes one, it tells {@code onChange} the ids
 * concerned (the old one too when the id changed), so that copies kept elsewhere ({@code
 * RecentLogins}) are dropped.
 */
public final class ThrottledSessionRepository<S extends Session>
    implements SessionRepository<ThrottledSessionRepository.Tracked<S>> {
  private static final long JUST_HANDLED_NANOS = 5_000_000;

  private final SessionRepository<S> delegate;
  private final java.util.function.LongSupplier nanoTime;
  private final Duration interval;
  private final Consumer<String> onChange;

  /** The session this thread saved last, and when; consumed by the next look-up of its id. */
  private final ThreadLocal<JustHandled<S>> justHandled = new ThreadLocal<>();

  private record JustHandled<S extends Session>(Tracked<S> session, long at) {}

  /** A minute, or a tenth of the idle timeout when that is shorter, so idle expiry stays true. */
  public static Duration intervalFor(Duration idleTtl) {
    Duration tenth = idleTtl.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
  }

  public ThrottledSessionRepository(SessionRepository<S> delegate, Duration interval) {
    this(delegate, interval, id -> {});
  }

  public ThrottledSessionRepository(
      SessionRepository<S> delegate, Duration interval, Consumer<String> onChange) {
    this(delegate, interval, onChange, System::nanoTime);
  }

  /**
   * With the clock that times the just-handled window (tests give one that stands still: the window
   * is a few milliseconds, which a loaded machine can pass between two calls).
   */
  public ThrottledSessionRepository(
      SessionRepository<S> delegate,
      Duration interval,
      Consumer<String> onChange,
      java.util.function.LongSupplier nanoTime) {
    this.delegate = delegate;
    this.interval = interval;
    this.onChange = onChange;
    this.nanoTime = nanoTime;
  }

  @Override
  public Tracked<S> createSession() {
    return new Tracked<>(delegate.createSession(), true);
  }

  @Override
  public void save(Tracked<S> session) {
    Duration sinceWritten =
        Duration.between(session.loadedLastAccess, session.inner.getLastAccessedTime());
    if (session.dirty || sinceWritten.compareTo(interval) >= 0) {
      boolean changed = session.dirty;
      delegate.save(session.inner);
      session.dirty = false;
      session.loadedLastAccess = session.inner.getLastAccessedTime();
      if (changed) {
        onChange.accept(session.getId());
        if (!session.loadedId.equals(session.getId())) {
          onChange.accept(session.loadedId);
        }
        session.loadedId = session.getId();
      }
    }
    justHandled.set(new JustHandled<>(session, nanoTime.getAsLong()));
  }

  @Override
  public Tracked<S> findById(String id) {
    JustHandled<S> recent = justHandled.get();
    if (recent != null) {
      justHandled.remove();
      if (recent.session().getId().equals(id)
          && nanoTime.getAsLong() - recent.at() < JUST_HANDLED_NANOS
          && !recent.session().isExpired()) {
        return recent.session();
      }
    }
    S inner = delegate.findById(id);
    return inner == null ? null : new Tracked<>(inner, false);
  }

  @Override
  public void deleteById(String id) {
    justHandled.remove();
    delegate.deleteById(id);
    onChange.accept(id);
  }

  /** A session that remembers whether anything but its last-access time changed. */
  public static final class Tracked<S extends Session> implements Session {
    private final S inner;
    private boolean dirty;
    private Instant loadedLastAccess;
    private String loadedId;

    Tracked(S inner, boolean isNew) {
      this.inner = inner;
      this.dirty = isNew;
      this.loadedLastAccess = inner.getLastAccessedTime();
      this.loadedId = inner.getId();
    }

    @Override
    public String getId() {
      return inner.getId();
    }

    @Override
    public String changeSessionId() {
      dirty = true;
      return inner.changeSessionId();
    }

    @Override
    public <T> T getAttribute(String name) {
      return inner.getAttribute(name);
    }

    @Override
    public Set<String> getAttributeNames() {
      return inner.getAttributeNames();
    }

    @Override
    public void setAttribute(String name, Object value) {
      dirty = true;
      inner.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
      dirty = true;
      inner.removeAttribute(name);
    }

    @Override
    public Instant getCreationTime() {
      return inner.getCreationTime();
    }

    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
      inner.setLastAccessedTime(lastAccessedTime);
    }

    @Override
    public Instant getLastAccessedTime() {
      return inner.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
      dirty = true;
      inner.setMaxInactiveInterval(interval);
    }

    @Override
    public Duration getMaxInactiveInterval() {
      return inner.getMaxInactiveInterval();
    }

    @Override
    public boolean isExpired() {
      return inner.isExpired();
    }
  }
}
