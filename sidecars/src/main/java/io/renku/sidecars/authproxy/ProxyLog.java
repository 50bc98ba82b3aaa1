package io.renku.sidecars.authproxy;

import java.io.PrintStream;
import java.time.OffsetDateTime;

/**
 * The proxy's log: one line per event as a JSON object (echo's logger writes JSON too). Requests
 * are logged by method, path (never the query) and status; header values never, so neither the
 * token nor cookies reach the log.
 */
final class ProxyLog {
  private final PrintStream out;
  private final boolean verbose;

  ProxyLog(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  void info(String message) {
    line("INFO", message);
  }

  void debug(String message) {
    if (verbose) {
      line("DEBUG", message);
    }
  }

  void request(String method, String target, int status, long micros) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    out.println(
        "{\"time\":\""
            + OffsetDateTime.now()
            + "\",\"level\":\"INFO\",\"msg\":\"REQUEST\",\"method\":\""
            + escape(method)
            + "\",\"path\":\""
            + escape(path)
            + "\",\"status\":"
            + status
            + ",\"latency_us\":"
            + micros
            + "}");
  }

  private void line(String level, String message) {
    out.println(
        "{\"time\":\""
            + OffsetDateTime.now()
            + "\",\"level\":\""
            + level
            + "\",\"message\":\""
            + escape(message)
            + "\"}");
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
