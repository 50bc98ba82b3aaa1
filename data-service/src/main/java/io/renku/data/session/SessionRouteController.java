package io.renku.data.session;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.config.SessionProperties;
import io.renku.data.web.CurrentUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/sessions/{name}/route}: where the caller's session runs, for the gateway
 * that proxies {@code /sessions/<name>/} with the local runtime. Outside {@code /api/data}, so the
 * gateway never forwards it from a browser, and it also needs the shared internal token. The caller
 * is the one the gateway relays, read by {@link CurrentUser} as for any request: a verified bearer
 * token, or an anonymous id only with the gateway's {@code Renku-Gateway-Secret} (decision 0015);
 * anyone but the session's owner gets 404.
 */
@RestController
public class SessionRouteController {
  public static final String TOKEN_HEADER = "Renku-Internal-Token";

  private final SessionService sessions;
  private final CurrentUser currentUser;
  private final byte[] internalToken;

  public SessionRouteController(
      SessionService sessions, CurrentUser currentUser, SessionProperties properties) {
    this.sessions = sessions;
    this.currentUser = currentUser;
    this.internalToken = properties.internalToken().getBytes(StandardCharsets.UTF_8);
  }

  @GetMapping("/internal/sessions/{name}/route")
  public ResponseEntity<Map<String, Object>> route(
      @PathVariable String name,
      @RequestHeader(value = TOKEN_HEADER, required = false) String token) {
    if (internalToken.length == 0
        || token == null
        || !MessageDigest.isEqual(internalToken, token.getBytes(StandardCharsets.UTF_8))) {
      throw RenkuException.notFound("No such path.");
    }
    ApiUser caller = currentUser.get();
    return sessions
        .route(caller, name)
        .map(
            r ->
                ResponseEntity.ok(
                    Map.<String, Object>of("host", r.host(), "port", r.port(), "token", r.token())))
        .orElseThrow(() -> RenkuException.notFound("No such session, or it is not running."));
  }
}
