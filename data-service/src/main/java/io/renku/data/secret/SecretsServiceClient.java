package io.renku.data.secret;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SecretDelivery} by the secrets service (module {@code secrets-service}, decision 0031) at
 * {@code renku.secrets.service-url}, with the internal credential and the user in {@code
 * Renku-User-Id}. A bean only when that URL is set. Failures become {@link
 * SecretDeliveryException}s holding the secrets service's own message (which names secret ids,
 * never a value) or the kind of I/O failure.
 */
@Component
@ConditionalOnProperty(name = "renku.secrets.service-url")
public class SecretsServiceClient implements SecretDelivery {
  private static final Logger log = LoggerFactory.getLogger(SecretsServiceClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final InternalCredential credential;
  private final Duration timeout;
  private final HttpClient http;

  public SecretsServiceClient(
      @Value("${renku.secrets.service-url}") String url,
      @Value("${renku.secrets.service-timeout:30s}") Duration timeout,
      InternalCredential credential) {
    if (!credential.isSet()) {
      throw new IllegalStateException(
          "renku.secrets.service-url needs renku.secrets.internal-token (or -file)");
    }
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.credential = credential;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Path writeFiles(String userId, String sessionName, Map<String, String> files) {
    JsonNode answer =
        send(
            "PUT",
            "/api/secrets/sessions/" + segment(sessionName) + "/files",
            Map.of("files", files),
            userId,
            200);
    JsonNode dir = answer.path("directory");
    if (!dir.isString()) {
      throw new SecretDeliveryException("The secrets service answered no directory.");
    }
    return Path.of(dir.asString());
  }

  @Override
  public void removeFiles(String sessionName) {
    send("DELETE", "/api/secrets/sessions/" + segment(sessionName) + "/files", null, null, 204);
  }

  @Override
  public void createKubernetesSecret(
      String userId,
      String secretName,
      String namespace,
      Map<String, String> keys,
      OwnerReference owner) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", secretName);
    body.put("namespace", namespace);
    body.put("secret_ids", List.copyOf(new java.util.LinkedHashSet<>(keys.values())));
    body.put(
        "owner_references",
        owner == null
            ? List.of()
            : List.of(
                Map.of(
                    "apiVersion", owner.apiVersion(),
                    "kind", owner.kind(),
                    "name", owner.name(),
                    "uid", owner.uid())));
    // key in the Secret → id becomes the original's id → key(s)
    Map<String, List<String>> mapping = new LinkedHashMap<>();
    keys.forEach(
        (key, id) -> mapping.computeIfAbsent(id, i -> new java.util.ArrayList<>()).add(key));
    body.put("key_mapping", mapping);
    send("POST", "/api/secrets/kubernetes", body, userId, 201);
  }

  private JsonNode send(String method, String path, Object body, String userId, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header(InternalCredential.HEADER, credential.value())
            .header("Accept", "application/json");
    if (userId != null) {
      request.header(InternalCredential.USER_HEADER, userId);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      log.warn(
          "The secrets service did not answer {} {}: {}", method, path, e.getClass().getName());
      throw new SecretDeliveryException(
          "The secrets service cannot be reached (" + e.getClass().getSimpleName() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SecretDeliveryException("Interrupted while waiting for the secrets service.");
    }
    if (response.statusCode() == expected) {
      return response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
    }
    String message = errorMessage(response.body());
    log.warn(
        "The secrets service answered {} to {} {}: {}",
        response.statusCode(),
        method,
        path,
        message);
    throw new SecretDeliveryException(
        "The secrets service refused (" + response.statusCode() + "): " + message);
  }

  /** The secrets service's own message (its envelope's), else a fixed text. */
  private static String errorMessage(byte[] body) {
    try {
      JsonNode message = JSON.readTree(body).path("error").path("message");
      if (message.isString()) {
        return message.asString();
      }
    } catch (RuntimeException notJson) {
      // below
    }
    return "no reason given";
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
