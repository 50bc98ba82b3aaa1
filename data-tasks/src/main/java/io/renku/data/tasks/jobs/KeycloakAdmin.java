package io.renku.data.tasks.jobs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of Keycloak's admin REST API the realm init needs, with a token of an administrator
 * of the admin realm (password grant of {@code admin-cli}, or client credentials of an admin
 * client).
 *
 * <p>Failure modes: {@link IOException} when Keycloak cannot be reached, {@link KeycloakException}
 * when it answers with an unexpected status (the status and Keycloak's message, never a credential,
 * in the message).
 */
final class KeycloakAdmin {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Keycloak answered with a status the call does not expect. */
  static final class KeycloakException extends RuntimeException {
    final int status;

    KeycloakException(String what, int status, String body) {
      super(what + ": Keycloak answered " + status + " " + shorten(body));
      this.status = status;
    }

    private static String shorten(String body) {
      String b = body == null ? "" : body.replaceAll("\\s+", " ");
      return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }
  }

  /** How the job proves it is an administrator. */
  record Credentials(String realm, String clientId, String username, String password) {
    String form() {
      StringBuilder f = new StringBuilder("client_id=").append(enc(clientId));
      if (username == null || username.isBlank()) {
        f.append("&grant_type=client_credentials&client_secret=").append(enc(password));
      } else {
        f.append("&grant_type=password&username=")
            .append(enc(username))
            .append("&password=")
            .append(enc(password));
      }
      return f.toString();
    }
  }

  private final HttpClient http;
  private final String base;
  private final Credentials credentials;
  private String token;

  KeycloakAdmin(URI base, Credentials credentials) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.credentials = credentials;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Logs in; called again when a token expires during a long run. */
  void login() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/realms/"
                            + enc(credentials.realm())
                            + "/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(credentials.form()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new KeycloakException(
          "administrator login to realm " + credentials.realm(), r.statusCode(), r.body());
    }
    token = JSON.readTree(r.body()).path("access_token").asString();
  }

  /** GET of an admin path; empty on 404. */
  Optional<JsonNode> get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", path, null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect("GET " + path, r, 200);
    return Optional.of(JSON.readTree(r.body()));
  }

  /** POST of a representation; returns the new object's id from {@code Location}, if any. */
  String post(String path, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", path, body);
    expect("POST " + path, r, 201, 204);
    return r.headers()
        .firstValue("Location")
        .map(l -> l.substring(l.lastIndexOf('/') + 1))
        .orElse(null);
  }

  void put(String path, JsonNode body) throws IOException, InterruptedException {
    expect("PUT " + path, send("PUT", path, body), 204);
  }

  private HttpResponse<String> send(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    if (token == null) {
      login();
    }
    HttpResponse<String> r = sendOnce(method, path, body);
    if (r.statusCode() == 401) { // the token expired: once more with a new one
      login();
      r = sendOnce(method, path, body);
    }
    return r;
  }

  private HttpResponse<String> sendOnce(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/admin" + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(String what, HttpResponse<String> r, int... statuses) {
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return;
      }
    }
    throw new KeycloakException(what, r.statusCode(), r.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
