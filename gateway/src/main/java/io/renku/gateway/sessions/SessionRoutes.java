package io.renku.gateway.sessions;

import io.renku.gateway.config.GatewayProperties;
import io.renku.gateway.proxy.ProxyFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a session runs, asked of the data service ({@code GET /internal/sessions/{name}/route})
 * with the caller's identity, which answers only for the session's owner. Answers are reused for
 * {@code renku.gateway.sessions.route-cache-ttl} per session and caller, so a page with many
 * requests costs one lookup; a route that stops working is dropped at once ({@link #forget}).
 *
 * <p>Requests of the same caller to the same session that miss the cache together wait for one
 * lookup instead of each asking: when the answer expires under load, every open connection misses
 * at once (64 lookups in the same few milliseconds in the session proxy benchmark). Only identical
 * questions share an answer: the key holds the caller's credentials.
 */
@Component
public class SessionRoutes {
  /** Where to send a session's traffic and the secret the session expects. */
  public record Route(String host, int port, String token) {
    @Override
    public String toString() { // the token stays out of logs
      return "Route[" + host + ":" + port + "]";
    }
  }

  /** The caller as the data service is told: one of the two is set. */
  public record Caller(String authorization, String anonymousId) {}

  /**
   * What an answer is cached under: the session and the caller as they are, not joined into a new
   * string (a bearer token is a kilobyte, copied twice per request before).
   */
  private record Key(String session, Caller caller) {}

  /** The data service could not be asked. */
  public static final class UnavailableException extends IOException {
    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Cached(Optional<Route> route, long expiresAtNanos) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_ENTRIES = 10_000;

  private final GatewayProperties properties;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
  private final Map<Key, CompletableFuture<Optional<Route>>> asking = new ConcurrentHashMap<>();

  public SessionRoutes(GatewayProperties properties) {
    this.properties = properties;
  }

  public Optional<Route> find(String session, Caller caller) throws UnavailableException {
    Key key = new Key(session, caller);
    Optional<Route> cached = cached(key);
    if (cached != null) {
      return cached;
    }
    CompletableFuture<Optional<Route>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Route>> theirs = asking.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(theirs);
    }
    try {
      Optional<Route> route = cached(key); // a lookup that just ended may have stored it
      if (route == null) {
        long askedAt = System.nanoTime();
        route = ask(session, caller);
        store(key, route, askedAt);
      }
      mine.complete(route);
      return route;
    } catch (UnavailableException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      asking.remove(key, mine);
    }
  }

  /** The cached answer, or null if there is none or it expired. */
  private Optional<Route> cached(Key key) {
    Cached hit = cache.get(key);
    return hit != null && hit.expiresAtNanos - System.nanoTime() > 0 ? hit.route : null;
  }

  private static Optional<Route> await(CompletableFuture<Optional<Route>> lookup)
      throws UnavailableException {
    try {
      return lookup.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UnavailableException u) {
        throw new UnavailableException(u.getMessage(), u);
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void store(Key key, Optional<Route> route, long now) {
    if (cache.size() >= MAX_ENTRIES) {
      cache.entrySet().removeIf(e -> e.getValue().expiresAtNanos - now <= 0);
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
    }
    cache.put(key, new Cached(route, now + properties.sessions().routeCacheTtl().toNanos()));
  }

  /**
   * Tells the data service that the session is in use (a route lookup counts as activity there),
   * bypassing the cache; failures are only logged, activity is best effort.
   */
  public void noteActivity(String session, Caller caller) {
    try {
      ask(session, caller);
    } catch (UnavailableException e) {
      org.slf4j.LoggerFactory.getLogger(SessionRoutes.class)
          .debug("Cannot note activity of session {}: {}", session, e.getMessage());
    }
  }

  /** Drops what is known about a session, e.g. after it stopped answering. */
  public void forget(String session) {
    cache.keySet().removeIf(k -> k.session().equals(session));
  }

  private Optional<Route> ask(String session, Caller caller) throws UnavailableException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    properties.dataServiceUrl().toString().replaceAll("/+$", "")
                        + "/internal/sessions/"
                        + session
                        + "/route"))
            .timeout(Duration.ofSeconds(5))
            .header("Renku-Internal-Token", properties.sessions().internalToken())
            .GET();
    if (caller.authorization() != null) {
      request.header("Authorization", caller.authorization());
    } else if (caller.anonymousId() != null) {
      request.header("Renku-Auth-Anon-Id", caller.anonymousId());
      if (!properties.dataServiceSecret().isEmpty()) {
        // the proof that the gateway chose this id (decision 0015)
        request.header(ProxyFilter.GATEWAY_SECRET_HEADER, properties.dataServiceSecret());
      }
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UnavailableException("The data service cannot be reached.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("Interrupted.", e);
    }
    if (response.statusCode() == 404 || response.statusCode() == 401) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new UnavailableException(
          "The data service answered " + response.statusCode() + ".", null);
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      return Optional.of(
          new Route(
              body.path("host").asString(),
              body.path("port").asInt(),
              body.path("token").asString()));
    } catch (JacksonException e) {
      throw new UnavailableException("The data service's answer is not JSON.", e);
    }
  }
}
