package io.renku.data.session;

import io.renku.core.RenkuException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Whether a container image can be pulled anonymously: asks its registry for the manifest (Docker
 * registry API v2, with the anonymous bearer token registries such as Docker Hub require).
 *
 * <p>The registry is named by the caller, so only public registries are asked: HTTPS on port 443,
 * and never a host that resolves to a loopback, private or link-local address (no probing of the
 * platform's own network).
 */
@Component
public class SessionImages {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?:(?<host>[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}|localhost)(?::(?<port>\\d+))?/)?"
              + "(?<repo>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
              + "(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$");
  private static final Pattern BEARER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public boolean accessible(String image) {
    Matcher m = REFERENCE.matcher(image.strip());
    if (!m.matches()) {
      throw RenkuException.validation("image_url", "is not a container image reference");
    }
    String host = m.group("host") == null ? "registry-1.docker.io" : m.group("host");
    if (host.equals("docker.io")) {
      host = "registry-1.docker.io";
    }
    if (m.group("port") != null && !m.group("port").equals("443")) {
      return false;
    }
    String repo = m.group("repo");
    if (m.group("host") == null && !repo.contains("/")) {
      repo = "library/" + repo;
    }
    String ref =
        m.group("digest") != null
            ? m.group("digest")
            : m.group("tag") != null ? m.group("tag") : "latest";
    try {
      if (!isPublic(host)) {
        return false;
      }
      URI manifest = URI.create("https://" + host + "/v2/" + repo + "/manifests/" + ref);
      HttpResponse<Void> first = head(manifest, null);
      if (first.statusCode() == 401) {
        String token = anonymousToken(first, repo);
        return token != null && head(manifest, token).statusCode() == 200;
      }
      return first.statusCode() == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpResponse<Void> head(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header("Accept", ACCEPT)
            .method("HEAD", HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding());
  }

  /** The anonymous pull token the registry's {@code WWW-Authenticate} challenge points at. */
  private String anonymousToken(HttpResponse<Void> challenge, String repo)
      throws IOException, InterruptedException {
    String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = BEARER.matcher(header);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || !realm.startsWith("https://")) {
      return null;
    }
    URI realmUri = URI.create(realm);
    if (!isPublic(realmUri.getHost())) {
      return null;
    }
    String query =
        "scope="
            + URLEncoder.encode("repository:" + repo + ":pull", StandardCharsets.UTF_8)
            + (params.containsKey("service")
                ? "&service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)
                : "");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return null;
    }
    Matcher t =
        Pattern.compile("\"(?:token|access_token)\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    return t.find() ? t.group(1) : null;
  }

  static boolean isPublic(String host) throws IOException {
    for (InetAddress a : InetAddress.getAllByName(host)) {
      if (a.isLoopbackAddress()
          || a.isSiteLocalAddress()
          || a.isLinkLocalAddress()
          || a.isAnyLocalAddress()
          || a.isMulticastAddress()
          || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
        return false;
      }
    }
    return true;
  }
}
