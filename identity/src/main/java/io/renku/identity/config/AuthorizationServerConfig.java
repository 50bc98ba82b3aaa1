package io.renku.identity.config;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.renku.identity.account.Account;
import io.renku.identity.account.AccountService;
import io.renku.identity.account.LoginThrottle;
import io.renku.identity.device.DeviceVerificationRedirect;
import io.renku.identity.web.LoginThrottleFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The OpenID Connect provider: endpoints, clients, signing key and the claims tokens carry.
 *
 * <p>Tokens look like Keycloak's so that the data service treats both providers alike: {@code sub}
 * is the account's UUID, {@code aud} contains {@code renku}, administrators carry {@code
 * realm_access.roles: [renku-admin]}, and {@code email}, {@code given_name}, {@code family_name},
 * {@code name}, {@code preferred_username} describe the user.
 */
@Configuration
public class AuthorizationServerConfig {
  public static final String GATEWAY_CLIENT = "renku";
  public static final String CLI_CLIENT = "renku-cli";
  public static final String ADMIN_ROLE = "renku-admin";

  @Bean
  SecurityFilterChain identitySecurity(
      HttpSecurity http,
      IdentityProperties properties,
      RegisteredClientRepository clients,
      LoginThrottle throttle)
      throws Exception {
    var loginFailed = new SimpleUrlAuthenticationFailureHandler("/login?error");
    var loggedIn = new SavedRequestAwareAuthenticationSuccessHandler();
    http.authorizeHttpRequests(
            r ->
                r.requestMatchers(
                        "/login", "/signup", "/error", "/health/**", "/health", "/metrics")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2AuthorizationServer(
            as ->
                as.oidc(Customizer.withDefaults())
                    .clientAuthentication(
                        c ->
                            c.authenticationConverter(
                                    PublicDeviceClientAuthentication.converter(
                                        "/oauth2/device_authorization"))
                                .authenticationProvider(
                                    PublicDeviceClientAuthentication.provider(clients)))
                    .deviceAuthorizationEndpoint(Customizer.withDefaults())
                    .deviceVerificationEndpoint(Customizer.withDefaults()))
        .formLogin(
            f ->
                f.loginPage("/login")
                    .permitAll()
                    .failureHandler(
                        (request, response, e) -> {
                          throttle.failed(
                              request.getParameter("username"), request.getRemoteAddr());
                          loginFailed.onAuthenticationFailure(request, response, e);
                        })
                    .successHandler(
                        (request, response, auth) -> {
                          throttle.succeeded(auth.getName());
                          loggedIn.onAuthenticationSuccess(request, response, auth);
                        }))
        // Attempts that must still wait are answered before the password is checked.
        .addFilterBefore(
            new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
        // Device codes are approved on the page that shows them (/device), never by a link.
        .addFilterBefore(new DeviceVerificationRedirect(), AuthorizationFilter.class)
        .headers(h -> h.frameOptions(f -> f.deny()));
    return http.build();
  }

  /**
   * The login session cookie ({@code JSESSIONID}, path {@code /auth}) is {@code Secure} when the
   * platform is reached over HTTPS. The connection from the gateway is plain HTTP, so the servlet
   * container cannot tell by itself; the public issuer says it. ({@code SameSite=Lax} and {@code
   * HttpOnly} are set in identity.yml.)
   */
  @Bean
  ServletContextInitializer sessionCookieSecureBehindHttps(IdentityProperties properties) {
    return context -> {
      if (properties.issuer() != null && properties.issuer().startsWith("https://")) {
        context.getSessionCookieConfig().setSecure(true);
      }
    };
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt by default
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
    return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
  }

  @Bean
  RegisteredClientRepository clients(IdentityProperties properties, PasswordEncoder encoder) {
    if (properties.clientSecret() == null || properties.clientSecret().length() < 16) {
      throw new IllegalStateException(
          "renku.identity.client-secret must be set (16 characters or more): it is the secret"
              + " the gateway authenticates with");
    }
    TokenSettings tokens =
        TokenSettings.builder()
            .accessTokenTimeToLive(properties.accessTokenTtl())
            .refreshTokenTimeToLive(properties.refreshTokenTtl())
            // No rotation: gateway replicas that refresh at the same moment stay valid.
            .reuseRefreshTokens(true)
            .build();
    RegisteredClient.Builder gateway =
        RegisteredClient.withId(UUID.nameUUIDFromBytes(GATEWAY_CLIENT.getBytes()).toString())
            .clientId(GATEWAY_CLIENT)
            .clientSecret(encoder.encode(properties.clientSecret()))
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .scope(OidcScopes.OPENID)
            .scope(OidcScopes.PROFILE)
            .scope(OidcScopes.EMAIL)
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .tokenSettings(tokens);
    properties.redirectUris().forEach(gateway::redirectUri);
    properties.postLogoutRedirectUris().forEach(gateway::postLogoutRedirectUri);
    RegisteredClient cli =
        RegisteredClient.withId(UUID.nameUUIDFromBytes(CLI_CLIENT.getBytes()).toString())
            .clientId(CLI_CLIENT)
            .clientName("The Renku command-line client")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .scope(OidcScopes.OPENID)
            .scope(OidcScopes.PROFILE)
            .scope(OidcScopes.EMAIL)
            .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
            .tokenSettings(tokens)
            .build();
    return new InMemoryRegisteredClientRepository(gateway.build(), cli);
  }

  /** Codes, tokens and consents in Postgres, so that logins outlive a restart. */
  @Bean
  OAuth2AuthorizationService authorizationService(
      JdbcOperations jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(jdbc, clients);
  }

  @Bean
  OAuth2AuthorizationConsentService authorizationConsentService(
      JdbcOperations jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(IdentityProperties properties) {
    RSAKey key = SigningKeys.load(properties.signingKeyFile(), properties.signingPublicKeyFile());
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> keycloakLikeClaims(AccountService accounts) {
    return context -> {
      boolean access = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
      boolean id = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
      if (!access && !id) {
        return;
      }
      String username = context.getPrincipal().getName();
      Account account = accounts.byUsername(username).orElse(null);
      if (account == null) {
        return; // a client-credentials token; no such grant is registered today
      }
      var claims = context.getClaims();
      claims.subject(account.id());
      claims.claim("preferred_username", account.username());
      claims.claim("email", account.email());
      claims.claim("email_verified", account.emailVerified());
      // Keycloak's mark, which the data service checks: only access tokens are API credentials.
      claims.claim("typ", access ? "Bearer" : "ID");
      claims.claim("given_name", account.firstName());
      claims.claim("family_name", account.lastName());
      claims.claim("name", account.fullName());
      if (access) {
        // Plain ArrayList/LinkedHashMap: the stored token metadata is read back with Jackson,
        // whose type validation refuses the JDK's immutable collections.
        Map<String, Object> realmAccess = new LinkedHashMap<>();
        List<String> roles = new ArrayList<>();
        if (account.admin()) {
          roles.add(ADMIN_ROLE);
        }
        realmAccess.put("roles", roles);
        claims.claim("realm_access", realmAccess);
        // The data service accepts tokens for the audience "renku", whichever client got them.
        claims.claims(
            c -> {
              List<String> aud = new ArrayList<>();
              Object existing = c.get("aud");
              if (existing instanceof java.util.Collection<?> col) {
                col.forEach(a -> aud.add(String.valueOf(a)));
              } else if (existing != null) {
                aud.add(String.valueOf(existing));
              }
              if (!aud.contains(GATEWAY_CLIENT)) {
                aud.add(GATEWAY_CLIENT);
              }
              c.put("aud", aud);
            });
      }
    };
  }
}
