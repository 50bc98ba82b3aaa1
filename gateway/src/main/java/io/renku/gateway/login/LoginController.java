package io.renku.gateway.login;

import io.renku.core.ErrorCode;
import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.web.Pages;
import io.renku.web.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/auth/*}: the browser side of the OIDC authorization-code flow with PKCE, logout (here
 * and at the provider) and the way to the provider's account page.
 */
@RestController
@RequestMapping("/api/auth")
public class LoginController {
  private static final Logger log = LoggerFactory.getLogger(LoginController.class);
  private static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(15);

  private final GatewayProperties properties;
  private final OidcProvider provider;
  private final TokenCipher cipher;
  private final TokenRefresher refresher;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();

  public LoginController(
      GatewayProperties properties,
      OidcProvider provider,
      TokenCipher cipher,
      TokenRefresher refresher) {
    this.properties = properties;
    this.provider = provider;
    this.cipher = cipher;
    this.refresher = refresher;
  }

  @GetMapping("/login")
  public ResponseEntity<String> login(
      HttpServletRequest request,
      @RequestParam(name = "redirect_url", required = false) String redirectUrl) {
    Optional<String> target = RedirectUrls.validate(redirectUrl, properties);
    if (target.isEmpty()) {
      return badRedirect();
    }
    // Every login starts a new session; whatever the old one held is gone.
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    String verifier = randomToken(48);
    LoginAttempt attempt =
        new LoginAttempt(randomToken(24), randomToken(24), verifier, target.get(), clock.instant());
    String location;
    try {
      location = provider.authorizationUrl(callbackUri(), attempt, challenge(verifier));
    } catch (OidcProvider.ProviderUnavailableException e) {
      return providerUnavailable(e);
    }
    request.getSession(true).setAttribute(LoginAttempt.ATTRIBUTE, attempt);
    return redirect(location);
  }

  @GetMapping("/callback")
  public ResponseEntity<String> callback(
      HttpServletRequest request,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      @RequestParam(name = "error_description", required = false) String errorDescription) {
    HttpSession session = request.getSession(false);
    LoginAttempt attempt =
        session != null && session.getAttribute(LoginAttempt.ATTRIBUTE) instanceof LoginAttempt a
            ? a
            : null;
    if (attempt == null || attempt.startedAt().plus(ATTEMPT_LIFETIME).isBefore(clock.instant())) {
      return Pages.problem(
          HttpStatus.BAD_REQUEST,
          "Login expired",
          "This login was not started in this browser, or it took too long.");
    }
    if (state == null
        || !MessageDigest.isEqual(
            state.getBytes(StandardCharsets.UTF_8),
            attempt.state().getBytes(StandardCharsets.UTF_8))) {
      log.warn("Login callback with a wrong state; possible forgery");
      return Pages.problem(
          HttpStatus.BAD_REQUEST,
          "Login failed",
          "The login answer does not match this browser's login.");
    }
    session.removeAttribute(LoginAttempt.ATTRIBUTE);
    if (error != null || code == null) {
      return Pages.problem(
          HttpStatus.BAD_REQUEST,
          "Login failed",
          "The login provider said: "
              + (errorDescription != null ? errorDescription : String.valueOf(error)));
    }
    TokenSet tokens;
    Jwt id;
    try {
      tokens = provider.exchange(code, attempt.codeVerifier(), callbackUri(), attempt.nonce());
      id = provider.verifyIdToken(tokens.idToken());
    } catch (OidcProvider.LoginRejectedException e) {
      log.warn("Login rejected: {}", e.getMessage());
      return Pages.problem(
          HttpStatus.BAD_REQUEST, "Login failed", "The login could not be completed; start again.");
    } catch (OidcProvider.ProviderUnavailableException e) {
      return providerUnavailable(e);
    }
    // A new session id once logged in, so that an id planted before login is worth nothing.
    request.changeSessionId();
    LoginSession login =
        new LoginSession(
            id.getSubject(),
            Optional.ofNullable(id.getClaimAsString("name"))
                .filter(n -> !n.isBlank())
                .orElse(id.getClaimAsString("preferred_username")),
            id.getClaimAsString("email"),
            clock.instant(),
            tokens.accessExpiresAt(),
            cipher.encrypt(tokens));
    session.setAttribute(LoginSession.ATTRIBUTE, login);
    log.info("User {} logged in", login.subject());
    return redirect(attempt.redirectUrl());
  }

