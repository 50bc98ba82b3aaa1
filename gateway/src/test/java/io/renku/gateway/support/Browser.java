package io.renku.gateway.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that follows redirects one by one (so tests can look at each step)
 * and sends {@code Origin} on form posts as a browser does. The real browser (Chromium) test of the
 * same flow is in the launcher module.
 */
public final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** What Chromium sends when it navigates; servers choose login redirects by it. */
  private static final String ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String base;

  public Browser(String base) {
    this.base = base;
  }

  public HttpResponse<String> get(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", ACCEPT).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String pathOrUrl) {
    return HttpRequest.newBuilder(uri(pathOrUrl));
  }

  public HttpResponse<String> postForm(String pathOrUrl, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(pathOrUrl))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", base)
            .header("Accept", ACCEPT)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Follows redirects from {@code response} until a non-redirect answer. */
  public HttpResponse<String> follow(HttpResponse<String> response) {
    for (int i = 0; i < 10 && isRedirect(response); i++) {
      String location = response.headers().firstValue("Location").orElseThrow();
      response = get(response.uri().resolve(location).toString());
    }
    return response;
  }

  /**
   * Logs in through the gateway with a local account; returns the response that ends the flow (the
   * redirect target, usually the home page).
   */
  public HttpResponse<String> login(String username, String password, String redirectUrl) {
    HttpResponse<String> page =
        follow(
            get("/api/auth/login" + (redirectUrl == null ? "" : "?redirect_url=" + redirectUrl)));
    if (!page.uri().getPath().endsWith("/auth/login")) {
      throw new AssertionError("expected the login page, got " + page.uri() + ": " + page.body());
    }
    return follow(
        postForm(
            page.uri().toString(),
            Map.of("username", username, "password", password, "_csrf", csrf(page.body()))));
  }

  public static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF token in: " + html);
    }
    return m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
  }

  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  public void setCookie(String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setVersion(0);
    cookies.getCookieStore().add(URI.create(base), c);
  }

  public void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
  }

  private static boolean isRedirect(HttpResponse<?> r) {
    return r.statusCode() == 301
        || r.statusCode() == 302
        || r.statusCode() == 303
        || r.statusCode() == 307;
  }
}
