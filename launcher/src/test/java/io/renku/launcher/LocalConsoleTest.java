package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person sees when running {@code ./renku up}: the launcher in a JVM of its own, its console
 * captured. Readable lines only (the JSON lines go to the data directory's log file), the
 * administrator's first password framed once after the start's lines, and the ready line last.
 */
class LocalConsoleTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path work;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void theConsoleIsReadableAndTheJsonGoesToTheDataDirectory() throws Exception {
    int port = PlatformRequests.freePort();
    Path dataDir = work.resolve("data");
    Path console = work.resolve("console.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // as ./renku up runs it
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.renku.launcher.RenkuLauncher",
                "up",
                "--session-runtime",
                "process",
                "--data-dir",
                dataDir.toString(),
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
    String lib = System.getProperty("renku.spicedb.lib", System.getenv("RENKU_SPICEDB_LIB"));
    if (lib != null) {
      pb.environment().put("RENKU_SPICEDB_LIB", lib);
    }
    // a first start that makes the administrator's password up, with the default log format
    pb.environment().remove("RENKU_ADMIN_PASSWORD");
    pb.environment().remove("RENKU_LOG_FORMAT");
    process = pb.start();
    String ready = "Renku is ready at http://localhost:" + port + " (sessions: processes";
    long deadline = System.nanoTime() + 180_000_000_000L;
    String out = "";
    while (!out.contains(ready)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the platform did not start:\n" + out);
      }
      Thread.sleep(250);
      out = Files.readString(console);
    }
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();

    assertThat(lines).noneMatch(l -> l.startsWith("{"));
    // no third-party chatter (Hikari, Solr, Tomcat through java.util.logging), no JVM warnings
    assertThat(lines)
        .as(out)
        .noneMatch(l -> l.contains("HikariPool") || l.contains("SolrCore"))
        .noneMatch(l -> l.contains("Tomcat") || l.startsWith("INFO:") || l.startsWith("WARNING"));
    assertThat(lines.size()).as(out).isLessThan(40);
    assertThat(lines.getLast()).as(out).contains(ready).endsWith("processes on this machine)");

    int banner = lines.indexOf("  Renku administrator account created");
    assertThat(banner).as(out).isPositive();
    assertThat(lines.lastIndexOf("  Renku administrator account created")).isEqualTo(banner);
    assertThat(lines.get(banner - 1)).startsWith("=====");
    String password =
        lines.stream()
            .filter(l -> l.strip().startsWith("password: "))
            .findFirst()
            .orElseThrow()
            .strip()
            .substring("password: ".length());
    // the banner comes after the start's lines, just before the ready line
    assertThat(lines.subList(banner, lines.size() - 1))
        .noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*"));
    assertThat(lines.subList(0, banner)).anyMatch(l -> l.contains("launcher: Started in"));

    process.destroy(); // SIGTERM, as Ctrl-C
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(console)).contains("launcher: Renku stopped");

    Path file = dataDir.resolve("logs").resolve("renku.log");
    List<String> json = Files.readAllLines(file);
    assertThat(json).hasSizeGreaterThan(lines.size());
    for (String line : json) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.has("@timestamp")).as(line).isTrue();
      assertThat(event.path("log").path("level").isString()).as(line).isTrue();
      assertThat(event.path("log").path("logger").isString()).as(line).isTrue();
      assertThat(event.path("service").path("name").asString()).isEqualTo("renku");
      assertThat(event.path("ecs").path("version").isString()).as(line).isTrue();
    }
    String all = String.join("\n", json);
    assertThat(all)
        .contains("Renku is ready at")
        .contains("Renku stopped")
        .contains("org.flywaydb");
    // the password is shown on the console once, never written to the log
    assertThat(all).doesNotContain(password);
  }
}
