package io.renku.identity.web;

import io.renku.identity.account.LoginThrottle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns away sign-in and sign-up posts that must still wait after failed attempts ({@link
 * LoginThrottle}): 429 with {@code Retry-After} and a page saying when to try again, before the
 * password is even looked at. Sits in the security chain before the form login filter.
 */
public final class LoginThrottleFilter extends OncePerRequestFilter {
  private static final RequestMatcher LOGIN =
      PathPatternRequestMatcher.withDefaults()
          .matcher(org.springframework.http.HttpMethod.POST, "/login");
  private static final RequestMatcher SIGNUP =
      PathPatternRequestMatcher.withDefaults()
          .matcher(org.springframework.http.HttpMethod.POST, "/signup");
  private static final RequestMatcher EITHER = new OrRequestMatcher(LOGIN, SIGNUP);

  private final LoginThrottle throttle;

  public LoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !EITHER.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    boolean login = LOGIN.matches(request);
    String account = login ? request.getParameter("username") : null;
    Duration wait = throttle.wait(account, request.getRemoteAddr());
    if (wait.isZero() || wait.isNegative()) {
      chain.doFilter(request, response);
      return;
    }
    long seconds = LoginThrottle.seconds(wait);
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(seconds));
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/html;charset=UTF-8");
    String body =
        """
        <h1>Too many attempts</h1>
        <p class="error" id="throttled">Too many failed attempts. Try again in %d s.</p>
        <p><a href="%s">Back to %s</a></p>
        """
            .formatted(seconds, login ? "login" : "signup", login ? "sign in" : "sign up");
    response
        .getOutputStream()
        .write(Html.page("Too many attempts", body).getBytes(StandardCharsets.UTF_8));
  }
}
