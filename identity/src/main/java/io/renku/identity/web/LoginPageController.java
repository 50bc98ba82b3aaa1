package io.renku.identity.web;

import io.renku.identity.account.AccountService;
import io.renku.identity.account.LoginThrottle;
import io.renku.identity.account.NewAccount;
import io.renku.identity.config.IdentityProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page (the form posts to Spring Security's {@code /login}) and, when enabled, self
 * sign-up. After signing up the user logs in as usual, which resumes the pending authorization
 * request.
 */
@Controller
public class LoginPageController {
  private final AccountService accounts;
  private final IdentityProperties properties;
  private final LoginThrottle throttle;

  public LoginPageController(
      AccountService accounts, IdentityProperties properties, LoginThrottle throttle) {
    this.accounts = accounts;
    this.properties = properties;
    this.throttle = throttle;
  }

  @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> login(
      CsrfToken csrf,
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String logout,
      @RequestParam(required = false) String registered) {
    StringBuilder body = new StringBuilder("<h1>Sign in to Renku</h1>");
    if (error != null) {
      body.append("<p class=\"error\" id=\"login-error\">Wrong username or password.</p>");
    }
    if (logout != null) {
      body.append("<p class=\"info\">You have been signed out.</p>");
    }
    if (registered != null) {
      body.append("<p class=\"info\">Account created; sign in with it now.</p>");
    }
    body.append(
        """
            <form method="post" action="login">
              <label for="username">Username</label>
              <input id="username" name="username" autocomplete="username" required autofocus>
              <label for="password">Password</label>
              <input id="password" name="password" type="password"
                     autocomplete="current-password" required>
              <input type="hidden" name="%s" value="%s">
              <button id="sign-in" type="submit">Sign in</button>
            </form>
            """
            .formatted(Html.escape(csrf.getParameterName()), Html.escape(csrf.getToken())));
    if (properties.selfSignup()) {
      body.append("<p>No account yet? <a id=\"signup-link\" href=\"signup\">Sign up</a></p>");
    }
    return html(HttpStatus.OK, Html.page("Sign in", body.toString()));
  }

  @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> signupForm(CsrfToken csrf) {
    if (!properties.selfSignup()) {
      return disabled();
    }
    return html(HttpStatus.OK, signupPage(csrf, List.of(), new NewAccount("", "", "", "", "")));
  }

  @PostMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> signup(
      HttpServletRequest request,
      CsrfToken csrf,
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String firstName,
      @RequestParam(defaultValue = "") String lastName,
      @RequestParam(defaultValue = "") String password) {
    if (!properties.selfSignup()) {
      return disabled();
    }
    NewAccount form =
        new NewAccount(username.strip(), email.strip(), firstName, lastName, password);
    List<String> problems = accounts.problems(form);
    if (problems.isEmpty()) {
      try {
        accounts.signUp(form);
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
            .header("Location", "login?registered")
            .build();
      } catch (IllegalArgumentException e) {
        problems = List.of(e.getMessage()); // taken between the check and the insert
      }
    }
    if (problems.stream().anyMatch(p -> p.contains("already registered"))) {
      // Trying names and addresses is how one finds out who has an account: it counts as a
      // failure of the client address (LoginThrottleFilter then slows it down).
      throttle.failedSignUp(form.username(), request.getRemoteAddr());
    }
    return html(HttpStatus.UNPROCESSABLE_CONTENT, signupPage(csrf, problems, form));
  }

  private static String signupPage(CsrfToken csrf, List<String> problems, NewAccount form) {
    StringBuilder body = new StringBuilder("<h1>Create a Renku account</h1>");
    for (String p : problems) {
      body.append("<p class=\"error\">").append(Html.escape(p)).append("</p>");
    }
    body.append(
        """
        <form method="post" action="signup">
          <label for="username">Username</label>
          <input id="username" name="username" value="%s" required>
          <label for="email">Email</label>
          <input id="email" name="email" type="email" value="%s" required>
          <label for="firstName">First name</label>
          <input id="firstName" name="firstName" value="%s">
          <label for="lastName">Last name</label>
          <input id="lastName" name="lastName" value="%s">
          <label for="password">Password (10 characters or more)</label>
          <input id="password" name="password" type="password" autocomplete="new-password"
                 required>
          <input type="hidden" name="%s" value="%s">
          <button id="sign-up" type="submit">Sign up</button>
        </form>
        <p><a href="login">Back to sign in</a></p>
        """
            .formatted(
                Html.escape(form.username()),
                Html.escape(form.email()),
                Html.escape(form.firstName()),
                Html.escape(form.lastName()),
                Html.escape(csrf.getParameterName()),
                Html.escape(csrf.getToken())));
    return Html.page("Sign up", body.toString());
  }

  private static ResponseEntity<String> disabled() {
    return html(
        HttpStatus.NOT_FOUND,
        Html.page(
            "Sign-up disabled",
            "<h1>Sign-up is disabled</h1><p>Ask an administrator for an account.</p>"));
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(body);
  }
}
