package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster application's settings from its environment. */
class MainConfigTest {

  @Test
  void defaultsAndTheDataServicesDatabaseSettings() {
    Main.Config c =
        Main.Config.fromEnv(
            Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/renku",
                "SPRING_DATASOURCE_USERNAME", "renku",
                "SPRING_DATASOURCE_PASSWORD", "secret",
                "SOLR_URL", "http://solr:8983/solr"));

    assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/renku");
    assertThat(c.dbUser()).isEqualTo("renku");
    assertThat(c.dbPassword()).isEqualTo("secret");
    assertThat(c.solrUrl()).isEqualTo(URI.create("http://solr:8983/solr"));
    assertThat(c.solrCore()).isEqualTo("renku-search");
    assertThat(c.tasks()).isEqualTo(DataTasksSettings.defaults());
  }

  @Test
  void ownSettingsWinAndDurationsAreMillisecondsOrIso() {
    Main.Config c =
        Main.Config.fromEnv(
            Map.of(
                "DATA_TASKS_DB_URL", "jdbc:postgresql://tasks-db/renku",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/renku",
                "SOLR_URL", "http://solr:8983/solr",
                "SOLR_CORE", "renku",
                "DATA_TASKS_BATCH_SIZE", "50",
                "DATA_TASKS_IDLE_DELAY", "500",
                "DATA_TASKS_POLL_INTERVAL", "PT5S"));

    assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://tasks-db/renku");
    assertThat(c.solrCore()).isEqualTo("renku");
    assertThat(c.tasks().batchSize()).isEqualTo(50);
    assertThat(c.tasks().idleDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.tasks().pollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void missingOrMalformedSettingsAreNamed() {
    assertThatThrownBy(() -> Main.Config.fromEnv(Map.of("SOLR_URL", "http://solr:8983/solr")))
        .hasMessageContaining("DATA_TASKS_DB_URL");
    assertThatThrownBy(() -> Main.Config.fromEnv(Map.of("DATA_TASKS_DB_URL", "jdbc:x")))
        .hasMessageContaining("SOLR_URL");
    assertThatThrownBy(
            () ->
                Main.Config.fromEnv(
                    Map.of(
                        "DATA_TASKS_DB_URL", "jdbc:x",
                        "SOLR_URL", "http://solr",
                        "DATA_TASKS_BATCH_SIZE", "many")))
        .hasMessageContaining("DATA_TASKS_BATCH_SIZE");
    assertThatThrownBy(
            () ->
                Main.Config.fromEnv(
                    Map.of(
                        "DATA_TASKS_DB_URL", "jdbc:x",
                        "SOLR_URL", "http://solr",
                        "DATA_TASKS_BATCH_SIZE", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
