package io.renku.data.crc;

/**
 * How a remote pool starts its sessions elsewhere (stored and answered; see decision 0041).
 *
 * @param kind {@code firecrest} or {@code runai}
 * @param providerId the OAuth2 provider whose connection authenticates the user, or null
 * @param apiUrl the FirecREST API (firecrest), or null
 * @param systemName the FirecREST system (firecrest), or null
 * @param partition the partition jobs are submitted to (firecrest), or null
 * @param baseUrl the Run:ai server (runai), or null
 */
public record RemoteConfiguration(
    String kind,
    String providerId,
    String apiUrl,
    String systemName,
    String partition,
    String baseUrl) {
  static final String FIRECREST = "firecrest";
  static final String RUNAI = "runai";
}
