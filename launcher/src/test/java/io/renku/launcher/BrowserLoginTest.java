package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole local platform (gateway, identity provider, data service, Postgres, SpiceDB engine)
 * driven by a real Chromium: sign up, log in, the data service knows the user, a same-origin write
 * with the login cookie works, logout ends it. Needs {@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver} ({@code ./renku test} installs them).
 */
class BrowserLoginTest extends BrowserPlatformTest {

  private static WebDriverWait waiting() {
    return Chromium.waiting(browser, Duration.ofSeconds(20));
  }

  private static void logIn(String username, String password) {
    Chromium.logIn(browser, base, username, password);
  }

  private static void logOut() {
    browser.get(base + "/");
    browser.findElement(By.id("logout")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-state"), "Not logged in"));
  }

  @Test
  void signUpLogInUseTheApiAndLogOut() {
    browser.get(base + "/");
    assertThat(browser.findElement(By.id("login-state")).getText()).contains("Not logged in");
    browser.findElement(By.id("login")).click();
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("signup-link"))).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
    browser.findElement(By.id("username")).sendKeys("researcher");
    browser.findElement(By.id("email")).sendKeys("researcher@example.org");
    browser.findElement(By.id("firstName")).sendKeys("Rosalind");
    browser.findElement(By.id("lastName")).sendKeys("Franklin");
    browser.findElement(By.id("password")).sendKeys("a-long-enough-password");
    browser.findElement(By.id("sign-up")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "Account created"));
    assertThat(browser.getCurrentUrl()).startsWith(base + "/auth/login");

    logIn("researcher", "a-long-enough-password");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
    assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("Rosalind Franklin");

    Cookie session = browser.manage().getCookieNamed("_renku_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.getExpiry()).as("a browser-session cookie").isNull();

    // The data service registered the user from the token the gateway relayed.
    browser.get(base + "/api/data/user");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("\"username\":\"researcher\"")
        .contains("\"first_name\":\"Rosalind\"");

    // A write from a page of the platform carries the cookie and the right Origin.
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/data/projects', {method: 'POST',"
                    + " headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({name: 'From the browser', namespace: 'researcher'})})"
                    + ".then(r => done(r.status), e => done(String(e)));");
    assertThat(status).isEqualTo(201L);

    logOut();
    browser.get(base + "/api/data/user");
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"code\":1401");
  }

  @Test
  void theAdministratorIsAnAdminInTheDataService() {
    logIn("admin", ADMIN_PASSWORD);
    browser.get(base + "/api/data/user");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("\"username\":\"admin\"")
        .contains("\"is_admin\":true");
    browser.get(base + "/api/auth/user-profile");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("account-username")));
    assertThat(browser.findElement(By.id("account-username")).getText()).isEqualTo("admin");
    logOut();
  }
}
