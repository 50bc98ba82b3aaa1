package io.renku.data.connectedservice;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data service's HTTP calls to providers: OIDC discovery, the token endpoint (code exchange and
 * refresh) and API reads with a connection's access token. No redirect is followed and every call
 * has short time limits; tokens and client secrets never reach a log line.
 */
@Component
class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, ProviderEndpoints> discovered = new ConcurrentHashMap<>();

  /** A provider's answer to an API read: its status and JSON body (null when not JSON). */
  record ApiAnswer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {}

  /** The endpoints of a provider; a generic OIDC provider's from its discovery document. */
  ProviderEndpoints endpoints(Provider p) {
    if (!ProviderKinds.GENERIC_OIDC.equals(p.kind())) {
      return ProviderEndpoints.fixed(p);
    }
    String issuer = p.oidcIssuerUrl();
    ProviderEndpoints cached = discovered.get(issuer);
    if (cached != null) {
      return cached;
    }
    String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    ApiAnswer a = send(HttpRequest.newBuilder(URI.create(url)).GET(), "discovery");
    if (a.status() != 200 || a.body() == null) {
      throw unavailable("The OpenID Connect discovery of provider " + p.id() + " failed.");
    }
    JsonNode d = a.body();
    ProviderEndpoints e =
        new ProviderEndpoints(
            d.path("authorization_endpoint").asString(),
            d.path("token_endpoint").asString(),
            ProviderEndpoints.withSlash(p.url()),
            d.path("userinfo_endpoint").asString(),
            false,
            Map.of());
    discovered.put(issuer, e);
    return e;
  }

  /** Forgets discovered endpoints (a provider was changed or removed). */
  void forget(Provider p) {
    if (p.oidcIssuerUrl() != null) {
      discovered.remove(p.oidcIssuerUrl());
    }
  }

  /**
   * A token request (RFC 6749 sections 4.1.3 and 6) with the client's credentials: HTTP basic when
   * it has a secret, its id in the form otherwise (a public client).
   */
  TokenSet tokenRequest(
      Provider p, String clientSecret, Map<String, String> form, TokenSet previous) {
    Map<String, String> all = new LinkedHashMap<>(form);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoints(p).tokenUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (clientSecret != null) {
      String basic = urlEncode(p.clientId()) + ":" + urlEncode(clientSecret);
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    } else {
      all.put("client_id", p.clientId());
    }
    b.POST(HttpRequest.BodyPublishers.ofString(formBody(all)));
    Instant now = Instant.now();
    ApiAnswer a = send(b, "token");
    if (a.status() != 200 || a.body() == null || !a.body().hasNonNull("access_token")) {
      // The provider's error code (invalid_grant, ...) says why without revealing anything.
      log.info(
          "Token request to provider {} refused: {} {}",
          p.id(),
          a.status(),
          a.body() == null ? "" : a.body().path("error").asString(""));
      throw new RenkuException(
          ErrorCode.UNAUTHORIZED,
          "The provider refused the token request.",
          "Please reconnect your integration for the service with ID " + p.id() + ".");
    }
    return TokenSet.fromTokenResponse(a.body(), now, previous);
  }

  /** A read of the provider's API (or its user info) with an access token. */
  ApiAnswer read(String url, String accessToken, boolean post, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json");
    headers.forEach(b::header);
    if (post) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.GET();
    }
    return send(b, "api");
  }

  private ApiAnswer send(HttpRequest.Builder b, String what) {
    HttpRequest req = b.timeout(TIMEOUT).build();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
      } catch (JacksonException notJson) {
        // Some providers answer form-encoded tokens or HTML errors: treated as no JSON.
        body = null;
      }
      return new ApiAnswer(r.statusCode(), body, r.headers().map());
    } catch (IOException e) {
      log.info("Provider {} call to {} failed: {}", what, req.uri().getHost(), e.toString());
      throw unavailable("The provider could not be reached.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("Interrupted while calling the provider.");
    } catch (IllegalArgumentException e) {
      throw unavailable("The provider's address is not valid.");
    }
  }

  private static RenkuException unavailable(String message) {
    return new RenkuException(ErrorCode.BAD_GATEWAY, message);
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
