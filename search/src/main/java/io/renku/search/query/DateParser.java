package io.renku.search.query;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a date value: {@code today}, {@code yesterday}, a partial timestamp {@code
 * YYYY[-MM[-DD]][THH[:mm[:ss]]][Z]}, or either followed by {@code +Nd}, {@code -Nd} or {@code /Nd}.
 * Month and day may have one digit; the date must exist (no 2023-02-30).
 */
final class DateParser {

  private static final Pattern PARTIAL =
      Pattern.compile(
          "([1-9][0-9]{3})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?"
              + "(?:T([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2}))?)?)?([Zz])?");

  private DateParser() {}

  static Optional<DateRef> parse(String value) {
    int last = value.length() - 1;
    if (last >= 0 && (value.charAt(last) == 'd' || value.charAt(last) == 'D')) {
      return calc(value, last);
    }
    return base(value).map(b -> (DateRef) b);
  }

  /** {@code <base><op><days>d}: the days are the digits right before the final d. */
  private static Optional<DateRef> calc(String value, int last) {
    int start = last;
    while (start > 0 && isDigit(value.charAt(start - 1))) {
      start--;
    }
    int digits = last - start;
    if (digits == 0 || start == 0 || value.charAt(start) == '0' || digits > 5) {
      return Optional.empty();
    }
    DateCalc.Op op = DateCalc.Op.of(value.charAt(start - 1));
    int days = Integer.parseInt(value.substring(start, last));
    if (op == null || days > DateCalc.MAX_DAYS) {
      return Optional.empty();
    }
    return base(value.substring(0, start - 1)).map(b -> new DateCalc(b, op, days));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Optional<DateRef.Base> base(String value) {
    Optional<RelativeDate> relative = RelativeDate.fromWord(value);
    if (relative.isPresent()) {
      return Optional.of(relative.get());
    }
    Matcher m = PARTIAL.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PartialDateTime(
              Integer.parseInt(m.group(1)),
              number(m.group(2)),
              number(m.group(3)),
              number(m.group(4)),
              number(m.group(5)),
              number(m.group(6)),
              m.group(7) != null));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Integer number(String digits) {
    return digits == null ? null : Integer.valueOf(digits);
  }
}
