package io.renku.authz.postgres;

import io.renku.authz.ObjectRef;
import io.renku.authz.SubjectRef;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Answers of permission checks, kept for as long as the relationship generation ({@code
 * authz.generation}) stays where it was when they were computed.
 *
 * <p>Why it is safe: the generation advances after every relationship change has reached the
 * authorizer (after each SpiceDB write of {@code AuthzSync}, and after each commit to {@code
 * authz.relationships}), so an answer computed at generation {@code g} reflects at least every
 * change made before {@code g}. A change moves the generation and every older answer is dropped at
 * once; the caller that made it reads its own write. Why it matters: the embedded SpiceDB engine
 * answers a check in time that grows with the number of relationships (decision 0005: 50-400 ms at
 * 100k projects), and a page asks the same few questions again and again.
 *
 * <p>Bounded: past {@code maxEntries} answers at one generation the cache starts over.
 */
final class CheckCache {
  record Key(SubjectRef subject, ObjectRef resource, String permission) {}

  private record Snapshot(long generation, ConcurrentHashMap<Key, Boolean> answers) {}

  private final int maxEntries;
  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(new Snapshot(Long.MIN_VALUE, new ConcurrentHashMap<>()));

  CheckCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The answer at {@code generation}: cached, or {@code compute}d and kept. */
  boolean answer(long generation, Key key, BooleanSupplier compute) {
    Snapshot snapshot = at(generation);
    Boolean known = snapshot.answers().get(key);
    if (known != null) {
      return known;
    }
    boolean answer = compute.getAsBoolean();
    remember(snapshot, key, answer);
    return answer;
  }

  /** The cached answer at {@code generation}, or null. */
  Boolean cached(long generation, Key key) {
    return at(generation).answers().get(key);
  }

  /** Keeps an answer computed at {@code generation} (unless the generation has moved on since). */
  void put(long generation, Key key, boolean answer) {
    remember(at(generation), key, answer);
  }

  private void remember(Snapshot snapshot, Key key, boolean answer) {
    if (snapshot.answers().size() >= maxEntries) {
      current.compareAndSet(
          snapshot, new Snapshot(snapshot.generation(), new ConcurrentHashMap<>()));
      return;
    }
    snapshot.answers().put(key, answer);
  }

  /**
   * The snapshot for {@code generation}: the current one, or a new empty one when the generation
   * has moved forward. A reader still at an older generation gets a private empty snapshot, so its
   * answers never land among newer ones.
   */
  private Snapshot at(long generation) {
    while (true) {
      Snapshot snapshot = current.get();
      if (snapshot.generation() == generation) {
        return snapshot;
      }
      if (snapshot.generation() > generation) {
        return new Snapshot(generation, new ConcurrentHashMap<>());
      }
      Snapshot next = new Snapshot(generation, new ConcurrentHashMap<>());
      if (current.compareAndSet(snapshot, next)) {
        return next;
      }
    }
  }
}
