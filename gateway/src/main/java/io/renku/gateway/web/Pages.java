package io.renku.gateway.web;

import io.renku.core.Text;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Small HTML pages the gateway itself shows (login problems). Every value is escaped. */
public final class Pages {
  /** HTML in UTF-8, said so: without the charset a browser may read the page as Latin-1. */
  public static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

  private Pages() {}

  public static ResponseEntity<String> problem(HttpStatus status, String title, String text) {
    return ResponseEntity.status(status)
        .contentType(HTML)
        .header("Cache-Control", "no-store")
        .body(html(title, text));
  }

  /** The page itself, for callers that write the response on their own (the container's valve). */
  public static String html(String title, String text) {
    return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s · Renku</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}</style>
        </head><body><h1>%s</h1><p id="problem">%s</p>
        <p><a href="/api/auth/login">Log in again</a> · <a href="/">Home</a></p></body></html>
        """
        .formatted(escape(title), escape(title), escape(text));
  }

  public static String escape(String s) {
    return Text.html(s);
  }
}
