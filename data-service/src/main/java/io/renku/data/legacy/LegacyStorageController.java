package io.renku.data.legacy;

import io.renku.api.data.api.LegacyStorageApi;
import io.renku.api.data.model.LegacyCloudStorage;
import io.renku.api.data.model.LegacyCloudStorageGet;
import io.renku.api.data.model.LegacyCloudStoragePatch;
import io.renku.api.data.model.LegacyCloudStorageWithId;
import io.renku.data.storage.StorageController;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /storage} and {@code /storage/{id}}: the v1 form of a project's cloud storage. */
@RestController
public class LegacyStorageController implements LegacyStorageApi {
  private final LegacyStorageService storage;
  private final CurrentUser currentUser;

  public LegacyStorageController(LegacyStorageService storage, CurrentUser currentUser) {
    this.storage = storage;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<LegacyCloudStorageGet>> listLegacyStorage(String projectId) {
    return ResponseEntity.ok(
        storage.list(currentUser.get(), projectId).stream().map(this::dto).toList());
  }

  @Override
  public ResponseEntity<LegacyCloudStorageGet> createLegacyStorage(LegacyCloudStorage body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(storage.create(currentUser.get(), draft(body))));
  }

  @Override
  public ResponseEntity<LegacyCloudStorageGet> getLegacyStorage(String storageId) {
    return ResponseEntity.ok(dto(storage.get(currentUser.get(), storageId)));
  }

  @Override
  public ResponseEntity<LegacyCloudStorageGet> replaceLegacyStorage(
      String storageId, LegacyCloudStorage body) {
    return ResponseEntity.ok(dto(storage.replace(currentUser.get(), storageId, draft(body))));
  }

  @Override
  public ResponseEntity<LegacyCloudStorageGet> updateLegacyStorage(
      String storageId, LegacyCloudStoragePatch body) {
    var change =
        new LegacyStorageService.Change(
            body.getProjectId(),
            body.getName(),
            body.getConfiguration(),
            body.getSourcePath(),
            body.getTargetPath(),
            body.getReadonly());
    return ResponseEntity.ok(dto(storage.change(currentUser.get(), storageId, change)));
  }

  @Override
  public ResponseEntity<Void> deleteLegacyStorage(String storageId) {
    storage.delete(currentUser.get(), storageId);
    return ResponseEntity.noContent().build();
  }

  /** storage_type is ignored in requests, as in the original: the configuration's type counts. */
  private static LegacyStorageService.Draft draft(LegacyCloudStorage body) {
    return new LegacyStorageService.Draft(
        body.getProjectId(),
        body.getName(),
        body.getConfiguration(),
        body.getSourcePath(),
        body.getTargetPath(),
        body.getReadonly(),
        body.getStorageUrl());
  }

  private LegacyCloudStorageGet dto(LegacyStorage s) {
    var st = s.storage();
    return new LegacyCloudStorageGet(
        new LegacyCloudStorageWithId(
            s.id(),
            s.projectRef(),
            st.storageType(),
            s.name(),
            st.configuration(),
            st.sourcePath(),
            st.targetPath(),
            st.readonly()),
        storage.sensitiveFields(s).stream().map(StorageController::option).toList());
  }
}
