package io.renku.data.deposit;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of Zenodo's REST API the original makes (create a deposition, read one) and the
 * bucket upload its upload job makes, with the user's OAuth2 access token. The API's base is the
 * admin's Zenodo provider URL + {@code api/} (as the connected services use it).
 */
@Component
public class ZenodoClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** A deposition: its id, its upload bucket and whether it has been published. */
  public record Deposition(String id, String bucket, boolean submitted) {}

  public static String apiBase(String providerUrl) {
    return (providerUrl.endsWith("/") ? providerUrl : providerUrl + "/") + "api";
  }

  public static String uploadsUrl(String providerUrl, String originalId) {
    return (providerUrl.endsWith("/") ? providerUrl : providerUrl + "/") + "uploads/" + originalId;
  }

  /** Whether {@code url} has the scheme, host and port of {@code providerUrl}. */
  public static boolean sameOrigin(String providerUrl, String url) {
    try {
      URI a = URI.create(providerUrl);
      URI b = URI.create(url);
      return a.getScheme() != null
          && a.getScheme().equalsIgnoreCase(b.getScheme())
          && a.getHost() != null
          && a.getHost().equalsIgnoreCase(b.getHost())
          && a.getPort() == b.getPort();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public Deposition create(String providerUrl, String token, String title) {
    String body =
        JSON.writeValueAsString(
            Map.of("metadata", Map.of("title", title, "upload_type", "dataset")));
    HttpResponse<String> r =
        send(
            request(apiBase(providerUrl) + "/deposit/depositions", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            "create the Zenodo deposit");
    return deposition(r, "create the Zenodo deposit");
  }

  /** The deposition, null when Zenodo does not know it. */
  public Deposition get(String providerUrl, String token, String id) {
    HttpResponse<String> r =
        send(
            request(apiBase(providerUrl) + "/deposit/depositions/" + enc(id), token).GET().build(),
            "read the Zenodo deposit");
    if (r.statusCode() == 404) {
      return null;
    }
    return deposition(r, "read the Zenodo deposit");
  }

  /** Puts one file into the deposition's bucket under {@code key}. */
  public void upload(String bucket, String token, String key, Path file) throws IOException {
    StringBuilder url = new StringBuilder(bucket.replaceAll("/+$", ""));
    for (String segment : key.split("/")) {
      url.append('/').append(enc(segment));
    }
    HttpResponse<String> r =
        send(
            request(url.toString(), token)
                .timeout(Duration.ofHours(1))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            "upload " + key);
    if (r.statusCode() / 100 != 2) {
      throw failure(r, "upload " + key);
    }
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RenkuException(
          ErrorCode.BAD_GATEWAY, "Could not reach Zenodo to " + what + ".", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RenkuException.unavailable("Interrupted while calling Zenodo.", e);
    }
  }

  private static Deposition deposition(HttpResponse<String> r, String what) {
    if (r.statusCode() / 100 != 2) {
      throw failure(r, what);
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      String id = n.path("id").asString("");
      if (id.isEmpty()) {
        throw failure(r, what);
      }
      return new Deposition(
          id, n.path("links").path("bucket").asString(""), n.path("submitted").asBoolean(false));
    } catch (JacksonException e) {
      throw failure(r, what);
    }
  }

  private static RenkuException failure(HttpResponse<String> r, String what) {
    String body = r.body() == null ? "" : r.body();
    return new RenkuException(
        ErrorCode.BAD_GATEWAY,
        "Received unexpected status code " + r.statusCode() + " when trying to " + what + ".",
        "Message from Zenodo: " + body.substring(0, Math.min(100, body.length())));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
