package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What the pod's events say about scheduling, as the original's {@code EventsInferedState}: the
 * latest {@code Scheduled} and {@code FailedScheduling} events (by time) decide. A {@code
 * Scheduled} later than the last failure clears {@code failedSchedulingSince}; a failure starts it;
 * a failure that lasts {@code timeout} fails the session with {@code failed scheduling: <event
 * message>}.
 */
final class SchedulingEvents {

  enum Result {
    NONE,
    INITIALLY_FAILED,
    TEMPORARILY_FAILED,
    FINALLY_FAILED,
    SCHEDULED
  }

  record Inference(Result result, String message) {}

  private SchedulingEvents() {}

  static Inference infer(
      List<Event> events, Instant failedSchedulingSince, Instant now, Duration timeout) {
    if (events == null || events.isEmpty()) {
      return new Inference(Result.NONE, null);
    }
    List<Event> sorted =
        events.stream().sorted(Comparator.comparing(SchedulingEvents::sortTime)).toList();
    Event scheduled = null;
    Event failed = null;
    for (Event e : sorted) {
      if ("Scheduled".equals(e.getReason())) {
        scheduled = e;
      }
      if ("FailedScheduling".equals(e.getReason())) {
        failed = e;
      }
    }
    Instant scheduledAt = eventTime(scheduled);
    Instant failedAt = eventTime(failed);
    if (scheduledAt != null && (failedAt == null || scheduledAt.isAfter(failedAt))) {
      return new Inference(Result.SCHEDULED, null);
    }
    if (failed == null) {
      return new Inference(Result.NONE, null);
    }
    if (failedSchedulingSince == null) {
      return new Inference(Result.INITIALLY_FAILED, null);
    }
    if (!now.isBefore(failedSchedulingSince.plus(timeout))) {
      return new Inference(Result.FINALLY_FAILED, "failed scheduling: " + failed.getMessage());
    }
    return new Inference(Result.TEMPORARILY_FAILED, null);
  }

  /** The order the original sorts by: the event time, else the first timestamp. */
  private static Instant sortTime(Event e) {
    Instant t = e.getEventTime() == null ? null : parse(e.getEventTime().getTime());
    if (t == null) {
      t = parse(e.getFirstTimestamp());
    }
    return t == null ? Instant.EPOCH : t;
  }

  /** The time the original compares: the last timestamp, else the event time, else the first. */
  static Instant eventTime(Event e) {
    if (e == null) {
      return null;
    }
    Instant t = parse(e.getLastTimestamp());
    if (t == null && e.getEventTime() != null) {
      t = parse(e.getEventTime().getTime());
    }
    return t == null ? parse(e.getFirstTimestamp()) : t;
  }

  private static Instant parse(String time) {
    return StatusTransitions.parse(time);
  }
}
