package io.renku.gateway.proxy;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.renku.core.ErrorCode;
import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.web.ErrorEnvelope;
import io.renku.gateway.web.RequestIdFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The proxied routes, in the order they are tried:
 *
 * <ol>
 *   <li>{@code GET /api/data/user/secret_key}: 404, never proxied (the user's secret key stays in
 *       the data service);
 *   <li>{@code /api/data/**} → the data service, with the identity {@link IdentityRelayFilter}
 *       chose; the browser's cookies stay here;
 *   <li>{@code /auth/**} → the built-in identity provider (local mode only), told the public
 *       address so that its redirects and issuer are the platform's.
 * </ol>
 *
 * Other {@code /api/*} paths are answered by {@code ApiNotFoundController} or {@code
 * LoginController}.
 */
@Configuration
public class ProxyRoutes {
  private static final String[] CLIENT_IDENTITY_HEADERS = {
    "Renku-Auth-Anon-Id",
    "Renku-Auth-Refresh-Token",
    "Renku-Auth-Access-Token",
    "Renku-Auth-Id-Token"
  };

  private static final java.util.List<String> FORWARDING_HEADERS =
      java.util.List.of(
          "Forwarded",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Forwarded-Prefix");

  @Bean
  RouterFunction<ServerResponse> gatewayRoutes(GatewayProperties properties) {
    RouterFunction<ServerResponse> routes =
        route("secret-key-denied")
            .route(
                RequestPredicates.GET("/api/data/user/secret_key"),
                r ->
                    ServerResponse.status(404)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(ErrorEnvelope.json(ErrorCode.NOT_FOUND, "No such API path.")))
            .build()
            .and(
                route("data-service")
                    .route(RequestPredicates.path("/api/data/**"), http())
                    .before(uri(properties.dataServiceUrl()))
                    .before(ProxyRoutes::relayIdentity)
                    .build());
    if (properties.identityUrl() != null) {
      routes =
          routes.and(
              route("identity")
                  .route(RequestPredicates.path("/auth/**"), http())
                  .before(uri(properties.identityUrl()))
                  .before(r -> forwardedAs(r, properties))
                  .build());
    }
    return routes;
  }

  /** Sets the identity headers {@link IdentityRelayFilter} chose; drops the browser's cookies. */
  static ServerRequest relayIdentity(ServerRequest request) {
    IdentityRelayFilter.Relay relay =
        (IdentityRelayFilter.Relay)
            request.servletRequest().getAttribute(IdentityRelayFilter.ATTRIBUTE);
    return ServerRequest.from(request)
        .headers(
            h -> {
              h.remove(HttpHeaders.COOKIE);
              FORWARDING_HEADERS.forEach(h::remove);
              requestId(request, h);
              if (relay == null || relay.ownAuthorization()) {
                return; // the caller's own token (or no decision): passed on as it came
              }
              for (String name : CLIENT_IDENTITY_HEADERS) {
                h.remove(name);
              }
              if (relay.tokens() != null) {
                h.setBearerAuth(relay.tokens().accessToken());
                if (relay.tokens().refreshToken() != null) {
                  h.set("Renku-Auth-Refresh-Token", relay.tokens().refreshToken());
                }
              } else if (relay.anonymousId() != null) {
                h.set("Renku-Auth-Anon-Id", relay.anonymousId());
              }
            })
        .build();
  }

  /** The identity provider builds its URLs from these, so they must be the public ones. */
  static ServerRequest forwardedAs(ServerRequest request, GatewayProperties properties) {
    var pub = properties.publicUrl();
    int port = pub.getPort() != -1 ? pub.getPort() : pub.getScheme().equals("https") ? 443 : 80;
    return ServerRequest.from(request)
        .headers(
            h -> {
              FORWARDING_HEADERS.forEach(h::remove);
              h.set("X-Forwarded-Proto", pub.getScheme());
              h.set("X-Forwarded-Host", pub.getHost() + (pub.getPort() == -1 ? "" : ":" + port));
              h.set("X-Forwarded-Port", String.valueOf(port));
              requestId(request, h);
            })
        .build();
  }

  private static void requestId(ServerRequest request, HttpHeaders h) {
    Object id = request.servletRequest().getAttribute(RequestIdFilter.MDC_KEY);
    if (id != null) {
      h.set(RequestIdFilter.HEADER, id.toString());
    }
  }
}
