package io.renku.data.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a reservation wants its placeholders (UTC). */
class ReservationScheduleTest {
  // 2027-03-01 is a Monday.
  private static final LocalDate MONDAY = LocalDate.of(2027, 3, 1);

  private static CapacityReservation reservation(
      String type, LocalDate start, LocalDate end, int lead, CapacityReservation.Window... w) {
    return new CapacityReservation(
        "01JN0000000000000000000000",
        "r",
        1,
        null,
        type,
        start,
        end,
        List.of(w),
        1,
        lead,
        "none",
        "admin",
        OffsetDateTime.now(ZoneOffset.UTC));
  }

  private static OffsetDateTime at(LocalDate day, int h, int m) {
    return day.atTime(h, m).atOffset(ZoneOffset.UTC);
  }

  private static CapacityReservation.Window window(int day, String from, String to) {
    return new CapacityReservation.Window(day, LocalTime.parse(from), LocalTime.parse(to));
  }

  @Test
  void weeklyWindowsAreOnTheirDayOnlyFromTheLeadTime() {
    var r = reservation("weekly", MONDAY, MONDAY.plusWeeks(2), 60, window(3, "09:00", "12:00"));
    LocalDate wednesday = MONDAY.plusDays(2);
    assertThat(ReservationSchedule.activeAt(r, at(wednesday, 7, 59))).isFalse();
    assertThat(ReservationSchedule.activeAt(r, at(wednesday, 8, 0))).isTrue();
    assertThat(ReservationSchedule.activeAt(r, at(wednesday, 11, 59))).isTrue();
    assertThat(ReservationSchedule.activeAt(r, at(wednesday, 12, 0))).isFalse();
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY.plusDays(1), 10, 0))).isFalse();
    assertThat(ReservationSchedule.activeAt(r, at(wednesday.plusWeeks(3), 10, 0)))
        .as("after end_date")
        .isFalse();
  }

  @Test
  void aLeadTimeReachesIntoThePreviousDay() {
    var r = reservation("daily", MONDAY, MONDAY, 120, window(1, "01:00", "02:00"));
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY.minusDays(1), 23, 30))).isTrue();
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY.minusDays(1), 22, 30))).isFalse();
  }

  @Test
  void onceSpansFromTheFirstDayToTheLast() {
    var r = reservation("once", MONDAY, MONDAY.plusDays(2), 0, window(1, "09:00", "17:00"));
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY.plusDays(1), 3, 0))).isTrue();
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY, 8, 59))).isFalse();
    assertThat(ReservationSchedule.activeAt(r, at(MONDAY.plusDays(2), 17, 0))).isFalse();
  }
}
