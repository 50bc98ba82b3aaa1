package io.renku.search.query;

import java.time.Instant;

/**
 * What a date value stands for: the instants from {@code from} to {@code to}, both included, to the
 * second (a full timestamp or a calculated day gives {@code from == to}).
 */
public record DateRange(Instant from, Instant to) {

  public DateRange {
    if (from == null || to == null || to.isBefore(from)) {
      throw new IllegalArgumentException("bad date range " + from + " .. " + to);
    }
  }

  public boolean isInstant() {
    return from.equals(to);
  }
}
