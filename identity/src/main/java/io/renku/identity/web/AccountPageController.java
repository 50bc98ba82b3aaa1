package io.renku.identity.web;

import io.renku.identity.account.Account;
import io.renku.identity.account.AccountService;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /auth/account}: where "Account" in the platform leads (Keycloak's account console). */
@Controller
public class AccountPageController {
  private final AccountService accounts;

  public AccountPageController(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping(value = "/account", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> account(Principal principal) {
    Account a = accounts.byUsername(principal.getName()).orElseThrow();
    String body =
        """
        <h1>Your account</h1>
        <p>Username: <strong id="account-username">%s</strong></p>
        <p>Email: %s</p><p>Name: %s</p>%s
        <p><a href="/">Back to Renku</a></p>
        """
            .formatted(
                Html.escape(a.username()),
                Html.escape(a.email()),
                Html.escape(a.fullName()),
                a.admin() ? "<p>Role: platform administrator</p>" : "");
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        .body(Html.page("Account", body));
  }
}
