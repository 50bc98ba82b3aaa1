package io.renku.data.secret;

import io.renku.core.RenkuException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/data/user/secret_key}: a user's personal key, for the secrets service only (the
 * internal credential, with the user in {@code Renku-User-Id}); anyone else gets 404, as if the
 * path did not exist. Not in the public API: the gateway never forwards this path (its {@code
 * proxy/ProxyFilter} answers 404 however it is spelled), and the data service's port is internal.
 */
@RestController
public class UserKeyController {
  private final UserKeyService keys;
  private final InternalCredential credential;

  public UserKeyController(UserKeyService keys, InternalCredential credential) {
    this.keys = keys;
    this.credential = credential;
  }

  @GetMapping(path = "/api/data/user/secret_key", produces = "application/json")
  public Map<String, String> secretKey(
      @RequestHeader(value = InternalCredential.HEADER, required = false) String token,
      @RequestHeader(value = InternalCredential.USER_HEADER, required = false) String userId) {
    if (!credential.matches(token)) {
      throw RenkuException.notFound("No such path.");
    }
    if (userId == null || userId.isBlank()) {
      throw RenkuException.validation(InternalCredential.USER_HEADER, "is required");
    }
    return Map.of("secret_key", keys.keyOf(userId).text());
  }
}
