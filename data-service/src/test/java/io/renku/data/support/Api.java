package io.renku.data.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real HTTP client for the API under test, acting as one caller. */
public final class Api {
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final TestIdentityProvider identity;
  private final String bearer;
  private final Map<String, String> headers;

  public Api(String base, TestIdentityProvider identity) {
    this(base, identity, null, Map.of());
  }

  private Api(
      String base, TestIdentityProvider identity, String bearer, Map<String, String> headers) {
    this.base = base;
    this.identity = identity;
    this.bearer = bearer;
    this.headers = headers;
  }

  /** This client acting as {@code user} with a fresh valid token. */
  public Api as(TestUser user) {
    return new Api(base, identity, identity.token(user), headers);
  }

  public Api withToken(String token) {
    return new Api(base, identity, token, headers);
  }

  public Api anonymous() {
    return new Api(base, identity, null, headers);
  }

  public Api header(String name, String value) {
    var h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Api(base, identity, bearer, h);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** {@code body} is sent as is when it is a String, else serialised as JSON. */
  public Response send(String method, String path, Object body) {
    String url =
        path.startsWith("http") ? path : base + (path.startsWith("/") ? "" : "/api/data/") + path;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(b::header);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String json = body instanceof String s ? s : JSON.writeValueAsString(body);
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response: status, headers (lower-case names) and body. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }

    public String field(String name) {
      return json().path(name).asString(null);
    }

    public int errorCode() {
      return json().path("error").path("code").asInt(-1);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
