package io.renku.data.sessionsecret;

import io.renku.api.data.api.SessionSecretsApi;
import io.renku.api.data.model.SessionSecret;
import io.renku.api.data.model.SessionSecretPatch;
import io.renku.api.data.model.SessionSecretSlot;
import io.renku.api.data.model.SessionSecretSlotPatch;
import io.renku.api.data.model.SessionSecretSlotPost;
import io.renku.core.ETags;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /session_secret_slots}, {@code /projects/{id}/session_secret_slots} and {@code
 * /projects/{id}/session_secrets}: a project's secret slots and the caller's fillings of them.
 */
@RestController
public class SessionSecretController implements SessionSecretsApi {
  private final SessionSecretService service;
  private final CurrentUser currentUser;

  public SessionSecretController(SessionSecretService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<SessionSecretSlot>> listProjectSessionSecretSlots(String projectId) {
    return ResponseEntity.ok(
        service.slots(currentUser.get(), projectId).stream()
            .map(SessionSecretController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<SessionSecretSlot> createSessionSecretSlot(SessionSecretSlotPost body) {
    var draft =
        new SessionSecretService.SlotDraft(
            body.getProjectId(), body.getName(), body.getDescription(), body.getFilename());
    SecretSlot s = service.createSlot(currentUser.get(), draft);
    return ResponseEntity.status(HttpStatus.CREATED).eTag(s.etag()).body(dto(s));
  }

  @Override
  public ResponseEntity<SessionSecretSlot> getSessionSecretSlot(String slotId, String ifNoneMatch) {
    SecretSlot s = service.slot(currentUser.get(), slotId);
    if (ETags.matchesNone(ifNoneMatch, s.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(s.etag()).build();
    }
    return ResponseEntity.ok().eTag(s.etag()).body(dto(s));
  }

  @Override
  public ResponseEntity<SessionSecretSlot> updateSessionSecretSlot(
      String slotId, SessionSecretSlotPatch body, String ifMatch) {
    var changes =
        new SessionSecretService.SlotChanges(
            body.getName(), body.getDescription(), body.getFilename());
    SecretSlot s = service.updateSlot(currentUser.get(), slotId, changes, ifMatch);
    return ResponseEntity.ok().eTag(s.etag()).body(dto(s));
  }

  @Override
  public ResponseEntity<Void> deleteSessionSecretSlot(String slotId) {
    service.deleteSlot(currentUser.get(), slotId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<SessionSecret>> listProjectSessionSecrets(String projectId) {
    return ResponseEntity.ok(
        service.filled(currentUser.get(), projectId).stream()
            .map(SessionSecretController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<List<SessionSecret>> updateProjectSessionSecrets(
      String projectId, List<SessionSecretPatch> body) {
    List<SessionSecretService.Fill> fills =
        body.stream()
            .map(
                p ->
                    p == null
                        ? new SessionSecretService.Fill(null, null, null)
                        : new SessionSecretService.Fill(
                            p.getSecretSlotId(), p.getSecretId(), p.getValue()))
            .toList();
    // 201 as the original answers
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            service.fill(currentUser.get(), projectId, fills).stream()
                .map(SessionSecretController::dto)
                .toList());
  }

  @Override
  public ResponseEntity<Void> deleteProjectSessionSecrets(String projectId) {
    service.clearAll(currentUser.get(), projectId);
    return ResponseEntity.noContent().build();
  }

  private static SessionSecretSlot dto(SecretSlot s) {
    var dto = new SessionSecretSlot(s.id(), s.projectId(), s.name(), s.filename(), s.etag());
    dto.setDescription(s.description());
    return dto;
  }

  private static SessionSecret dto(FilledSlot f) {
    return new SessionSecret(dto(f.slot()), f.secretId());
  }
}
