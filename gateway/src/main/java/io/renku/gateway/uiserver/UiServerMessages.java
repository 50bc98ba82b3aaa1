package io.renku.gateway.uiserver;

import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of the original Renku UI server's WebSocket, as its web application reads them
 * ({@code client/src/websocket/}): {@code {"scope":"user","type":…,"data":{…},"timestamp":…}}; the
 * client accepts only the data keys it knows for each type ({@code message} here), else it reports
 * an error.
 */
final class UiServerMessages {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private UiServerMessages() {}

  /** Sent when the socket opens; the client answers with {@code init}. */
  static String connected() {
    return message("init", "Connection established");
  }

  /** The answer to the client's {@code init}, {@code ping} and {@code pullSessionStatusV2}. */
  static String ack(String what) {
    return message("ack", what);
  }

  /** Tells the client that its sessions changed: it fetches {@code /api/data/sessions} again. */
  static String sessionsChanged() {
    return message("sessionStatusV2", "The status of your sessions changed");
  }

  private static String message(String type, String text) {
    return JSON.writeValueAsString(
        Map.of(
            "scope",
            "user",
            "type",
            type,
            "data",
            Map.of("message", text),
            "timestamp",
            Instant.now().toString()));
  }

  /** The {@code type} of a client's message, or "" when it is not one. */
  static String typeOf(String text) {
    try {
      return JSON.readTree(text).path("type").asString("");
    } catch (JacksonException e) {
      return "";
    }
  }
}