  /**
   * A link to logout (an old bookmark, another site) only asks: a GET must not end the login, or
   * any page could log the user out with an image. The button POSTs, which the origin check ({@code
   * OriginCheckFilter}) lets through only from the platform's own pages.
   */
  @GetMapping("/logout")
  public ResponseEntity<String> confirmLogout(
      HttpServletRequest request,
      @RequestParam(name = "redirect_url", required = false) String redirectUrl) {
    Optional<String> target = RedirectUrls.validate(redirectUrl, properties);
    if (target.isEmpty()) {
      return badRedirect();
    }
    if (refresher.login(request).isEmpty()) {
      return redirect(target.get()); // nothing to end
    }
    String body =
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log out · Renku</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}</style>
        </head><body><h1>Log out?</h1>
        <form method="post" action="/api/auth/logout">
        <input type="hidden" name="redirect_url" value="%s">
        <p><button type="submit" id="confirm-logout">Log out</button> · <a href="%s">Stay logged in</a></p>
        </form></body></html>
        """
            .formatted(Pages.escape(target.get()), Pages.escape(target.get()));
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        // no framing: the button must not be clicked through another site's page
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", "frame-ancestors 'none'")
        .body(body);
  }

  /**
   * Ends the login here and at the provider. A POST, so that only the platform's own pages can ask
   * for it (the origin check refuses cookie-carrying writes from other origins).
   */
  @PostMapping("/logout")
  public ResponseEntity<String> logout(
      HttpServletRequest request,
      @RequestParam(name = "redirect_url", required = false) String redirectUrl) {
    Optional<String> target = RedirectUrls.validate(redirectUrl, properties);
    if (target.isEmpty()) {
      return badRedirect();
    }
    String idToken = null;
    Optional<LoginSession> login = refresher.login(request);
    if (login.isPresent()) {
      try {
        idToken = cipher.decrypt(login.get().sealedTokens()).idToken();
      } catch (IllegalStateException e) {
        idToken = null;
      }
      log.info("User {} logged out", login.get().subject());
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    if (idToken != null) {
      try {
        String endSession =
            provider.endSessionUrl(
                idToken, properties.base() + "/api/auth/logout/done", target.get());
        if (endSession != null) {
          return seeOther(endSession);
        }
      } catch (OidcProvider.ProviderUnavailableException e) {
        log.warn("Could not end the provider's session: {}", e.getMessage());
      }
    }
    return seeOther(target.get());
  }

  /** Where the provider sends the browser after its own logout; {@code state} is our target. */
  @GetMapping("/logout/done")
  public ResponseEntity<String> loggedOut(@RequestParam(required = false) String state) {
    return redirect(RedirectUrls.validate(state, properties).orElse(properties.base() + "/"));
  }

  /**
   * Whether the browser is logged in, always 200: the web application asks this first, so that an
   * anonymous visit does not begin with a 401 from {@code /api/data/user}.
   */
  @GetMapping(value = "/state", produces = "application/json")
  public ResponseEntity<String> state(HttpServletRequest request) {
    boolean loggedIn = refresher.login(request).isPresent();
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .body("{\"logged_in\":" + loggedIn + "}");
  }

  @GetMapping("/user-profile")
  public ResponseEntity<String> userProfile() {
    return redirect(properties.oidc().accountUrlOrDefault());
  }

  private static ResponseEntity<String> providerUnavailable(RuntimeException e) {
    log.warn("Login impossible: {}", e.getMessage());
    return Pages.problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "Login is unavailable",
        "The login provider cannot be reached. Try again in a minute.");
  }

  private String callbackUri() {
    return properties.base() + "/api/auth/callback";
  }

  private static ResponseEntity<String> redirect(String location) {
    return ResponseEntity.status(HttpStatus.FOUND)
        .header("Location", location)
        .header("Cache-Control", "no-store")
        .build();
  }

  /** After a POST: the browser follows with a GET. */
  private static ResponseEntity<String> seeOther(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .header("Location", location)
        .header("Cache-Control", "no-store")
        .build();
  }

  private ResponseEntity<String> badRedirect() {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            ErrorResponses.json(
                ErrorCode.BAD_REQUEST,
                "redirect_url must be a path or a URL on " + properties.origin()));
  }

  private String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
