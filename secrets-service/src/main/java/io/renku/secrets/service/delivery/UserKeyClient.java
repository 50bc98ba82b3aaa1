package io.renku.secrets.service.delivery;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.secrets.crypto.UserSecretKey;
import io.renku.secrets.service.config.InternalToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's personal key, from the data service's internal {@code GET /api/data/user/secret_key}
 * (the only holder of {@code ENCRYPTION_KEY}, which the key is stored under), asked with the
 * internal credential for the user named in {@code Renku-User-Id}. Only local files need it: a
 * Kubernetes Secret keeps the user-key layer, as the original's does.
 */
@Component
public class UserKeyClient {
  public static final String USER_HEADER = "Renku-User-Id";

  private static final Logger log = LoggerFactory.getLogger(UserKeyClient.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DataServiceAddress address;
  private final InternalToken token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public UserKeyClient(DataServiceAddress address, InternalToken token) {
    this.address = address;
    this.token = token;
  }

  /** The user's key; 404 if the data service knows no such user, 503 if it cannot be asked. */
  public UserSecretKey keyOf(String userId) {
    URI base = address.get();
    if (base == null) {
      throw new RenkuException(
          ErrorCode.SERVICE_UNAVAILABLE, "The data service's address is not known yet.");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/data/user/secret_key"))
            .timeout(TIMEOUT)
            .header(InternalToken.HEADER, token.value())
            .header(USER_HEADER, userId)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      log.warn("The data service did not answer for a user's key: {}", e.getClass().getName());
      throw new RenkuException(
          ErrorCode.SERVICE_UNAVAILABLE, "The data service cannot be reached.", null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenkuException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted.");
    }
    if (response.statusCode() == 404) {
      throw RenkuException.notFound("User " + userId + " is unknown.");
    }
    if (response.statusCode() != 200) {
      log.warn("The data service answered {} for a user's key", response.statusCode());
      throw new RenkuException(
          ErrorCode.SERVICE_UNAVAILABLE, "The data service refused to give the user's key.");
    }
    JsonNode key = JSON.readTree(response.body()).path("secret_key");
    if (!key.isString() || key.asString().isBlank()) {
      throw new RenkuException(
          ErrorCode.SERVICE_UNAVAILABLE, "The data service answered no user key.");
    }
    return new UserSecretKey(key.asString());
  }
}
