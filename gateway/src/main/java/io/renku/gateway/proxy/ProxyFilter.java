package io.renku.gateway.proxy;

import io.renku.core.ErrorCode;
import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.web.RequestIdFilter;
import io.renku.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * The proxied routes, tried in this order:
 *
 * <ol>
 *   <li>{@code /api/data/user/secret_key}, however spelled: 404, never proxied (the user's secret
 *       key stays in the data service);
 *   <li>{@code /api/data/**} → the data service, with the identity {@link IdentityRelayFilter}
 *       chose; the browser's cookies and forwarding headers stay here. Over HTTP, or, when the data
 *       service runs in this JVM (local mode), handed over in process ({@link InProcessUpstream});
 *   <li>{@code /auth/**} → the built-in identity provider (local mode only), told the public
 *       address in {@code X-Forwarded-*} so that its redirects and issuer are the platform's.
 * </ol>
 *
 * Everything else goes on to Spring MVC ({@code LoginController}, {@code ApiNotFoundController},
 * the home page). A servlet filter rather than a Spring MVC handler: a proxied request needs
 * nothing of MVC, and skipping it doubled throughput (bench/README.md).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 200)
public class ProxyFilter extends OncePerRequestFilter {
  private static final String SECRET_KEY = "/api/data/user/secret_key";
  private static final List<String> FORWARDING_HEADERS =
      List.of(
          "Forwarded",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Forwarded-Prefix",
          "X-Real-IP");

  /** The header that carries {@link GatewayProperties#dataServiceSecret()} (decision 0015). */
  public static final String GATEWAY_SECRET_HEADER = "Renku-Gateway-Secret";

  /**
   * Headers the data service takes identity (or trust) from: only the gateway sets them, whatever
   * the client sent is dropped, also when it brings its own token.
   */
  public static final List<String> IDENTITY_HEADERS =
      List.of(
          "Renku-Auth-Anon-Id",
          "Renku-Auth-Refresh-Token",
          "Renku-Auth-Access-Token",
          "Renku-Auth-Id-Token",
          GATEWAY_SECRET_HEADER,
          "Renku-Internal-Token");

  private final ReverseProxy dataService;
  private final InProcessUpstream dataServiceInProcess;
  private final ReverseProxy identity;
  private final GatewayProperties properties;
  private final String secret;

  public ProxyFilter(
      CloseableHttpClient upstreamHttpClient,
      UpstreamWatch upstreamWatch,
      GatewayProperties properties,
      ObjectProvider<InProcessUpstream> inProcess) {
    this.properties = properties;
    this.secret = properties.dataServiceSecret();
    this.dataServiceInProcess = inProcess.getIfAvailable();
    this.dataService =
        new ReverseProxy(
            upstreamHttpClient, upstreamWatch, properties.dataServiceUrl(), "data service");
    this.identity =
        properties.identityUrl() == null
            ? null
            : new ReverseProxy(
                upstreamHttpClient, upstreamWatch, properties.identityUrl(), "identity provider");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.startsWith("/api/data/") || identity != null && path.startsWith("/auth/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    if (path.startsWith("/api/data/")) {
      if (isSecretKey(path)) {
        ErrorResponses.write(response, ErrorCode.NOT_FOUND, "No such API path.");
        return;
      }
      IdentityRelayFilter.Relay relay =
          (IdentityRelayFilter.Relay) request.getAttribute(IdentityRelayFilter.ATTRIBUTE);
      if (dataServiceInProcess != null) {
        // Local mode: the data service runs in this JVM; the same headers, no socket.
        RelayedRequest relayed = new RelayedRequest(request, ReverseProxy.CONNECTION_HEADERS);
        relayIdentity(request, relayed, relay, secret);
        dataServiceInProcess.service(relayed, response);
      } else {
        dataService.forward(
            request,
            response,
            upstream -> relayIdentity(request, UpstreamHeaders.of(upstream), relay, secret));
      }
    } else if (isIdentityMetrics(request)) {
      // the provider's own actuator; operators read it on its loopback port
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    } else {
      identity.forward(request, response, upstream -> forwardedAs(request, upstream));
    }
  }

  /**
   * {@code /auth/metrics} as the identity provider will understand it: the container's decoded and
   * normalised path (no {@code ;parameters}, dot segments or doubled slashes), which is what the
   * provider's own container makes of the same raw path.
   */
  static boolean isIdentityMetrics(HttpServletRequest request) {
    String info = request.getPathInfo();
    String path = request.getServletPath() + (info == null ? "" : info);
    return path.equals("/auth/metrics") || path.startsWith("/auth/metrics/");
  }

  /**
   * {@code /api/data/user/secret_key} however it is spelled: percent-encoded, with a trailing
   * slash, or with empty segments (the data service decodes and normalises before matching).
   */
  static boolean isSecretKey(String rawPath) {
    if (rawPath.indexOf('%') < 0 && !rawPath.contains("//") && !rawPath.endsWith("/")) {
      return rawPath.equals(SECRET_KEY); // nothing to decode or normalise: the common case
    }
    String decoded;
    try {
      decoded = UriUtils.decode(rawPath, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return true; // undecodable: refuse rather than guess
    }
    String normal = decoded.replaceAll("/{2,}", "/").replaceAll("/+$", "");
    return normal.equals(SECRET_KEY);
  }

  /**
   * Sets the identity headers {@link IdentityRelayFilter} chose; drops the browser's cookies and
   * every identity header the client sent. An anonymous id goes with the shared secret, the proof
   * that the gateway chose it (decision 0015).
   */
  private static void relayIdentity(
      HttpServletRequest in,
      UpstreamHeaders upstream,
      IdentityRelayFilter.Relay relay,
      String secret) {
    upstream.remove("Cookie");
    FORWARDING_HEADERS.forEach(upstream::remove);
    IDENTITY_HEADERS.forEach(upstream::remove);
    requestId(in, upstream);
    if (relay == null || relay.ownAuthorization()) {
      return; // the caller's own Authorization: passed on as it came, for the data service to judge
    }
    if (relay.tokens() != null) {
      upstream.set("Authorization", "Bearer " + relay.tokens().accessToken());
      if (relay.tokens().refreshToken() != null) {
        upstream.set("Renku-Auth-Refresh-Token", relay.tokens().refreshToken());
      }
    } else if (relay.anonymousId() != null) {
      upstream.set("Renku-Auth-Anon-Id", relay.anonymousId());
      if (!secret.isEmpty()) {
        upstream.set(GATEWAY_SECRET_HEADER, secret);
      }
    }
  }

  /** The identity provider builds its URLs from these, so they must be the public ones. */
  private void forwardedAs(HttpServletRequest in, ClassicHttpRequest upstream) {
    var pub = properties.publicUrl();
    int port = pub.getPort() != -1 ? pub.getPort() : pub.getScheme().equals("https") ? 443 : 80;
    FORWARDING_HEADERS.forEach(upstream::removeHeaders);
    upstream.setHeader("X-Forwarded-Proto", pub.getScheme());
    upstream.setHeader("X-Forwarded-Host", pub.getHost() + (pub.getPort() == -1 ? "" : ":" + port));
    upstream.setHeader("X-Forwarded-Port", String.valueOf(port));
    upstream.setHeader("X-Forwarded-For", in.getRemoteAddr());
    requestId(in, UpstreamHeaders.of(upstream));
  }

  private static void requestId(HttpServletRequest in, UpstreamHeaders upstream) {
    Object id = in.getAttribute(RequestIdFilter.MDC_KEY);
    if (id != null) {
      upstream.set(RequestIdFilter.HEADER, id.toString());
    }
  }
}
