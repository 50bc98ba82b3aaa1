package io.renku.launcher;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

/**
 * Base of the browser tests: the whole local platform on a free port, with a known administrator
 * password, and a headless Chromium; both started once per test class and stopped after it.
 */
abstract class BrowserPlatformTest {
  static final String ADMIN_PASSWORD = "browser-test-admin-pw";

  @TempDir static Path dataDir;
  static LocalPlatform platform;
  static WebDriver browser;
  static String base;

  @BeforeAll
  static void startPlatformAndBrowser() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    System.setProperty("RENKU_ADMIN_PASSWORD", ADMIN_PASSWORD);
    platform =
        LocalPlatform.start(
            LauncherOptions.parse(
                new String[] {
                  "up",
                  "--session-runtime",
                  "container",
                  "--data-dir",
                  dataDir.toString(),
                  "--port",
                  String.valueOf(port)
                }));
    base = "http://localhost:" + port;
    browser = Chromium.start();
  }

  @AfterAll
  static void stopPlatformAndBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
    if (platform != null) {
      platform.close();
      platform = null;
    }
    System.clearProperty("RENKU_ADMIN_PASSWORD");
  }
}
