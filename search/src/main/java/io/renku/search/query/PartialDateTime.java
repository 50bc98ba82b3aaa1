package io.renku.search.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An ISO timestamp where every part right of the year may be left out: {@code 2023}, {@code
 * 2023-05}, {@code 2023-05-01T10}, {@code 2023-05-01T10:30:00Z}. It stands for the range from the
 * smallest to the largest timestamp it allows. {@code Z} means UTC; without it the query's zone.
 */
public record PartialDateTime(
    int year, Integer month, Integer day, Integer hour, Integer minute, Integer second, boolean utc)
    implements DateRef.Base {

  public PartialDateTime {
    check(year >= 1000 && year <= 9999, "year");
    check(month == null || (month >= 1 && month <= 12), "month");
    check(day == null || month != null, "day without month");
    check(day == null || (day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()), "day");
    check(hour == null || (hour >= 0 && hour <= 23), "hour");
    check(minute == null || (hour != null && minute >= 0 && minute <= 59), "minute");
    check(second == null || (minute != null && second >= 0 && second <= 59), "second");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + what);
    }
  }

  @Override
  public String render() {
    StringBuilder b = new StringBuilder().append(year);
    if (month != null) {
      b.append('-').append(twoDigits(month));
    }
    if (day != null) {
      b.append('-').append(twoDigits(day));
    }
    if (hour != null) {
      b.append('T').append(twoDigits(hour));
    }
    if (minute != null) {
      b.append(':').append(twoDigits(minute));
    }
    if (second != null) {
      b.append(':').append(twoDigits(second));
    }
    if (utc) {
      b.append('Z');
    }
    return b.toString();
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  @Override
  public DateRange resolve(Instant now, ZoneId zone) {
    ZoneId z = utc ? ZoneOffset.UTC : zone;
    LocalDate firstDay = LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
    LocalDate lastDay =
        day != null
            ? firstDay
            : month != null ? YearMonth.of(year, month).atEndOfMonth() : LocalDate.of(year, 12, 31);
    LocalTime first = LocalTime.of(orElse(hour, 0), orElse(minute, 0), orElse(second, 0));
    LocalTime last = LocalTime.of(orElse(hour, 23), orElse(minute, 59), orElse(second, 59));
    return new DateRange(
        ZonedDateTime.of(firstDay, first, z).toInstant(),
        ZonedDateTime.of(lastDay, last, z).toInstant());
  }

  private static int orElse(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
