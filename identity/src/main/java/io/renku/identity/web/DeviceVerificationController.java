package io.renku.identity.web;

import io.renku.identity.device.DeviceApprovals;
import io.renku.identity.device.DeviceApprovals.Pending;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /device}: where a device's verification link leads (after sign-in). Shows the code, the
 * client and what it asks for, and approves or denies only on a POST of that page (Spring
 * Security's CSRF token required), never on following a link. Without a code, asks for one.
 */
@Controller
public class DeviceVerificationController {
  private final DeviceApprovals approvals;

  public DeviceVerificationController(DeviceApprovals approvals) {
    this.approvals = approvals;
  }

  @GetMapping(value = "/device", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> show(
      CsrfToken csrf,
      Authentication user,
      @RequestParam(name = "user_code", required = false) String userCode) {
    if (userCode == null || userCode.isBlank()) {
      return html(HttpStatus.OK, enterCode(null));
    }
    Optional<Pending> pending = approvals.pending(userCode);
    if (pending.isEmpty()) {
      return html(
          HttpStatus.NOT_FOUND,
          enterCode("This code is unknown, was already used or has expired."));
    }
    return html(HttpStatus.OK, confirm(pending.get(), user, csrf));
  }

  @PostMapping(value = "/device", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> decide(
      Authentication user,
      @RequestParam(name = "user_code", defaultValue = "") String userCode,
      @RequestParam(defaultValue = "") String decision) {
    boolean approve = decision.equals("approve");
    if (!approve && !decision.equals("deny")) {
      return html(HttpStatus.BAD_REQUEST, enterCode("Choose to approve or to deny."));
    }
    boolean done = approve ? approvals.approve(userCode, user) : approvals.deny(userCode, user);
    if (!done) {
      return html(
          HttpStatus.NOT_FOUND,
          enterCode("This code is unknown, was already used or has expired."));
    }
    String body =
        approve
            ? "<h1>Device signed in</h1><p class=\"info\" id=\"device-approved\">The device is now"
                + " signed in to Renku as you. You can close this page and go back to it.</p>"
            : "<h1>Sign-in refused</h1><p class=\"info\" id=\"device-denied\">The device was not"
                + " signed in.</p>";
    return html(HttpStatus.OK, Html.page(approve ? "Device signed in" : "Sign-in refused", body));
  }

  private static String enterCode(String error) {
    StringBuilder body = new StringBuilder("<h1>Sign in a device</h1>");
    if (error != null) {
      body.append("<p class=\"error\" id=\"device-error\">")
          .append(Html.escape(error))
          .append("</p>");
    }
    // A GET form: it only shows the request for the code, it never approves.
    body.append(
        """
        <form method="get" action="device">
          <label for="user_code">The code your device shows</label>
          <input id="user_code" name="user_code" autocomplete="off" required autofocus>
          <button id="device-continue" type="submit">Continue</button>
        </form>
        """);
    return Html.page("Sign in a device", body.toString());
  }

  private static String confirm(Pending p, Authentication user, CsrfToken csrf) {
    StringBuilder scopes = new StringBuilder();
    for (String scope : new TreeSet<>(p.scopes())) {
      scopes.append("<li>").append(Html.escape(scope)).append("</li>");
    }
    String body =
        """
        <h1>Sign in a device?</h1>
        <p><strong id="device-client">%s</strong> (client <code>%s</code>) asks to act in Renku
           as <strong>%s</strong>, with: </p><ul id="device-scopes">%s</ul>
        <p>Code: <strong id="device-code">%s</strong></p>
        <p class="error">Approve only if you started this sign-in yourself and your device shows
           this same code. Someone who sent you a link cannot see your answer, but would get your
           login if you approve their code.</p>
        <form method="post" action="device">
          <input type="hidden" name="user_code" value="%s">
          <input type="hidden" name="%s" value="%s">
          <button id="device-approve" type="submit" name="decision" value="approve">Approve</button>
          <button id="device-deny" type="submit" name="decision" value="deny"
                  style="background:#777">Deny</button>
        </form>
        """
            .formatted(
                Html.escape(p.clientName()),
                Html.escape(p.clientId()),
                Html.escape(user.getName()),
                scopes,
                Html.escape(p.userCode()),
                Html.escape(p.userCode()),
                Html.escape(csrf.getParameterName()),
                Html.escape(csrf.getToken()));
    return Html.page("Sign in a device", body);
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        .body(body);
  }
}
