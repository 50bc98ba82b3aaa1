package io.renku.identity.device;

import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;

/**
 * The user's side of the device authorization grant (RFC 8628): look up a pending request by its
 * user code, then approve or deny it. Replaces Spring Authorization Server's verification endpoint,
 * which approves on a plain GET of {@code /oauth2/device_verification?user_code=...} once the user
 * consented to the client before: a link anyone can send would hand the sender's device the
 * clicker's login. Here only an explicit POST (with a CSRF token) of the page that shows the code
 * and the client approves (decision 0014).
 */
@Service
public class DeviceApprovals {
  private static final Logger log = LoggerFactory.getLogger(DeviceApprovals.class);
  private static final OAuth2TokenType USER_CODE =
      new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

  private final OAuth2AuthorizationService authorizations;
  private final RegisteredClientRepository clients;

  public DeviceApprovals(
      OAuth2AuthorizationService authorizations, RegisteredClientRepository clients) {
    this.authorizations = authorizations;
    this.clients = clients;
  }

  /** A device waiting for the user: its code, the client asking and the scopes it asks for. */
  public record Pending(String userCode, String clientId, String clientName, Set<String> scopes) {}

  /**
   * {@code XXXX-XXXX} from what a user typed (any case, with or without the dash or spaces), as
   * Spring Authorization Server stores codes; empty when it cannot be a code.
   */
  public static Optional<String> normalize(String userCode) {
    if (userCode == null || userCode.length() > 32) {
      return Optional.empty();
    }
    String letters = userCode.toUpperCase(Locale.ROOT).replaceAll("[^A-Z\\d]+", "");
    if (letters.length() != 8) {
      return Optional.empty();
    }
    return Optional.of(letters.substring(0, 4) + "-" + letters.substring(4));
  }

  /** The device request with this user code, while it waits for a decision. */
  public Optional<Pending> pending(String userCode) {
    return active(userCode)
        .map(
            a -> {
              RegisteredClient client = clients.findById(a.getRegisteredClientId());
              Set<String> scopes = a.getAttribute(OAuth2ParameterNames.SCOPE);
              return new Pending(
                  a.getToken(OAuth2UserCode.class).getToken().getTokenValue(),
                  client == null ? a.getRegisteredClientId() : client.getClientId(),
                  client == null ? a.getRegisteredClientId() : client.getClientName(),
                  scopes == null ? Set.of() : Set.copyOf(scopes));
            });
  }

  /**
   * Approves: the device's next poll gets tokens for {@code user}. False when the code is unknown,
   * used or expired.
   */
  public boolean approve(String userCode, Authentication user) {
    Optional<OAuth2Authorization> found = active(userCode);
    if (found.isEmpty()) {
      return false;
    }
    OAuth2Authorization a = found.get();
    Set<String> scopes = a.getAttribute(OAuth2ParameterNames.SCOPE);
    authorizations.save(
        OAuth2Authorization.from(a)
            .principalName(user.getName())
            .authorizedScopes(scopes == null ? Set.of() : scopes)
            .invalidate(a.getToken(OAuth2UserCode.class).getToken())
            .attribute(Principal.class.getName(), user)
            .attributes(attributes -> attributes.remove(OAuth2ParameterNames.SCOPE))
            .build());
    log.info("Device login of client {} approved by {}", clientId(a), user.getName());
    return true;
  }

  /** Denies: the device's next poll gets {@code access_denied}. False when nothing was pending. */
  public boolean deny(String userCode, Authentication user) {
    Optional<OAuth2Authorization> found = active(userCode);
    if (found.isEmpty()) {
      return false;
    }
    OAuth2Authorization a = found.get();
    OAuth2Authorization.Builder b =
        OAuth2Authorization.from(a).invalidate(a.getToken(OAuth2UserCode.class).getToken());
    OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = a.getToken(OAuth2DeviceCode.class);
    if (deviceCode != null) {
      b.invalidate(deviceCode.getToken());
    }
    authorizations.save(b.build());
    log.info("Device login of client {} denied by {}", clientId(a), user.getName());
    return true;
  }

  private Optional<OAuth2Authorization> active(String userCode) {
    Optional<String> code = normalize(userCode);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    OAuth2Authorization a = authorizations.findByToken(code.get(), USER_CODE);
    if (a == null || !AuthorizationGrantType.DEVICE_CODE.equals(a.getAuthorizationGrantType())) {
      return Optional.empty();
    }
    OAuth2Authorization.Token<OAuth2UserCode> token = a.getToken(OAuth2UserCode.class);
    return token != null && token.isActive() ? Optional.of(a) : Optional.empty();
  }

  private String clientId(OAuth2Authorization a) {
    RegisteredClient client = clients.findById(a.getRegisteredClientId());
    return client == null ? a.getRegisteredClientId() : client.getClientId();
  }
}
