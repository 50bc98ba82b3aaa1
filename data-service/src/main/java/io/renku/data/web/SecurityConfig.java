package io.renku.data.web;

import io.renku.core.ErrorCode;
import io.renku.data.config.RenkuProperties;
import io.renku.web.EncodedSlashes;
import io.renku.web.ErrorResponses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The data service is a resource server: it verifies bearer tokens itself and never trusts an
 * identity header it could not verify. Requests without a token are anonymous; requests with an
 * invalid or expired token, or with an {@code Authorization} header that is not a bearer token, get
 * 401. Authorization happens in the services, not here.
 */
@Configuration
public class SecurityConfig {

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) ->
            ErrorResponses.write(
                response,
                ErrorCode.UNAUTHORIZED,
                "The access token is missing, invalid or expired.");
    http.csrf(c -> c.disable()) // bearer tokens only: no ambient credentials to forge
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .formLogin(c -> c.disable())
        .httpBasic(c -> c.disable())
        .logout(c -> c.disable())
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
        .oauth2ResourceServer(
            o ->
                o.bearerTokenResolver(onlyBearer(new HeaderBearerTokenResolver()))
                    .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(noAnonymousSubjects()))
                    .authenticationEntryPoint(unauthorized));
    return http.build();
  }

  /**
   * An {@code Authorization} header is a bearer token or a 401: another scheme ({@code Basic x})
   * must not fall through to an anonymous request, where the caller would then be whoever the other
   * headers say (decision 0015).
   */
  static BearerTokenResolver onlyBearer(BearerTokenResolver resolver) {
    return request -> {
      String token = resolver.resolve(request);
      if (token == null && request.getHeader("Authorization") != null) {
        throw new InvalidBearerTokenException("The Authorization header is not a bearer token.");
      }
      return token;
    };
  }

  /** User ids are Keycloak ids (UUIDs, 36 characters); the tables hold no longer ones. */
  static final int MAX_SUBJECT_LENGTH = 36;

  /**
   * Anonymous visitors' ids start with {@code anon-}; a token whose subject does (or that has none)
   * could pass for one of them, so it is refused (401). So is a subject longer than a user id can
   * be: registering it on first sight would fail in the database.
   */
  static Converter<Jwt, AbstractAuthenticationToken> noAnonymousSubjects() {
    JwtAuthenticationConverter standard = new JwtAuthenticationConverter();
    return jwt -> {
      String subject = jwt.getSubject();
      if (subject == null
          || subject.isBlank()
          || subject.startsWith(CurrentUser.ANON_PREFIX)
          || subject.length() > MAX_SUBJECT_LENGTH) {
        throw new InvalidBearerTokenException("The token's subject is not a user.");
      }
      return standard.convert(jwt);
    };
  }

  /**
   * No observations of each security filter, authentication and authorization: every request is
   * already timed as a whole ({@code http_server_requests}), and wrapping the dozen filters of the
   * chain in observations of their own cost more CPU per request than the endpoints themselves in
   * the gateway benchmark (a logged-in {@code GET /version}), for timers nobody reads.
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** The strict firewall's rules, checked quickly for ASCII ({@link RequestFirewall}). */
  @Bean
  WebSecurityCustomizer requestFirewall(EncodedSlashes slashes) {
    return web -> web.httpFirewall(RequestFirewall.create(slashes));
  }

  @Bean
  JwtDecoder jwtDecoder(RenkuProperties properties) {
    return new CachingJwtDecoder(verifyingDecoder(properties));
  }

  /**
   * Signature, then expiry, issuer, audience and token type ({@link AccessTokenTypeValidator}): all
   * checked here, before {@link CachingJwtDecoder} remembers a token.
   */
  static JwtDecoder verifyingDecoder(RenkuProperties properties) {
    RenkuProperties.Auth auth = properties.auth();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    if (!auth.audiences().isEmpty()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              "aud", aud -> aud != null && aud.stream().anyMatch(auth.audiences()::contains)));
    }
    validators.add(new AccessTokenTypeValidator());
    if (auth.publicKeyFile() != null && !auth.publicKeyFile().isBlank()) {
      if (auth.issuer() == null || auth.issuer().isBlank()) {
        // Without it, a token any other issuer signed with the same key would be accepted.
        throw new IllegalStateException(
            "Set renku.auth.issuer (the iss tokens must carry) with renku.auth.public-key-file.");
      }
      NimbusJwtDecoder decoder =
          NimbusJwtDecoder.withPublicKey(readPublicKey(auth.publicKeyFile())).build();
      validators.add(JwtValidators.createDefaultWithIssuer(auth.issuer()));
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
      return decoder;
    }
    if (auth.issuerUri() == null || auth.issuerUri().isBlank()) {
      throw new IllegalStateException(
          "Set renku.auth.issuer-uri (OIDC issuer) or renku.auth.public-key-file to verify tokens.");
    }
    String issuer = auth.issuerUri();
    validators.add(JwtValidators.createDefaultWithIssuer(issuer));
    // Discovery happens on first use, so the service starts even while the provider is down.
    return new SupplierJwtDecoder(
        () -> {
          NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
          decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
          return decoder;
        });
  }

  static RSAPublicKey readPublicKey(String file) {
    try {
      String pem = Files.readString(Path.of(file));
      String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot read the token public key from " + file, e);
    }
  }
}
