package io.renku.search.query;

/**
 * How a {@code created} term compares. For a value that stands for a range (a partial date, a day,
 * a window): {@code :} matches inside the range, {@code >} after its end, {@code <} before its
 * start (as the original).
 */
public enum Comparison {
  EQUAL(':'),
  GREATER_THAN('>'),
  LOWER_THAN('<');

  private final char symbol;

  Comparison(char symbol) {
    this.symbol = symbol;
  }

  public char symbol() {
    return symbol;
  }

  static Comparison of(char c) {
    for (Comparison cmp : values()) {
      if (cmp.symbol == c) {
        return cmp;
      }
    }
    return null;
  }
}
