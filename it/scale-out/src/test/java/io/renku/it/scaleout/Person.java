package io.renku.it.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.support.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user with a browser's cookie jar, logged in through the gateways: one cookie, sent to either
 * gateway (cookies do not care about ports), as an ingress sends it to either replica.
 */
final class Person {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What the data service answered, through a gateway. */
  record Answer(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String field(String name) {
      return json().path(name).asString();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  final Browser browser;
  final String username;
  final String id;

  /** The user's own namespace (the data service names it after the username). */
  final String namespace;

  private final Cluster cluster;

  private Person(Cluster cluster, Browser browser, String username, String id, String namespace) {
    this.cluster = cluster;
    this.browser = browser;
    this.username = username;
    this.id = id;
    this.namespace = namespace;
  }

  /** Signs up a new account at the identity provider and logs in, starting on gateway B. */
  static Person signUp(Cluster cluster, String prefix) {
    String username = prefix + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    Browser provider = new Browser(cluster.issuer.replaceFirst("/auth$", ""));
    HttpResponse<String> form = provider.get(cluster.issuer + "/signup");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("username", username);
    fields.put("email", username + "@example.org");
    fields.put("firstName", "Scale");
    fields.put("lastName", "Out");
    fields.put("password", password);
    fields.put("_csrf", Browser.csrf(form.body()));
    HttpResponse<String> created = provider.postForm(cluster.issuer + "/signup", fields);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
    return logIn(cluster, username, password);
  }

  /**
   * Logs in: the flow starts on gateway B (state and PKCE verifier into the login session in Redis)
   * and the provider sends the browser back to the public URL, gateway A, which finishes it.
   */
  static Person logIn(Cluster cluster, String username, String password) {
    Browser browser = new Browser(cluster.gatewayB);
    HttpResponse<String> done = browser.login(username, password, "/");
    assertThat(done.statusCode()).as(done.uri() + ": " + done.body()).isEqualTo(200);
    assertThat(done.uri().toString()).startsWith(cluster.gatewayA);
    Answer me = new Person(cluster, browser, username, null, null).get(cluster.gatewayB, "user");
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    return new Person(cluster, browser, username, me.field("id"), me.field("username"));
  }

  Answer get(String gateway, String path) {
    return send(gateway, "GET", path, null);
  }

  Answer post(String gateway, String path, Object body) {
    return send(gateway, "POST", path, body);
  }

  Answer patch(String gateway, String path, Object body) {
    return send(gateway, "PATCH", path, body);
  }

  Answer delete(String gateway, String path) {
    return send(gateway, "DELETE", path, null);
  }

  /**
   * A request to {@code /api/data/<path>} through {@code gateway}, with the login cookie and, for
   * writes, the platform's origin (the public URL), as the web application sends them.
   */
  Answer send(String gateway, String method, String path, Object body) {
    HttpRequest.Builder r =
        browser
            .request(gateway + "/api/data/" + path)
            .header("Accept", "application/json")
            .header("Origin", cluster.gatewayA);
    if (body == null) {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      r.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response = browser.send(r.build());
    return new Answer(response.statusCode(), response.body());
  }
}
