package io.renku.search.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** {@code today} and {@code yesterday}: the whole day, in the query's zone. */
public enum RelativeDate implements DateRef.Base, Keyed.Word {
  TODAY("today", 0),
  YESTERDAY("yesterday", 1);

  private final String word;
  private final int daysBack;

  RelativeDate(String word, int daysBack) {
    this.word = word;
    this.daysBack = daysBack;
  }

  @Override
  public String word() {
    return word;
  }

  @Override
  public String render() {
    return word;
  }

  @Override
  public DateRange resolve(Instant now, ZoneId zone) {
    LocalDate day = LocalDate.ofInstant(now, zone).minusDays(daysBack);
    return new DateRange(
        day.atStartOfDay(zone).toInstant(),
        ZonedDateTime.of(day, LocalTime.of(23, 59, 59), zone).toInstant());
  }

  public static Optional<RelativeDate> fromWord(String text) {
    return Keyed.lookup(RelativeDate.class, text);
  }
}
