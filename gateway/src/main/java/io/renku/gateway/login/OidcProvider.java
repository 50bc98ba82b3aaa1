package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OpenID provider as the gateway uses it: discovery (once, on first use, so the gateway starts
 * while the provider is still starting), the authorization URL, code exchange, refresh, ID token
 * verification and the end-session URL.
 *
 * <p>Failures: {@link ProviderUnavailableException} when the provider cannot be reached or answers
 * with a server error; {@link LoginRejectedException} when it refuses a code or refresh token
 * (expired, revoked, replayed) or an ID token does not verify.
 */
@Component
public class OidcProvider {
  private final GatewayProperties.Oidc oidc;
  private final RestClient http;
  private final Clock clock;
  private final ProviderBackChannel backChannel;
  private volatile Metadata metadata;
  private volatile NimbusJwtDecoder idTokenDecoder;

  public OidcProvider(GatewayProperties properties) {
    this.oidc = properties.oidc();
    // HTTP/1.1 (no h2c upgrade, which some proxies drop) and bounded waits: discovery runs under
    // a lock, so one hung request must not hold every later login.
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(
            java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .build());
    factory.setReadTimeout(java.time.Duration.ofSeconds(15));
    this.http = RestClient.builder().requestFactory(factory).build();
    this.clock = Clock.systemUTC();
    this.backChannel = ProviderBackChannel.of(properties);
  }

  /** The endpoints the gateway needs, from the discovery document. */
  public record Metadata(
      String authorizationEndpoint,
      String tokenEndpoint,
      String jwksUri,
      String endSessionEndpoint) {}

  public Metadata metadata() {
    Metadata m = metadata;
    if (m == null) {
      synchronized (this) {
        if (metadata == null) {
          Map<?, ?> doc;
          try {
            String discovery = oidc.issuer() + "/.well-known/openid-configuration";
            doc =
                http.get()
                    .uri(URI.create(backChannel.map(discovery)))
                    .headers(h -> backChannel.headersFor(discovery).forEach(h::set))
                    .retrieve()
                    .body(Map.class);
          } catch (RestClientException e) {
            throw new ProviderUnavailableException(
                "the login provider at " + oidc.issuer() + " cannot be reached", e);
          }
          if (doc == null || !oidc.issuer().equals(doc.get("issuer"))) {
            throw new ProviderUnavailableException(
                "the login provider's discovery document names another issuer", null);
          }
          metadata =
              new Metadata(
                  (String) doc.get("authorization_endpoint"),
                  (String) doc.get("token_endpoint"),
                  (String) doc.get("jwks_uri"),
                  (String) doc.get("end_session_endpoint"));
        }
        m = metadata;
      }
    }
    return m;
  }

  public String authorizationUrl(String redirectUri, LoginAttempt attempt, String challenge) {
    return UriComponentsBuilder.fromUriString(metadata().authorizationEndpoint())
        .queryParam("response_type", "code")
        .queryParam("client_id", oidc.clientId())
        .queryParam("redirect_uri", redirectUri)
        .queryParam("scope", String.join(" ", oidc.scopes()))
        .queryParam("state", attempt.state())
        .queryParam("nonce", attempt.nonce())
        .queryParam("code_challenge", challenge)
        .queryParam("code_challenge_method", "S256")
        .encode(StandardCharsets.UTF_8)
        .build()
        .toUriString();
  }

