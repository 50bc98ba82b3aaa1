package io.renku.data.reservation;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.crc.ResourceClass;
import io.renku.data.crc.ResourcePoolService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Capacity reservations, for administrators only (as the original). The checks are the original's
 * (dates in order and not past, at least one window, each ending after it starts) plus that the
 * class exists; each failure is a 422 naming the field.
 */
@Service
public class ReservationService {
  /** How times of day are written in the API and stored: {@code 08:00:00}. */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static final Set<String> TYPES = Set.of("once", "daily", "weekly");
  private static final Set<String> SCALE_DOWN = Set.of("maintain", "reduce", "none");

  private final ReservationRepository reservations;
  private final ResourcePoolService pools;
  private final Clock clock;

  @Autowired
  public ReservationService(ReservationRepository reservations, ResourcePoolService pools) {
    this(reservations, pools, Clock.systemUTC());
  }

  ReservationService(ReservationRepository reservations, ResourcePoolService pools, Clock clock) {
    this.reservations = reservations;
    this.pools = pools;
    this.clock = clock;
  }

  public List<CapacityReservation> list(ApiUser caller) {
    caller.requireAdmin();
    return reservations.all();
  }

  public CapacityReservation create(ApiUser caller, CapacityReservation.Draft d) {
    caller.requireAdmin();
    String name = d.name() == null ? "" : d.name().strip();
    if (name.isEmpty() || name.length() > 40) {
      throw RenkuException.validation("name", "must be 1 to 40 characters");
    }
    ResourceClass cls = requireClass(caller, d.resourceClassId());
    if (d.recurrenceType() == null || !TYPES.contains(d.recurrenceType())) {
      throw RenkuException.validation("recurrence.type", "must be once, daily or weekly");
    }
    if (d.startDate() == null) {
      throw RenkuException.validation("recurrence.start_date", "is required");
    }
    if (d.endDate() == null) {
      throw RenkuException.validation("recurrence.end_date", "is required");
    }
    if (d.endDate().isBefore(d.startDate())) {
      throw RenkuException.validation("recurrence.end_date", "must be on or after start_date");
    }
    if (d.startDate().isBefore(LocalDate.now(clock))) {
      throw RenkuException.validation("recurrence.start_date", "must not be in the past");
    }
    List<CapacityReservation.Window> schedule = windows(d.schedule());
    if (d.placeholderCount() == null || d.placeholderCount() < 1 || d.placeholderCount() > 1000) {
      throw RenkuException.validation("provisioning.placeholder_count", "must be 1 to 1000");
    }
    if (d.leadTimeMinutes() == null || d.leadTimeMinutes() < 0 || d.leadTimeMinutes() > 180) {
      throw RenkuException.validation("provisioning.lead_time_minutes", "must be 0 to 180");
    }
    if (d.scaleDownBehavior() == null || !SCALE_DOWN.contains(d.scaleDownBehavior())) {
      throw RenkuException.validation(
          "provisioning.scale_down_behavior", "must be maintain, reduce or none");
    }
    if (d.projectTemplateId() != null && !Ulid.isValid(d.projectTemplateId())) {
      throw RenkuException.validation("project_template_id", "must be a ULID");
    }
    CapacityReservation r =
        new CapacityReservation(
            Ulid.next(),
            name,
            cls.id(),
            d.projectTemplateId(),
            d.recurrenceType(),
            d.startDate(),
            d.endDate(),
            schedule,
            d.placeholderCount(),
            d.leadTimeMinutes(),
            d.scaleDownBehavior(),
            caller.id(),
            OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
    try {
      reservations.insert(r);
    } catch (DataIntegrityViolationException deletedMeanwhile) {
      throw RenkuException.validation(
          "resource_class_id", "no resource class " + cls.id() + " exists");
    }
    return r;
  }

  public void delete(ApiUser caller, String id) {
    caller.requireAdmin();
    if (!reservations.delete(id)) {
      throw RenkuException.notFound("Capacity reservation " + id + " does not exist.");
    }
  }

  /** The class, or 422: a reservation for a class that does not exist is bad input. */
  private ResourceClass requireClass(ApiUser caller, Integer classId) {
    if (classId == null) {
      throw RenkuException.validation("resource_class_id", "is required");
    }
    try {
      return pools.getClass(caller, classId);
    } catch (RenkuException notFound) {
      throw RenkuException.validation(
          "resource_class_id", "no resource class " + classId + " exists");
    }
  }

  private static List<CapacityReservation.Window> windows(
      List<CapacityReservation.WindowDraft> drafts) {
    if (drafts == null || drafts.isEmpty()) {
      throw RenkuException.validation("recurrence.schedule", "needs at least one entry");
    }
    List<CapacityReservation.Window> out = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      CapacityReservation.WindowDraft w = drafts.get(i);
      String at = "recurrence.schedule[" + i + "].";
      if (w.dayOfWeek() == null || w.dayOfWeek() < 1 || w.dayOfWeek() > 7) {
        throw RenkuException.validation(at + "day_of_week", "must be 1 (Monday) to 7 (Sunday)");
      }
      LocalTime start = time(at + "start_time", w.startTime());
      LocalTime end = time(at + "end_time", w.endTime());
      if (!end.isAfter(start)) {
        throw RenkuException.validation(at + "end_time", "must be after start_time");
      }
      out.add(new CapacityReservation.Window(w.dayOfWeek(), start, end));
    }
    return List.copyOf(out);
  }

  private static LocalTime time(String field, String value) {
    if (value == null) {
      throw RenkuException.validation(field, "is required");
    }
    try {
      return LocalTime.parse(value).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw RenkuException.validation(field, "must be a time of day such as 08:00:00");
    }
  }
}
