package io.renku.data.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small OAuth2 authorization server with OpenID Connect discovery on loopback, for the connected
 * services tests (much smaller than configuring the identity module as a provider): the
 * authorization endpoint approves at once and sends the browser back with a code; the token
 * endpoint checks the client's basic credentials, the redirect URI and the PKCE S256 verifier, and
 * refreshes with rotated refresh tokens (counted, and slow enough that concurrent refreshes would
 * overlap); the user info endpoint checks the access token. Each issued access token is valid until
 * it is replaced, so a resource server ({@link TestGitServer}) can ask {@link #valid}.
 */
public final class TestOAuthProvider implements AutoCloseable {
  public static final String CLIENT_ID = "renku-test-client";
  public static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();

  private record Grant(String redirectUri, String challenge, String subject) {}

  private final HttpServer server;
  private final String base;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> accessSubjects = new ConcurrentHashMap<>();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicLong expiresIn = new AtomicLong(3600);
  private volatile String subject = "provider-user";

  public TestOAuthProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext("/userinfo", this::userinfo);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public String issuer() {
    return base;
  }

  public int refreshes() {
    return refreshes.get();
  }

  /** The lifetime of the tokens issued from now on. */
  public void expiresIn(long seconds) {
    expiresIn.set(seconds);
  }

  /** The account name the next authorization is for. */
  public void subject(String name) {
    subject = name;
  }

  /** Whether an access token is one this server issued and has not replaced. */
  public boolean valid(String accessToken) {
    return accessToken != null && accessTokens.contains(accessToken);
  }

  /** Every refresh token issued so far (to check that none is ever answered by the service). */
  public Set<String> issuedRefreshTokens() {
    return Set.copyOf(refreshTokens.keySet());
  }

  private void discovery(HttpExchange ex) throws IOException {
    json(
        ex,
        200,
        """
        {"issuer":"%s","authorization_endpoint":"%s/authorize","token_endpoint":"%s/token",
         "userinfo_endpoint":"%s/userinfo"}"""
            .formatted(base, base, base, base));
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(q.get("client_id"))
        || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("state") == null) {
      json(ex, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge"), subject));
    String to =
        q.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Location", to);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (CLIENT_ID + ":" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(auth)) {
      json(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    Map<String, String> f =
        parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    switch (String.valueOf(f.get("grant_type"))) {
      case "authorization_code" -> {
        Grant g = codes.remove(String.valueOf(f.get("code")));
        if (g == null
            || !g.redirectUri().equals(f.get("redirect_uri"))
            || f.get("code_verifier") == null
            || !g.challenge().equals(s256(f.get("code_verifier")))) {
          json(ex, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        json(ex, 200, issue(g.subject()));
      }
      case "refresh_token" -> {
        String subjectOf = refreshTokens.remove(String.valueOf(f.get("refresh_token")));
        if (subjectOf == null) {
          json(ex, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }
        refreshes.incrementAndGet();
        try {
          Thread.sleep(300); // a slow provider: concurrent refreshes would overlap
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        json(ex, 200, issue(subjectOf));
      }
      default -> json(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
    }
  }

  private String issue(String subjectOf) {
    String access = "at-" + UUID.randomUUID();
    String refresh = "rt-" + UUID.randomUUID();
    accessTokens.add(access);
    accessSubjects.put(access, subjectOf);
    refreshTokens.put(refresh, subjectOf);
    return """
        {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s",
         "scope":"openid read_repository"}"""
        .formatted(access, expiresIn.get(), refresh);
  }

  private void userinfo(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    if (!valid(token)) {
      json(ex, 401, "{\"error\":\"invalid_token\"}");
      return;
    }
    json(ex, 200, "{\"sub\":\"s-1\",\"preferred_username\":\"" + accessSubjects.get(token) + "\"}");
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, String> parse(String query) {
    Map<String, String> m = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return m;
    }
    for (String pair : query.split("&")) {
      int i = pair.indexOf('=');
      String k = i < 0 ? pair : pair.substring(0, i);
      String v = i < 0 ? "" : pair.substring(i + 1);
      m.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return m;
  }

  /** The query of a URL as a map. */
  public static Map<String, String> query(URI u) {
    return parse(u.getRawQuery());
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
