package io.renku.launcher;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The headless Chromium the browser tests drive ({@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver}, which {@code ./renku test} installs), and the local login they share.
 */
final class Chromium {
  private Chromium() {}

  static WebDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1280,900");
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build(),
        options);
  }

  /** A wait that, on failure, says where the browser is and what it shows. */
  static WebDriverWait waiting(WebDriver browser, Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout);
    wait.withMessage(() -> "at " + browser.getCurrentUrl() + ": " + browser.getPageSource());
    return wait;
  }

  /** Logs in on the local identity provider's page, from the platform's home page. */
  static void logIn(WebDriver browser, String base, String username, String password) {
    browser.get(base + "/");
    browser.findElement(By.id("login")).click();
    waiting(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
    waiting(browser, Duration.ofSeconds(20))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-state"), "Logged in as"));
  }
}
