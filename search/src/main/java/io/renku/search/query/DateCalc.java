package io.renku.search.query;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A date computed from a base: {@code today-7d}, {@code 2023-10-15+10d}, {@code 2023-05/14d}. As
 * the original: {@code +}/{@code -} move the base's start by the days and stand for that instant;
 * {@code /} widens the base's range by the days on both sides.
 */
public record DateCalc(DateRef.Base base, Op op, int days) implements DateRef {

  /** Largest number of days accepted (about 270 years); more is no date anyone means. */
  public static final int MAX_DAYS = 99_999;

  /** The operator between base and days. */
  public enum Op {
    PLUS('+'),
    MINUS('-'),
    AROUND('/');

    private final char symbol;

    Op(char symbol) {
      this.symbol = symbol;
    }

    public char symbol() {
      return symbol;
    }

    static Op of(char c) {
      for (Op op : values()) {
        if (op.symbol == c) {
          return op;
        }
      }
      return null;
    }
  }

  public DateCalc {
    if (base == null || op == null || days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("invalid date calculation");
    }
  }

  @Override
  public String render() {
    return base.render() + op.symbol + days + "d";
  }

  @Override
  public DateRange resolve(Instant now, ZoneId zone) {
    DateRange r = base.resolve(now, zone);
    Duration d = Duration.ofDays(days);
    return switch (op) {
      case PLUS -> new DateRange(r.from().plus(d), r.from().plus(d));
      case MINUS -> new DateRange(r.from().minus(d), r.from().minus(d));
      case AROUND -> new DateRange(r.from().minus(d), r.to().plus(d));
    };
  }
}
