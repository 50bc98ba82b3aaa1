package io.renku.sidecars.authproxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The start line and header fields of an HTTP/1.x message, in the order received (names keep their
 * spelling; lookups ignore case).
 *
 * @param startLine the three parts of the request line ({@code GET /x HTTP/1.1}) or status line
 *     ({@code HTTP/1.1 200 OK}; the reason may be empty)
 */
record HttpHead(String[] startLine, List<Header> headers) {
  record Header(String name, String value) {}

  /** Hop-by-hop fields (RFC 9110 7.6.1), never forwarded as they are, as in Go's reverse proxy. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "proxy-connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  /** Reads a request head; the limit is on all its bytes together (Go: 1 MiB + 4 KiB). */
  static HttpHead readRequest(Wire wire, int maxBytes) throws IOException {
    int[] budget = {maxBytes};
    String line = wire.readLine(budget);
    // Go's server tolerates empty lines before a request line (RFC 9112 2.2).
    int blank = 0;
    while (line.isEmpty() && blank++ < 4) {
      line = wire.readLine(budget);
    }
    String[] parts = line.split(" ", -1);
    if (parts.length != 3
        || parts[0].isEmpty()
        || !isToken(parts[0])
        || parts[1].isEmpty()
        || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
      throw new Wire.MalformedException("malformed request line");
    }
    return new HttpHead(parts, readFields(wire, budget));
  }

  /** Reads a response head (interim 1xx heads included: the caller loops over them). */
  static HttpHead readResponse(Wire wire, int maxBytes) throws IOException {
    int[] budget = {maxBytes};
    String line = wire.readLine(budget);
    String[] parts = line.split(" ", 3);
    if (parts.length < 2
        || !parts[0].startsWith("HTTP/1.")
        || parts[1].length() != 3
        || !parts[1].chars().allMatch(Character::isDigit)) {
      throw new Wire.MalformedException("malformed status line from the remote");
    }
    String[] status = {parts[0], parts[1], parts.length == 3 ? parts[2] : ""};
    return new HttpHead(status, readFields(wire, budget));
  }

  private static List<Header> readFields(Wire wire, int[] budget) throws IOException {
    List<Header> headers = new ArrayList<>();
    while (true) {
      String line = wire.readLine(budget);
      if (line.isEmpty()) {
        return headers;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new Wire.MalformedException("obsolete line folding");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Wire.MalformedException("malformed header field");
      }
      String value = line.substring(colon + 1).strip();
      if (value.chars().anyMatch(c -> c == 0 || c == '\r')) {
        throw new Wire.MalformedException("control character in a header value");
      }
      headers.add(new Header(line.substring(0, colon), value));
    }
  }

  static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  String method() {
    return startLine[0];
  }

  String target() {
    return startLine[1];
  }

  String version() {
    return startLine[2];
  }

  int status() {
    return Integer.parseInt(startLine[1]);
  }

  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  /** The first value, or null. */
  String first(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** True if a comma-separated field (Connection, Upgrade) holds the token. */
  boolean hasToken(String name, String token) {
    for (String v : values(name)) {
      for (String part : v.split(",")) {
        if (part.strip().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The field names listed in Connection: hop-by-hop too. */
  Set<String> connectionListed() {
    Set<String> out = new java.util.HashSet<>();
    for (String v : values("Connection")) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  static void write(OutputStream out, String startLine, List<Header> headers) throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append(startLine).append("\r\n");
    for (Header h : headers) {
      sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
