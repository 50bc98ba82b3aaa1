package io.renku.secrets.service.kubernetes;

import io.renku.secrets.service.delivery.UserKeyClient;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/secrets/kubernetes} (the original's, same body and answer: 201 with the Secret's
 * name as a JSON string). The caller is the data service (internal credential, checked by {@code
 * web/InternalAuthFilter}) acting for the user in {@code Renku-User-Id}.
 */
@RestController
public class KubernetesSecretController {
  private final KubernetesSecrets secrets;

  public KubernetesSecretController(KubernetesSecrets secrets) {
    this.secrets = secrets;
  }

  @PostMapping(path = "/api/secrets/kubernetes", produces = "application/json")
  public ResponseEntity<String> create(
      @RequestHeader(value = UserKeyClient.USER_HEADER, required = false) String userId,
      @RequestBody Map<String, Object> body) {
    KubernetesSecretRequest request = KubernetesSecretRequest.parse(body);
    String name = secrets.createOrReplace(userId, request);
    return ResponseEntity.status(HttpStatus.CREATED).body(quote(name));
  }

  /** A Secret name is a DNS subdomain: nothing in it needs escaping. */
  private static String quote(String name) {
    return "\"" + name + "\"";
  }
}
