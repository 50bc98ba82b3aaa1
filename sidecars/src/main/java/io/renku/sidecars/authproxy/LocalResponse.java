package io.renku.sidecars.authproxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Responses the proxy gives itself, shaped like echo's and Go's server's. */
final class LocalResponse {
  private LocalResponse() {}

  /** echo's error body: {@code {"message":"..."}} and a newline, as application/json. */
  static void json(OutputStream out, int status, String reason, String message, boolean close)
      throws IOException {
    send(
        out,
        status,
        reason,
        "application/json",
        "{\"message\":\"" + ProxyLog.escape(message) + "\"}\n",
        close);
  }

  /** Go's server's own errors (malformed requests): plain text, connection closed. */
  static void plain(OutputStream out, int status, String reason) throws IOException {
    send(out, status, reason, "text/plain; charset=utf-8", status + " " + reason, true);
  }

  static void empty(OutputStream out, int status, String reason, boolean close) throws IOException {
    send(out, status, reason, null, "", close);
  }

  static void send(
      OutputStream out, int status, String reason, String type, String body, boolean close)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<HttpHead.Header> headers = new ArrayList<>();
    if (type != null) {
      headers.add(new HttpHead.Header("Content-Type", type));
    }
    headers.add(new HttpHead.Header("Content-Length", Integer.toString(bytes.length)));
    if (close) {
      headers.add(new HttpHead.Header("Connection", "close"));
    }
    HttpHead.write(out, "HTTP/1.1 " + status + " " + reason, headers);
    out.write(bytes);
    out.flush();
  }
}
