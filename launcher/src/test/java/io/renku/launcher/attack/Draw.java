package io.renku.launcher.attack;

import java.util.List;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The random choices of one generated request, all drawn from QuickTheories' source, so that a seed
 * gives the same requests every time.
 */
final class Draw {
  private final RandomnessSource source;

  Draw(RandomnessSource source) {
    this.source = source;
  }

  /** A number in {@code [0, n)}. */
  int below(int n) {
    return n <= 1 ? 0 : (int) source.next(Constraint.between(0, n - 1));
  }

  /** True about once in {@code n} draws. */
  boolean oneIn(int n) {
    return below(n) == 0;
  }

  <T> T pick(List<T> values) {
    return values.get(below(values.size()));
  }

  @SafeVarargs
  final <T> T pick(T... values) {
    return values[below(values.length)];
  }
}
