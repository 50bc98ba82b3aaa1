package io.renku.gateway.proxy;

import io.renku.gateway.config.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code renku.gateway.ui-upstream} set, every path the gateway does not own is proxied to
 * that server (any method: a server-rendered application posts its forms to its own pages), in
 * place of the built {@code ui/dist}. It puts a web application that renders on a server of its own
 * on the platform's origin, as the original Renku UI's node server must be (it calls {@code /api/*}
 * on the origin it was loaded from); the acceptance test {@code it/original-ui} runs it so.
 *
 * <p>The upstream only renders pages: it gets neither the browser's cookies nor its credentials,
 * and cannot set the platform's cookies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 295)
public class UiUpstreamFilter extends OncePerRequestFilter {
  /** Prefixes the gateway answers itself; never the upstream's. */
  private static final List<String> OWN =
      List.of("/api/", "/auth/", "/sessions/", "/ui-server/", "/health");

  private static final List<String> CREDENTIALS =
      List.of("Cookie", "Authorization", "Proxy-Authorization");

  private final ReverseProxy upstream;
  private final GatewayProperties properties;

  public UiUpstreamFilter(
      CloseableHttpClient upstreamHttpClient,
      UpstreamWatch upstreamWatch,
      GatewayProperties properties) {
    this.properties = properties;
    this.upstream =
        properties.uiUpstream() == null
            ? null
            : new ReverseProxy(
                upstreamHttpClient,
                upstreamWatch,
                properties.uiUpstream(),
                "web application server",
                UiUpstreamFilter::keepAnswerHeader);
  }

  /** True for the paths the gateway owns; the upstream serves all others. */
  static boolean ownedByGateway(String path) {
    return path.equals("/api")
        || path.equals("/metrics")
        || path.equals("/error")
        || OWN.stream().anyMatch(path::startsWith);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return upstream == null || ownedByGateway(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    upstream.forward(request, response, edit -> forwarded(request, edit));
  }

  private void forwarded(HttpServletRequest in, ClassicHttpRequest out) {
    CREDENTIALS.forEach(out::removeHeaders);
    ProxyFilter.IDENTITY_HEADERS.forEach(out::removeHeaders);
    var pub = properties.publicUrl();
    out.setHeader("X-Forwarded-Proto", pub.getScheme());
    out.setHeader("X-Forwarded-Host", pub.getAuthority());
    out.setHeader("X-Forwarded-For", in.getRemoteAddr());
  }

  /** The platform's own cookies are the gateway's to set. */
  static boolean keepAnswerHeader(String name, String value) {
    return !(name.equalsIgnoreCase("Set-Cookie")
        && value.stripLeading().toLowerCase(Locale.ROOT).startsWith("_renku"));
  }
}
