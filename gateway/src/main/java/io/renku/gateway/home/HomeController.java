package io.renku.gateway.home;

import io.renku.gateway.login.LoginSession;
import io.renku.gateway.login.TokenRefresher;
import io.renku.gateway.web.Pages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The page at {@code /} until the web UI lands: who is logged in, and the way to log in or out. */
@Controller
public class HomeController {
  private final TokenRefresher refresher;

  public HomeController(TokenRefresher refresher) {
    this.refresher = refresher;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> home(HttpServletRequest request) {
    Optional<LoginSession> login = refresher.login(request);
    String state =
        login
            .map(
                l ->
                    "<p id=\"login-state\">Logged in as <strong id=\"user-name\">"
                        + Pages.escape(l.name())
                        + "</strong> ("
                        + Pages.escape(l.email())
                        + ")</p><form method=\"post\" action=\"/api/auth/logout\"><p>"
                        + "<a id=\"profile\" href=\"/api/auth/user-profile\">Account</a> · "
                        + "<button type=\"submit\" id=\"logout\">Log out</button></p></form>")
            .orElse(
                "<p id=\"login-state\">Not logged in.</p>"
                    + "<p><a id=\"login\" href=\"/api/auth/login?redirect_url=/\">Log in</a></p>");
    String body =
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Renku</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto}</style>
        </head><body><h1>Renku</h1>%s
        <p>The web application is not part of this build yet; the API is at
        <a href="/api/data/version">/api/data</a>.</p></body></html>
        """
            .formatted(state);
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        .body(body);
  }
}
