package io.renku.identity.config;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (no secret: {@code renku-cli}) take part in the device authorization grant.
 * Spring's built-in public-client authentication only covers PKCE code exchanges, so the device
 * endpoints would otherwise answer 401 to any client without a secret.
 */
final class PublicDeviceClientAuthentication {
  private PublicDeviceClientAuthentication() {}

  /** Reads {@code client_id} from device authorization and device-code token requests. */
  static AuthenticationConverter converter(String deviceAuthorizationPath) {
    return (HttpServletRequest request) -> {
      boolean deviceAuthorization =
          request.getRequestURI().endsWith(deviceAuthorizationPath)
              && "POST".equals(request.getMethod());
      String grant = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
      boolean deviceToken = AuthorizationGrantType.DEVICE_CODE.getValue().equals(grant);
      // A public client refreshes its tokens with its client_id alone, as with Keycloak.
      boolean refresh = AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant);
      if (!deviceAuthorization && !deviceToken && !refresh) {
        return null;
      }
      String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
      if (clientId == null
          || clientId.isBlank()
          || request.getParameterValues(OAuth2ParameterNames.CLIENT_ID).length != 1
          || request.getHeader("Authorization") != null) {
        return null; // let the other converters (or the error handling) deal with it
      }
      return new OAuth2ClientAuthenticationToken(
          clientId, ClientAuthenticationMethod.NONE, null, null);
    };
  }

  /** Accepts the client when it is registered as public (authentication method "none"). */
  static AuthenticationProvider provider(RegisteredClientRepository clients) {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
        if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())) {
          return null;
        }
        RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
        if (client == null
            || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
          throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
      }

      @Override
      public boolean supports(Class<?> type) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(type);
      }
    };
  }
}
