package io.renku.search.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** The character classes of the language and the quoting of values. */
final class Values {

  private Values() {}

  /**
   * Whitespace separates terms. Wider than {@link Character#isWhitespace} (no-break spaces and NEL
   * count too), as Python's {@code isspace} that the original uses.
   */
  static boolean isWhitespace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }

  /** A character a value can hold without quotes. */
  static boolean isPlain(char c) {
    return !isWhitespace(c) && c != '"' && c != '\\' && c != ',';
  }

  /** The value as a query writes it: quoted (with {@code \"} and {@code \\}) when it must be. */
  static String quote(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isPlain(value.charAt(i))) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
      }
    }
    return value;
  }

  /** Index of the quote closing a quoted value whose content starts at {@code from}, or -1. */
  static int closingQuote(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && isEscaped(s.charAt(i + 1))) {
        i += 2;
      } else if (c == '"') {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Only a quote and a backslash are escaped; any other backslash stands for itself. */
  static boolean isEscaped(char c) {
    return c == '"' || c == '\\';
  }

  /** The values without repetitions, in order; at least one. */
  static <T> List<T> distinct(List<T> values, String what) {
    Objects.requireNonNull(values, what);
    List<T> out = new ArrayList<>(new LinkedHashSet<>(values));
    if (out.isEmpty() || out.contains(null)) {
      throw new IllegalArgumentException(what + " needs at least one value and no null");
    }
    return List.copyOf(out);
  }

  static List<String> distinctStrings(List<String> values, String what) {
    List<String> out = distinct(values, what);
    if (out.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(what + " values must not be empty");
    }
    return out;
  }
}
