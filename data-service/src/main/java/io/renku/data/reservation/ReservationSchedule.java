package io.renku.data.reservation;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * When a reservation wants its placeholders, as the original's occurrences (UTC): each window from
 * {@code leadTimeMinutes} before its start until its end; {@code once} is one stretch from the
 * first window's start on startDate to its end on endDate, {@code daily} every day of the range,
 * {@code weekly} the days of the range whose day of the week the window names.
 */
final class ReservationSchedule {
  private ReservationSchedule() {}

  static boolean activeAt(CapacityReservation r, OffsetDateTime now) {
    OffsetDateTime at = now.withOffsetSameInstant(ZoneOffset.UTC);
    for (CapacityReservation.Window w : r.schedule()) {
      if ("once".equals(r.recurrenceType())) {
        if (within(at, r, r.startDate(), r.endDate(), w)) {
          return true;
        }
        continue;
      }
      // a window of tomorrow may already be in its lead time (at most 3 hours)
      for (LocalDate day : new LocalDate[] {at.toLocalDate(), at.toLocalDate().plusDays(1)}) {
        boolean inRange = !day.isBefore(r.startDate()) && !day.isAfter(r.endDate());
        boolean onDay =
            "daily".equals(r.recurrenceType()) || day.getDayOfWeek().getValue() == w.dayOfWeek();
        if (inRange && onDay && within(at, r, day, day, w)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean within(
      OffsetDateTime at,
      CapacityReservation r,
      LocalDate startDay,
      LocalDate endDay,
      CapacityReservation.Window w) {
    OffsetDateTime from =
        startDay.atTime(w.startTime()).atOffset(ZoneOffset.UTC).minusMinutes(r.leadTimeMinutes());
    OffsetDateTime to = endDay.atTime(w.endTime()).atOffset(ZoneOffset.UTC);
    return !at.isBefore(from) && at.isBefore(to);
  }
}
