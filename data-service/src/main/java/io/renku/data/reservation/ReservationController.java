package io.renku.data.reservation;

import io.renku.api.data.api.CapacityReservationsApi;
import io.renku.api.data.model.CapacityReservationPost;
import io.renku.api.data.model.ProvisioningConfig;
import io.renku.api.data.model.RecurrenceConfig;
import io.renku.api.data.model.RecurrenceType;
import io.renku.api.data.model.ScaleDownBehavior;
import io.renku.api.data.model.ScheduleEntry;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /capacity-reservations}. */
@RestController
public class ReservationController implements CapacityReservationsApi {
  private final ReservationService reservations;
  private final CurrentUser currentUser;

  public ReservationController(ReservationService reservations, CurrentUser currentUser) {
    this.reservations = reservations;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.CapacityReservation> postCapacityReservation(
      CapacityReservationPost body) {
    RecurrenceConfig rec = body.getRecurrence();
    ProvisioningConfig prov = body.getProvisioning();
    List<CapacityReservation.WindowDraft> schedule =
        rec.getSchedule() == null
            ? List.of()
            : rec.getSchedule().stream()
                .map(
                    e ->
                        new CapacityReservation.WindowDraft(
                            e.getDayOfWeek(), e.getStartTime(), e.getEndTime()))
                .toList();
    CapacityReservation created =
        reservations.create(
            currentUser.get(),
            new CapacityReservation.Draft(
                body.getName(),
                body.getResourceClassId(),
                body.getProjectTemplateId(),
                rec.getType() == null ? null : rec.getType().getValue(),
                rec.getStartDate(),
                rec.getEndDate(),
                schedule,
                prov.getPlaceholderCount(),
                prov.getLeadTimeMinutes(),
                prov.getScaleDownBehavior() == null
                    ? null
                    : prov.getScaleDownBehavior().getValue()));
    return ResponseEntity.status(HttpStatus.CREATED).body(toApi(created));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.CapacityReservation>>
      getCapacityReservations() {
    return ResponseEntity.ok(
        reservations.list(currentUser.get()).stream().map(ReservationController::toApi).toList());
  }

  @Override
  public ResponseEntity<Void> deleteCapacityReservation(String reservationId) {
    reservations.delete(currentUser.get(), reservationId);
    return ResponseEntity.noContent().build();
  }

  private static io.renku.api.data.model.CapacityReservation toApi(CapacityReservation r) {
    RecurrenceConfig rec =
        new RecurrenceConfig(
                RecurrenceType.fromValue(r.recurrenceType()), r.startDate(), r.endDate())
            .schedule(
                r.schedule().stream()
                    .map(
                        w ->
                            new ScheduleEntry(
                                w.dayOfWeek(),
                                ReservationService.TIME.format(w.startTime()),
                                ReservationService.TIME.format(w.endTime())))
                    .toList());
    return new io.renku.api.data.model.CapacityReservation(
            r.id(),
            r.name(),
            r.resourceClassId(),
            rec,
            new ProvisioningConfig(
                r.placeholderCount(),
                r.leadTimeMinutes(),
                ScaleDownBehavior.fromValue(r.scaleDownBehavior())))
        .projectTemplateId(r.projectTemplateId());
  }
}
