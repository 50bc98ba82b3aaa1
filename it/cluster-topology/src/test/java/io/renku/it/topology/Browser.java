package io.renku.it.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP client that keeps cookies and follows the login's redirects as a browser does, and
 * sends the platform's {@code Origin} on writes (the gateway's CSRF origin check). It only ever
 * talks to the gateway's published port and to Keycloak's login page.
 */
final class Browser {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }

    String field(String name) {
      return json().path(name).asText();
    }
  }

  private final String publicUrl;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;

  Browser(String publicUrl) {
    this.publicUrl = publicUrl;
    http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * The login a person makes: the gateway's {@code /api/auth/login} sends the browser to Keycloak's
   * form, the credentials are posted there, Keycloak sends the browser back to the gateway's
   * callback, which sets the login session cookie.
   */
  void logIn(String username, String password) throws Exception {
    HttpResponse<String> r = get(URI.create(publicUrl + "/api/auth/login"));
    r = followWhileLoggingIn(r);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("no login form: " + r.statusCode() + " " + r.uri());
    }
    Matcher action =
        Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(r.body());
    if (!action.find()) {
      action = Pattern.compile("action=\"([^\"]+)\"").matcher(r.body());
      if (!action.find()) {
        throw new IllegalStateException("no form on Keycloak's page: " + r.body());
      }
    }
    URI post = r.uri().resolve(action.group(1).replace("&amp;", "&"));
    String form =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&credentialId=";
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(post)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    followWhileLoggingIn(posted);
    if (sessionCookie() == null) {
      throw new IllegalStateException("no _renku_session cookie after the login");
    }
  }

  /** The gateway's login session cookie, or null. */
  HttpCookie sessionCookie() {
    return cookies.getCookieStore().get(URI.create(publicUrl)).stream()
        .filter(c -> c.getName().equals("_renku_session"))
        .findFirst()
        .orElse(null);
  }

  /** Follows redirects while they stay in the login (Keycloak, or the gateway's /api/auth). */
  private HttpResponse<String> followWhileLoggingIn(HttpResponse<String> r) throws Exception {
    for (int hop = 0; hop < 10; hop++) {
      var location = r.headers().firstValue("Location");
      if (r.statusCode() / 100 != 3 || location.isEmpty()) {
        return r;
      }
      URI next = r.uri().resolve(location.get());
      boolean gateway = next.toString().startsWith(publicUrl);
      if (gateway && !next.getPath().startsWith("/api/auth/")) {
        return r; // back on the platform's pages: logged in
      }
      r = get(next);
    }
    throw new IllegalStateException("too many redirects at " + r.uri());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  Answer get(String path) throws Exception {
    return send("GET", path, null);
  }

  Answer post(String path, Object body) throws Exception {
    return send("POST", path, body);
  }

  Answer patch(String path, Object body) throws Exception {
    return send("PATCH", path, body);
  }

  Answer delete(String path) throws Exception {
    return send("DELETE", path, null);
  }

  Answer send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(publicUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (!method.equals("GET")) {
      b.header("Origin", publicUrl);
    }
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }
}
