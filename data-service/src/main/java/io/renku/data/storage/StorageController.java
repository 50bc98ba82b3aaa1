package io.renku.data.storage;

import io.renku.api.data.api.StorageApi;
import io.renku.api.data.model.RCloneConnectionTest;
import io.renku.api.data.model.RCloneEntry;
import io.renku.api.data.model.RCloneExample;
import io.renku.api.data.model.RCloneObscureRequest;
import io.renku.api.data.model.RCloneOption;
import io.renku.data.web.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /storage_schema}, {@code /storage_schema/validate|test_connection|obscure}. */
@RestController
public class StorageController implements StorageApi {
  private final StorageService storage;
  private final CurrentUser currentUser;

  public StorageController(StorageService storage, CurrentUser currentUser) {
    this.storage = storage;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<RCloneEntry>> getStorageSchema() {
    return ResponseEntity.ok(storage.schema().stream().map(StorageController::entry).toList());
  }

  @Override
  public ResponseEntity<Void> validateStorageConfiguration(Map<String, Object> configuration) {
    storage.validate(configuration);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Void> testStorageConnection(RCloneConnectionTest body) {
    storage.testConnection(currentUser.get(), body.getConfiguration(), body.getSourcePath());
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Map<String, Object>> obscureStorageConfiguration(
      RCloneObscureRequest body) {
    return ResponseEntity.ok(storage.obscure(body.getConfiguration()));
  }

  private static RCloneEntry entry(StorageType t) {
    return new RCloneEntry(
        t.name(),
        t.description(),
        t.prefix(),
        t.options().stream().map(StorageController::option).toList());
  }

  /** An rclone option as the contract gives it (also in data connectors' answers). */
  public static RCloneOption option(StorageOption o) {
    RCloneOption option =
        new RCloneOption(
            o.name(),
            o.help(),
            o.defaultValue(),
            o.defaultStr(),
            o.required(),
            o.password(),
            o.sensitive(),
            o.advanced(),
            o.exclusive(),
            o.type());
    option.setProvider(o.provider());
    if (o.examples() != null) {
      option.setExamples(
          o.examples().stream()
              .map(e -> new RCloneExample(e.value(), e.help()).provider(e.provider()))
              .toList());
    }
    return option;
  }
}
