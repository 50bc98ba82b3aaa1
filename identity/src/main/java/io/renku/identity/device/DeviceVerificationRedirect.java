package io.renku.identity.device;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes every request for Spring Authorization Server's device verification endpoint (the {@code
 * verification_uri} devices show) to the page that asks the user ({@code /device}), before that
 * endpoint could approve anything: it would approve on a plain GET once the user consented to the
 * client before. Never approves, whatever the method; keeps only a well-formed {@code user_code}.
 */
public final class DeviceVerificationRedirect extends OncePerRequestFilter {
  public static final String ENDPOINT = "/oauth2/device_verification";
  public static final String PAGE = "/device";

  /** Matched as Spring Authorization Server matches its endpoint, for every method. */
  private final RequestMatcher endpoint =
      PathPatternRequestMatcher.withDefaults().matcher(ENDPOINT);

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !endpoint.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String target = request.getContextPath() + PAGE;
    String code = request.getParameter("user_code");
    var normalized = DeviceApprovals.normalize(code);
    if (normalized.isPresent()) {
      target += "?user_code=" + URLEncoder.encode(normalized.get(), StandardCharsets.UTF_8);
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", target);
    response.setHeader("Cache-Control", "no-store");
  }
}
