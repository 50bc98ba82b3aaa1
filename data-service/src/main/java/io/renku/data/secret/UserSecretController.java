package io.renku.data.secret;

import io.renku.api.data.api.SecretsApi;
import io.renku.api.data.model.SecretKind;
import io.renku.api.data.model.SecretPatch;
import io.renku.api.data.model.SecretPost;
import io.renku.api.data.model.SecretWithId;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /user/secrets}: the caller's secrets, values never returned. */
@RestController
public class UserSecretController implements SecretsApi {
  private final UserSecretService secrets;
  private final CurrentUser currentUser;

  public UserSecretController(UserSecretService secrets, CurrentUser currentUser) {
    this.secrets = secrets;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<SecretWithId>> listUserSecrets(SecretKind kind) {
    var caller = currentUser.get();
    return ResponseEntity.ok(
        secrets
            .withUses(caller, secrets.list(caller, kind == null ? null : kind.getValue()))
            .stream()
            .map(UserSecretController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<SecretWithId> getUserSecret(String id) {
    var caller = currentUser.get();
    return ResponseEntity.ok(dto(used(caller, secrets.get(caller, id))));
  }

  @Override
  public ResponseEntity<SecretWithId> createUserSecret(SecretPost body) {
    var draft =
        new UserSecretService.Draft(
            body.getName(),
            body.getValue(),
            body.getKind() == null ? null : body.getKind().getValue(),
            body.getDefaultFilename(),
            body.getExpirationTimestamp());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            dto(
                new UserSecretService.Used(
                    secrets.create(currentUser.get(), draft), List.of(), List.of())));
  }

  @Override
  public ResponseEntity<SecretWithId> updateUserSecret(String id, SecretPatch body) {
    var draft =
        new UserSecretService.Draft(
            body.getName(),
            body.getValue(),
            null,
            body.getDefaultFilename(),
            body.getExpirationTimestamp());
    // 201 as the original answers a change
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(used(currentUser.get(), secrets.update(currentUser.get(), id, draft))));
  }

  @Override
  public ResponseEntity<Void> deleteUserSecret(String id) {
    secrets.delete(currentUser.get(), id);
    return ResponseEntity.noContent().build();
  }

  private UserSecretService.Used used(io.renku.core.ApiUser caller, UserSecret s) {
    return secrets.withUses(caller, List.of(s)).getFirst();
  }

  private static SecretWithId dto(UserSecretService.Used used) {
    UserSecret s = used.secret();
    var dto =
        new SecretWithId(
            s.id(),
            s.name(),
            SecretKind.fromValue(s.kind()),
            s.modificationDate(),
            s.defaultFilename(),
            used.slotIds(),
            used.dataConnectorIds());
    dto.setExpirationTimestamp(s.expirationTimestamp());
    return dto;
  }
}
