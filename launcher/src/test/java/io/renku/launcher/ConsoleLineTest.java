package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The console's line format in local mode, and which events get a line at all. */
class ConsoleLineTest {
  private static final long AT =
      LocalDateTime.of(2026, 12, 5, 9, 7, 3)
          .atZone(ZoneId.systemDefault())
          .toInstant()
          .toEpochMilli();

  @Test
  void infoLinesNameTheComponentWithoutALevel() {
    assertThat(
            ConsoleLine.format(
                AT, Level.INFO, "io.renku.gateway.web.GatewayFilter", "Gateway on 1", null))
        .isEqualTo("09:07:03 gateway: Gateway on 1");
    assertThat(ConsoleLine.format(AT, Level.INFO, "io.renku.launcher", "Renku is ready", null))
        .isEqualTo("09:07:03 launcher: Renku is ready");
  }

  @Test
  void warningsAndErrorsSayTheirLevelAndTheRootCauseInAFewWords() {
    assertThat(
            ConsoleLine.format(
                AT, Level.WARN, "org.apache.solr.core.SolrCore", "slow", "IOException: disk"))
        .isEqualTo("09:07:03 WARN solr: slow (IOException: disk)");
    assertThat(ConsoleLine.format(AT, Level.ERROR, "com.zaxxer.hikari.pool.HikariPool", "x", null))
        .isEqualTo("09:07:03 ERROR hikari: x");
    assertThat(ConsoleLine.component("com.example.SomeThing")).isEqualTo("SomeThing");
  }

  @Test
  void thirdPartyInfoAndSpringsStartupLinesStayOffTheConsole() {
    assertThat(ConsoleLine.shows(Level.INFO, "io.renku.data.tasks.DataTasks")).isTrue();
    assertThat(ConsoleLine.shows(Level.DEBUG, "io.renku.data.tasks.DataTasks")).isFalse();
    assertThat(ConsoleLine.shows(Level.INFO, "org.apache.solr.core.SolrCore")).isFalse();
    assertThat(ConsoleLine.shows(Level.INFO, "com.zaxxer.hikari.HikariDataSource")).isFalse();
    assertThat(ConsoleLine.shows(Level.INFO, "org.flywaydb.core.internal.command.DbMigrate"))
        .isFalse();
    assertThat(ConsoleLine.shows(Level.INFO, ConsoleLine.SPRING_STARTUP_LOGGER)).isFalse();
    assertThat(ConsoleLine.shows(Level.WARN, "org.apache.solr.core.SolrCore")).isTrue();
    assertThat(ConsoleLine.shows(Level.ERROR, ConsoleLine.SPRING_STARTUP_LOGGER)).isTrue();
    assertThat(
            ConsoleLine.shows(
                Level.WARN,
                "org.apache.solr.core.CoreContainer",
                "Not all security plugins" + " configured!  authentication=disabled"))
        .isFalse();
    assertThat(ConsoleLine.shows(Level.WARN, "org.apache.solr.core.CoreContainer", "disk full"))
        .isTrue();
  }

  @Test
  void theBannerIsFramed() {
    String framed = LocalLogging.frame("Renku administrator account created\n  username: admin\n");
    assertThat(framed.lines().filter(l -> l.startsWith("====")).count()).isEqualTo(2);
    assertThat(framed)
        .contains("  Renku administrator account created")
        .contains("username: admin");
  }

  @Test
  void theReadyLineSaysWhereSessionsRun() {
    assertThat(RenkuLauncher.readyLine("http://127.0.0.1:8080", "container"))
        .isEqualTo("Renku is ready at http://127.0.0.1:8080 (sessions: containers via podman)");
    assertThat(RenkuLauncher.readyLine("http://localhost:1", "process"))
        .isEqualTo("Renku is ready at http://localhost:1 (sessions: processes on this machine)");
  }
}
