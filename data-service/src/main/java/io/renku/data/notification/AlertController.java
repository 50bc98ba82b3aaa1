package io.renku.data.notification;

import io.renku.api.data.api.NotificationsApi;
import io.renku.api.data.model.AlertPatch;
import io.renku.api.data.model.AlertPost;
import io.renku.api.data.model.AlertmanagerStatus;
import io.renku.api.data.model.AlertmanagerWebhook;
import io.renku.api.data.model.AlertmanagerWebhookResponse;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /alerts} and {@code /webhooks/alertmanager}: DTOs in and out, rules in the service. */
@RestController
public class AlertController implements NotificationsApi {
  private final AlertService alerts;
  private final CurrentUser currentUser;

  public AlertController(AlertService alerts, CurrentUser currentUser) {
    this.alerts = alerts;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Alert>> getAlerts(String sessionName) {
    return ResponseEntity.ok(
        alerts.active(currentUser.get(), sessionName).stream().map(AlertController::dto).toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Alert> postAlert(AlertPost body) {
    var draft =
        new Alert.Draft(
            body.getTitle(),
            body.getMessage(),
            body.getEventType(),
            body.getUserId(),
            body.getSessionName());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(alerts.create(currentUser.get(), draft)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Alert> patchAlert(String alertId, AlertPatch body) {
    return ResponseEntity.ok(dto(alerts.update(currentUser.get(), alertId, body.getResolved())));
  }

  @Override
  public ResponseEntity<AlertmanagerWebhookResponse> postAlertmanagerWebhook(
      AlertmanagerWebhook body) {
    var incoming =
        body.getAlerts().stream()
            .map(
                a ->
                    new AlertService.Incoming(
                        a.getStatus() == AlertmanagerStatus.FIRING,
                        a.getLabels(),
                        a.getAnnotations()))
            .toList();
    alerts.webhook(currentUser.get(), currentUser.realmRoles(), incoming);
    // The original answers an empty object whatever happened to each alert.
    return ResponseEntity.ok(new AlertmanagerWebhookResponse());
  }

  private static io.renku.api.data.model.Alert dto(Alert a) {
    var dto =
        new io.renku.api.data.model.Alert(
            a.id(), a.title(), a.message(), a.eventType(), a.userId(), a.creationDate());
    dto.setSessionName(a.sessionName());
    dto.setResolvedDate(a.resolvedDate());
    return dto;
  }
}
