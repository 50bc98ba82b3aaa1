package io.renku.data.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Zenodo on loopback with the calls the platform makes: its OAuth2 authorization server
 * ({@code /oauth/authorize} approves at once, {@code /oauth/token} exchanges the code), {@code POST
 * /api/deposit/depositions}, {@code GET /api/deposit/depositions/{id}} and the bucket's {@code PUT
 * /api/files/{bucket}/{key}}. Every API call must carry a bearer token it issued; the files that
 * reached a bucket are kept for the test to look at.
 */
public final class TestZenodo implements AutoCloseable {
  public static final String CLIENT_ID = "zenodo-client";
  public static final String CLIENT_SECRET = "zenodo-client-secret-4711";

  /** A deposition as Zenodo holds it. */
  public static final class Deposition {
    public final String id;
    public final String title;
    public final String owner;
    public final String bucket = UUID.randomUUID().toString();
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public volatile boolean submitted;

    Deposition(String id, String title, String owner) {
      this.id = id;
      this.title = title;
      this.owner = owner;
    }
  }

  private final HttpServer server;
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Deposition> depositions = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  public TestZenodo() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/oauth/authorize", this::authorize);
    server.createContext("/oauth/token", this::token);
    server.createContext("/api/deposit/depositions", this::depositions);
    server.createContext("/api/files/", this::files);
    server.start();
  }

  /** The provider URL an admin configures (with the trailing slash). */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The user whom the next authorization is for (the account Zenodo knows them as). */
  private volatile String nextOwner = "someone";

  public void nextOwner(String owner) {
    this.nextOwner = owner;
  }

  public Deposition deposition(String id) {
    return depositions.get(id);
  }

  public int depositionCount() {
    return depositions.size();
  }

  /** Revokes every token of {@code owner} (Zenodo then answers 401). */
  public void revoke(String owner) {
    refused.add(owner);
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    String code = UUID.randomUUID().toString();
    codes.put(code, nextOwner);
    String location =
        q.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Location", location);
    answer(ex, 302, "");
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form =
        query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String owner = codes.remove(String.valueOf(form.get("code")));
    if (owner == null) {
      answer(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String access = "zat-" + UUID.randomUUID();
    tokens.put(access, owner);
    answer(
        ex,
        200,
        "{\"access_token\":\""
            + access
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"zrt-"
            + UUID.randomUUID()
            + "\"}");
  }

  private String owner(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return null;
    }
    String owner = tokens.get(h.substring("Bearer ".length()));
    return owner == null || refused.contains(owner) ? null : owner;
  }

  private void depositions(HttpExchange ex) throws IOException {
    String owner = owner(ex);
    if (owner == null) {
      answer(ex, 401, "{\"message\":\"The server could not verify that you are authorized\"}");
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (ex.getRequestMethod().equals("POST") && path.equals("/api/deposit/depositions")) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!body.contains("\"upload_type\":\"dataset\"")) {
        answer(ex, 400, "{\"message\":\"upload_type missing\"}");
        return;
      }
      String title = body.replaceAll("(?s).*\"title\":\"([^\"]*)\".*", "$1");
      Deposition d = new Deposition(String.valueOf(ids.incrementAndGet()), title, owner);
      depositions.put(d.id, d);
      answer(ex, 201, json(d));
      return;
    }
    String id = path.substring("/api/deposit/depositions/".length());
    Deposition d = depositions.get(id);
    if (!ex.getRequestMethod().equals("GET") || d == null || !d.owner.equals(owner)) {
      answer(ex, 404, "{\"message\":\"PID does not exist.\"}");
      return;
    }
    answer(ex, 200, json(d));
  }

  private void files(HttpExchange ex) throws IOException {
    String owner = owner(ex);
    if (owner == null) {
      answer(ex, 401, "{}");
      return;
    }
    String rest = ex.getRequestURI().getPath().substring("/api/files/".length());
    int slash = rest.indexOf('/');
    String bucket = rest.substring(0, slash);
    String key = rest.substring(slash + 1);
    Deposition d =
        depositions.values().stream()
            .filter(x -> x.bucket.equals(bucket) && x.owner.equals(owner))
            .findFirst()
            .orElse(null);
    if (d == null || !ex.getRequestMethod().equals("PUT")) {
      answer(ex, 404, "{}");
      return;
    }
    d.files.put(key, ex.getRequestBody().readAllBytes());
    answer(ex, 201, "{\"key\":\"" + key + "\"}");
  }

  private String json(Deposition d) {
    return "{\"id\":"
        + d.id
        + ",\"created\":\"2026-01-01T00:00:00\",\"owner\":1,\"state\":\"unsubmitted\","
        + "\"submitted\":"
        + d.submitted
        + ",\"title\":\""
        + d.title
        + "\",\"links\":{\"bucket\":\""
        + base()
        + "api/files/"
        + d.bucket
        + "\"}}";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
