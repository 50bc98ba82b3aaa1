package io.renku.data.account.sync;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@link UserDirectory} over Keycloak's admin REST API, authenticated as the service account of a
 * confidential client (client-credentials grant; a fresh token per run).
 */
public final class KeycloakDirectory implements UserDirectory {
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  private final UserSyncProperties properties;
  private final RestClient http;
  private final String base;

  public KeycloakDirectory(UserSyncProperties properties) {
    if (properties.keycloakUrl() == null || properties.keycloakUrl().isBlank()) {
      throw new IllegalStateException("renku.user-sync.keycloak-url must be set");
    }
    this.properties = properties;
    this.http = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
    String url = properties.keycloakUrl();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void forEachUser(int pageSize, Consumer<DirectoryUser> consumer) {
    String token = token();
    for (int first = 0; ; first += pageSize) {
      List<Map<String, Object>> page =
          get(token, "/users?briefRepresentation=true&first=" + first + "&max=" + pageSize);
      page.forEach(u -> consumer.accept(user(u)));
      if (page.size() < pageSize) {
        return;
      }
    }
  }

  @Override
  public Set<String> adminIds(int pageSize) {
    String token = token();
    Set<String> ids = new HashSet<>();
    String role = URLEncoder.encode(properties.adminRole(), StandardCharsets.UTF_8);
    for (int first = 0; ; first += pageSize) {
      List<Map<String, Object>> page =
          get(token, "/roles/" + role + "/users?first=" + first + "&max=" + pageSize);
      page.forEach(u -> ids.add(String.valueOf(u.get("id"))));
      if (page.size() < pageSize) {
        return ids;
      }
    }
  }

  private static DirectoryUser user(Map<String, Object> u) {
    return new DirectoryUser(
        String.valueOf(u.get("id")),
        (String) u.get("username"),
        (String) u.get("email"),
        Boolean.TRUE.equals(u.get("emailVerified")),
        (String) u.get("firstName"),
        (String) u.get("lastName"),
        !Boolean.FALSE.equals(u.get("enabled")));
  }

  private List<Map<String, Object>> get(String token, String path) {
    try {
      List<Map<String, Object>> page =
          http.get()
              .uri(URI.create(base + "/admin/realms/" + realm() + path))
              .headers(h -> h.setBearerAuth(token))
              .accept(MediaType.APPLICATION_JSON)
              .retrieve()
              .body(LIST);
      return page == null ? List.of() : page;
    } catch (RestClientException | ClassCastException e) {
      throw new DirectoryUnavailableException(
          "Keycloak's user list cannot be read: " + e.getMessage(), e);
    }
  }

  private String token() {
    var form = new LinkedMultiValueMap<String, String>();
    form.add("grant_type", "client_credentials");
    try {
      Map<?, ?> body =
          http.post()
              .uri(URI.create(base + "/realms/" + realm() + "/protocol/openid-connect/token"))
              .headers(
                  h ->
                      h.setBasicAuth(
                          URLEncoder.encode(properties.clientId(), StandardCharsets.UTF_8),
                          URLEncoder.encode(
                              properties.clientSecret() == null ? "" : properties.clientSecret(),
                              StandardCharsets.UTF_8),
                          StandardCharsets.UTF_8))
              .contentType(MediaType.APPLICATION_FORM_URLENCODED)
              .body(form)
              .retrieve()
              .body(Map.class);
      if (body == null || !(body.get("access_token") instanceof String token)) {
        throw new DirectoryUnavailableException("Keycloak returned no token", null);
      }
      return token;
    } catch (RestClientException e) {
      throw new DirectoryUnavailableException(
          "cannot log in to Keycloak as " + properties.clientId() + ": " + e.getMessage(), e);
    }
  }

  private String realm() {
    return URLEncoder.encode(properties.realm(), StandardCharsets.UTF_8);
  }
}
