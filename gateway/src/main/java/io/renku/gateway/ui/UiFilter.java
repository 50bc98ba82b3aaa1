package io.renku.gateway.ui;

import io.renku.gateway.config.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web application (the built {@code ui/dist}, {@code renku.gateway.ui-dir}) at every path the
 * platform does not use itself: a file that exists is served as is (hashed {@code /assets/*} cached
 * for a year), anything else gets {@code index.html}, whose router shows the page or its 404.
 * Without a UI directory the placeholder home page answers {@code /}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 300)
public class UiFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(UiFilter.class);
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html;charset=utf-8"),
          Map.entry("js", "text/javascript;charset=utf-8"),
          Map.entry("mjs", "text/javascript;charset=utf-8"),
          Map.entry("css", "text/css;charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("webp", "image/webp"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("woff", "font/woff"),
          Map.entry("txt", "text/plain;charset=utf-8"),
          Map.entry("webmanifest", "application/manifest+json"));
  static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

  private final Path root;

  public UiFilter(GatewayProperties properties) {
    Path dir = properties.uiDir() == null ? null : properties.uiDir().toAbsolutePath().normalize();
    if (properties.uiUpstream() != null) {
      // proxy/UiUpstreamFilter serves the web application from that server instead
      log.info("The web application is served by {}", properties.uiUpstream());
      dir = null;
    } else if (dir != null && !Files.isRegularFile(dir.resolve("index.html"))) {
      log.warn("No index.html in the web application directory {}; the UI is off", dir);
      dir = null;
    } else if (dir != null) {
      log.info("Serving the web application from {}", dir);
    }
    this.root = dir;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (root == null) {
      return true;
    }
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return true;
    }
    String path = request.getRequestURI();
    return path.startsWith("/api/")
        || path.equals("/api")
        || path.startsWith("/auth/")
        || path.startsWith("/sessions/")
        || path.startsWith("/health")
        || path.equals("/metrics")
        || path.equals("/error");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Path file = file(request.getRequestURI());
    boolean asset = file != null && request.getRequestURI().startsWith("/assets/");
    if (file == null) {
      if (request.getRequestURI().startsWith("/assets/")) {
        response.sendError(404); // a missing hashed asset is not a page
        return;
      }
      file = root.resolve("index.html");
    }
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    response.setContentType(
        TYPES.getOrDefault(ext.toLowerCase(Locale.ROOT), "application/octet-stream"));
    response.setHeader("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (ext.equals("html")) {
      response.setHeader("Content-Security-Policy", CSP);
      response.setHeader("Referrer-Policy", "same-origin");
    }
    response.setContentLengthLong(Files.size(file));
    if (request.getMethod().equals("HEAD")) {
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      OutputStream out = response.getOutputStream();
      in.transferTo(out);
    }
  }

  /** The file the path names inside the UI directory, or null (missing, a directory, outside). */
  private Path file(String uriPath) {
    if (uriPath.equals("/") || uriPath.contains("\0") || uriPath.contains("%")) {
      return null;
    }
    try {
      Path p = root.resolve(uriPath.substring(1)).normalize();
      return p.startsWith(root) && Files.isRegularFile(p) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
