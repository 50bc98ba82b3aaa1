package io.renku.data.connectedservice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tokens a provider gave for a connection. Kept only encrypted ({@link TokenVault}); {@code
 * toString} hides them so that no log line carries one.
 *
 * @param expiresAt when the access token expires; null when the provider did not say (GitHub OAuth
 *     Apps: tokens that do not expire)
 */
public record TokenSet(
    String accessToken,
    String refreshToken,
    String tokenType,
    String scope,
    String idToken,
    Instant expiresAt) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A provider's token response (RFC 6749 section 5.1), read at {@code now}. */
  static TokenSet fromTokenResponse(JsonNode body, Instant now, TokenSet previous) {
    String access = text(body, "access_token");
    if (access == null || access.isEmpty()) {
      throw new IllegalArgumentException("no access_token in the token response");
    }
    Instant expires = null;
    if (body.hasNonNull("expires_in") && body.get("expires_in").canConvertToLong()) {
      expires = now.plusSeconds(body.get("expires_in").asLong());
    } else if (body.hasNonNull("expires_at") && body.get("expires_at").canConvertToLong()) {
      expires = Instant.ofEpochSecond(body.get("expires_at").asLong());
    }
    String refresh = text(body, "refresh_token");
    // A refresh answer may leave the refresh token out: the old one stays valid (RFC 6749 6).
    if (refresh == null && previous != null) {
      refresh = previous.refreshToken();
    }
    return new TokenSet(
        access,
        refresh,
        text(body, "token_type"),
        text(body, "scope"),
        text(body, "id_token"),
        expires);
  }

  /** Whether it expires within {@code leewaySeconds} of {@code now}. */
  boolean expiresWithin(Instant now, long leewaySeconds) {
    return expiresAt != null && !expiresAt.isAfter(now.plusSeconds(leewaySeconds));
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", accessToken);
    m.put("refresh_token", refreshToken);
    m.put("token_type", tokenType);
    m.put("scope", scope);
    m.put("id_token", idToken);
    m.put("expires_at", expiresAt == null ? null : expiresAt.getEpochSecond());
    return JSON.writeValueAsString(m);
  }

  static TokenSet fromJson(String json) {
    JsonNode n = JSON.readTree(json);
    return new TokenSet(
        text(n, "access_token"),
        text(n, "refresh_token"),
        text(n, "token_type"),
        text(n, "scope"),
        text(n, "id_token"),
        n.hasNonNull("expires_at") ? Instant.ofEpochSecond(n.get("expires_at").asLong()) : null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  @Override
  public String toString() {
    return "TokenSet[expiresAt=" + expiresAt + ", tokens hidden]";
  }
}