  /** Exchanges an authorization code; the ID token is verified, including the nonce. */
  public TokenSet exchange(String code, String codeVerifier, String redirectUri, String nonce) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri);
    form.add("code_verifier", codeVerifier);
    TokenSet tokens = tokenRequest(form);
    if (tokens.idToken() == null) {
      throw new LoginRejectedException("the provider returned no ID token");
    }
    Jwt id = verifyIdToken(tokens.idToken());
    if (!nonce.equals(id.getClaimAsString("nonce"))) {
      throw new LoginRejectedException("the ID token does not belong to this login (nonce)");
    }
    return tokens;
  }

  public TokenSet refresh(String refreshToken) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    return tokenRequest(form);
  }

  public Jwt verifyIdToken(String idToken) {
    try {
      return idTokenDecoder().decode(idToken);
    } catch (JwtException e) {
      throw new LoginRejectedException("the ID token does not verify: " + e.getMessage());
    }
  }

  /** RP-initiated logout at the provider, or null when it offers none. */
  public String endSessionUrl(String idToken, String postLogoutRedirectUri, String state) {
    String endpoint = metadata().endSessionEndpoint();
    if (endpoint == null) {
      return null;
    }
    var b = UriComponentsBuilder.fromUriString(endpoint).queryParam("client_id", oidc.clientId());
    if (idToken != null) {
      b.queryParam("id_token_hint", idToken);
    }
    return b.queryParam("post_logout_redirect_uri", postLogoutRedirectUri)
        .queryParam("state", state)
        .encode(StandardCharsets.UTF_8)
        .build()
        .toUriString();
  }

  private NimbusJwtDecoder idTokenDecoder() {
    NimbusJwtDecoder d = idTokenDecoder;
    if (d == null) {
      d = NimbusJwtDecoder.withJwkSetUri(backChannel.map(metadata().jwksUri())).build();
      List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
      validators.add(JwtValidators.createDefaultWithIssuer(oidc.issuer()));
      validators.add(
          new JwtClaimValidator<Collection<String>>(
              "aud", aud -> aud != null && aud.contains(oidc.clientId())));
      d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
      idTokenDecoder = d;
    }
    return d;
  }

  private TokenSet tokenRequest(MultiValueMap<String, String> form) {
    Map<?, ?> body;
    String endpoint = metadata().tokenEndpoint();
    try {
      body =
          http.post()
              .uri(URI.create(backChannel.map(endpoint)))
              .headers(h -> backChannel.headersFor(endpoint).forEach(h::set))
              // RFC 6749 2.3.1: form-encode the id and secret before Basic encoding.
              .headers(
                  h ->
                      h.setBasicAuth(
                          URLEncoder.encode(oidc.clientId(), StandardCharsets.UTF_8),
                          URLEncoder.encode(oidc.clientSecret(), StandardCharsets.UTF_8),
                          StandardCharsets.UTF_8))
              .contentType(MediaType.APPLICATION_FORM_URLENCODED)
              .accept(MediaType.APPLICATION_JSON)
              .header(HttpHeaders.CACHE_CONTROL, "no-store")
              .body(form)
              .retrieve()
              .body(Map.class);
    } catch (RestClientResponseException e) {
      if (e.getStatusCode().is4xxClientError()) {
        throw new LoginRejectedException(
            "the provider refused the grant (" + e.getStatusCode().value() + ")");
      }
      throw new ProviderUnavailableException("the login provider failed", e);
    } catch (RestClientException e) {
      throw new ProviderUnavailableException("the login provider cannot be reached", e);
    }
    if (body == null || !(body.get("access_token") instanceof String access)) {
      throw new LoginRejectedException("the provider returned no access token");
    }
    Instant now = clock.instant();
    long expiresIn = body.get("expires_in") instanceof Number n ? n.longValue() : 300;
    Instant refreshExp =
        body.get("refresh_expires_in") instanceof Number n && n.longValue() > 0
            ? now.plusSeconds(n.longValue())
            : null;
    return new TokenSet(
        access,
        now.plusSeconds(expiresIn),
        (String) body.get("refresh_token"),
        refreshExp,
        (String) body.get("id_token"));
  }

  /** The provider could not be asked (down, network, 5xx). */
  public static final class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The provider said no, or its answer did not verify. */
  public static final class LoginRejectedException extends RuntimeException {
    public LoginRejectedException(String message) {
      super(message);
    }
  }
}
