package io.renku.gateway.web;

import io.renku.core.Text;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Small HTML pages the gateway itself shows (login problems). Every value is escaped. */
public final class Pages {
  private Pages() {}

  public static ResponseEntity<String> problem(HttpStatus status, String title, String text) {
    String body =
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s · Renku</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}</style>
        </head><body><h1>%s</h1><p id="problem">%s</p>
        <p><a href="/api/auth/login">Log in again</a> · <a href="/">Home</a></p></body></html>
        """
            .formatted(escape(title), escape(title), escape(text));
    return ResponseEntity.status(status)
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        .body(body);
  }

  public static String escape(String s) {
    return Text.html(s);
  }
}
