package io.renku.data.reservation;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Capacity reserved for sessions of a resource class: during each window of its schedule (from
 * {@code leadTimeMinutes} before it starts) {@code placeholderCount} sessions' worth of the class
 * is kept free.
 *
 * @param recurrenceType {@code once} (the schedule's windows on startDate), {@code daily} (every
 *     day from startDate to endDate) or {@code weekly} (the entries' days of the week in between)
 * @param scaleDownBehavior {@code maintain}, {@code reduce} or {@code none}: whether placeholders
 *     give way to sessions that start (stored and answered; see decision 0042)
 */
public record CapacityReservation(
    String id,
    String name,
    int resourceClassId,
    String projectTemplateId,
    String recurrenceType,
    LocalDate startDate,
    LocalDate endDate,
    List<Window> schedule,
    int placeholderCount,
    int leadTimeMinutes,
    String scaleDownBehavior,
    String createdBy,
    OffsetDateTime creationDate) {

  /** A window on a day: {@code dayOfWeek} 1 (Monday) to 7, used by weekly reservations. */
  public record Window(int dayOfWeek, LocalTime startTime, LocalTime endTime) {}

  /** What an administrator asks for; validated by {@link ReservationService}. */
  public record Draft(
      String name,
      Integer resourceClassId,
      String projectTemplateId,
      String recurrenceType,
      LocalDate startDate,
      LocalDate endDate,
      List<WindowDraft> schedule,
      Integer placeholderCount,
      Integer leadTimeMinutes,
      String scaleDownBehavior) {}

  /** A window as sent, times still text. */
  public record WindowDraft(Integer dayOfWeek, String startTime, String endTime) {}
}
