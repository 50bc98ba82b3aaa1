package io.renku.launcher.attack;

import io.renku.launcher.LauncherOptions;
import io.renku.launcher.LocalPlatform;
import io.renku.launcher.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attacker's view of local mode: one whole platform (Postgres, SpiceDB, identity provider, data
 * service, gateway) started once per test JVM and shared by every attack test class, reached only
 * through the gateway's public port, as a browser or a script on the network would.
 *
 * <p>Attack tests must leave the platform as they found it (platform settings restored), since
 * other classes share it; they make their own users (tokens with fresh subjects) and projects.
 */
public final class AttackPlatform {
  public static final String ADMIN_PASSWORD = "attack-test-admin-pw";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static AttackPlatform shared;

  public final LocalPlatform platform;
  public final Path dataDir;
  public final int port;

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public final String base;

  public final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private AttackPlatform(LocalPlatform platform, Path dataDir, int port) {
    this.platform = platform;
    this.dataDir = dataDir;
    this.port = port;
    this.base = "http://127.0.0.1:" + port;
  }

  /** The shared platform, started at the first call. */
  public static synchronized AttackPlatform get() throws Exception {
    if (shared == null) {
      Path dataDir = Files.createTempDirectory("renku-attack-");
      int port = freePort();
      System.setProperty("RENKU_ADMIN_PASSWORD", ADMIN_PASSWORD);
      LocalPlatform platform;
      try {
        platform =
            LocalPlatform.start(
                LauncherOptions.parse(
                    new String[] {
                      "up",
                      "--session-runtime",
                      "process",
                      "--data-dir",
                      dataDir.toString(),
                      "--port",
                      String.valueOf(port)
                    }));
      } finally {
        System.clearProperty("RENKU_ADMIN_PASSWORD");
      }
      shared = new AttackPlatform(platform, dataDir, port);
      Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "attack-platform-stop"));
    }
    return shared;
  }

  /** An access token signed like the local identity provider's, for a user named {@code user}. */
  public String token(String user, boolean admin) {
    return LocalTokens.mint(
        platform.keys(),
        platform.issuer(),
        user + "-id",
        user + "@example.org",
        user,
        "Tester",
        admin,
        Duration.ofHours(1));
  }

  /** A request through the gateway; {@code token} and {@code body} (JSON) may be null. */
  public HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return send(method, path, token, body, Map.of());
  }

  public HttpResponse<String> send(
      String method, String path, String token, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  /** An answer read from a raw socket: what a client that does not escape anything gets. */
  public record RawResponse(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code requestLine} (e.g. {@code "GET /api/data/x%zz HTTP/1.1"}) byte for byte, with
   * {@code extraHeaders} (each a full header line), a Host header and {@code Connection: close};
   * for paths and headers an ordinary HTTP client would refuse to send.
   */
  public RawResponse raw(String requestLine, String body, String... extraHeaders)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder(requestLine).append("\r\n");
      req.append("Host: 127.0.0.1:").append(port).append("\r\n");
      for (String h : extraHeaders) {
        req.append(h).append("\r\n");
      }
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        req.append("Content-Length: ").append(bytes.length).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      IOException writeFailed = null;
      try {
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // A server may answer (e.g. 400 for a head over its limit) and close before it has read
        // everything: the rest of the write then fails, but its answer can still be read, as an
        // HTTP client should (RFC 9112, 9.6). No answer at all is still a failure.
        writeFailed = e;
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        if (writeFailed == null || all.size() == 0) {
          throw writeFailed != null ? writeFailed : e;
        }
      }
      if (writeFailed != null && all.size() == 0) {
        throw writeFailed;
      }
      // Bytes as chars one to one, so chunk sizes count right; the body is decoded at the end.
      return parse(all.toString(StandardCharsets.ISO_8859_1));
    }
  }

  private static RawResponse parse(String text) {
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    String[] lines = head.split("\r\n");
    int status = lines.length > 0 && lines[0].length() >= 12 ? parseStatus(lines[0]) : -1;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new RawResponse(status, headers, body);
  }

  private static int parseStatus(String statusLine) {
    try {
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
