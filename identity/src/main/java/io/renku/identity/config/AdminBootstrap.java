package io.renku.identity.config;

import io.renku.identity.account.AccountService;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator at the first start. A password made up here goes to the console
 * once, never to the log (logs are collected and kept; the console is the person who started the
 * platform).
 */
@Component
class AdminBootstrap implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

  private final AccountService accounts;
  private final IdentityProperties properties;
  private final PrintStream console;

  AdminBootstrap(AccountService accounts, IdentityProperties properties) {
    this.accounts = accounts;
    this.properties = properties;
    this.console = System.out;
  }

  @Override
  public void run(ApplicationArguments args) {
    var generated =
        accounts.ensureAdmin(
            properties.adminUsername(), properties.adminEmail(), properties.adminPassword());
    generated.ifPresent(
        password -> {
          log.info(
              "Created the administrator account '{}'; its password was printed on the console",
              properties.adminUsername());
          console.printf(
              "%n  Renku administrator account created%n    username: %s%n    password: %s%n"
                  + "  It is shown this once; sign in at %s/login%n%n",
              properties.adminUsername(), password, properties.issuer());
        });
  }
}
