package io.renku.secrets.service.files;

import io.renku.core.RenkuException;
import io.renku.secrets.service.delivery.UserKeyClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local mode's delivery (decision 0031): {@code PUT /api/secrets/sessions/{session}/files} with
 * {@code {"files": {"<relative path>": "<secret id>"}}} writes the session's secrets directory and
 * answers {@code {"directory": "<absolute path>"}}; {@code DELETE} of the same path removes it. The
 * caller is the data service (internal credential) acting for the user in {@code Renku-User-Id}.
 */
@RestController
public class SessionFilesController {
  private final SessionFiles files;

  public SessionFilesController(SessionFiles files) {
    this.files = files;
  }

  @PutMapping(path = "/api/secrets/sessions/{session}/files", produces = "application/json")
  public Map<String, String> write(
      @PathVariable String session,
      @RequestHeader(value = UserKeyClient.USER_HEADER, required = false) String userId,
      @RequestBody Map<String, Object> body) {
    if (body == null || !(body.get("files") instanceof Map<?, ?> raw) || body.size() != 1) {
      throw RenkuException.validation("files", "an object of file path to secret id is required");
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      if (!(e.getValue() instanceof String id)) {
        throw RenkuException.validation("files", "each file names a secret id");
      }
      wanted.put(String.valueOf(e.getKey()), id);
    }
    return Map.of("directory", files.write(userId, session, wanted).toString());
  }

  @DeleteMapping("/api/secrets/sessions/{session}/files")
  public ResponseEntity<Void> remove(@PathVariable String session) {
    files.remove(session);
    return ResponseEntity.noContent().build();
  }
}
