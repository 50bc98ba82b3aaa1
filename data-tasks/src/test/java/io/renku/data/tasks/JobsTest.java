package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.tasks.jobs.Jobs;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chart's one-off jobs as their Job runs them ({@code Main <job>} with the environment): the
 * search reprovision request against the real schema, and the settings errors. The realm init
 * against a real Keycloak is in {@code it/keycloak} ({@code RealmInitJobTest}).
 */
class JobsTest {
  private JdbcClient data;

  @BeforeEach
  void clean() {
    data = JdbcClient.create(TestDatabase.get().dataSource());
    data.sql("DELETE FROM search.reprovisioning").update();
  }

  @AfterEach
  void cleanAfter() {
    data.sql("DELETE FROM search.reprovisioning").update();
  }

  private static Map<String, String> database() {
    return Map.of(
        "DATA_TASKS_DB_URL", TestDatabase.get().jdbcUrl(),
        "DATA_TASKS_DB_USER", "postgres",
        "DATA_TASKS_DB_PASSWORD", "postgres");
  }

  @Test
  void theReprovisionJobAsksForOneRebuildAndRepeatsSafely() {
    assertThat(Jobs.run(new String[] {"request-reprovision"}, database())).isZero();
    List<String> first =
        data.sql("SELECT id || ' ' || requested_by FROM search.reprovisioning")
            .query(String.class)
            .list();
    assertThat(first).singleElement().asString().endsWith(" reprovision-job");

    // a second upgrade while the rebuild still runs: nothing new, not a failure
    assertThat(Jobs.run(new String[] {"request-reprovision"}, database())).isZero();
    assertThat(
            data.sql("SELECT id || ' ' || requested_by FROM search.reprovisioning")
                .query(String.class)
                .list())
        .isEqualTo(first);
  }

  @Test
  void theReprovisionJobFailsWhenTheDatabaseNeverAnswers() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "DATA_TASKS_DB_URL",
            "jdbc:postgresql://127.0.0.1:" + closed + "/renku",
            "DB_WAIT",
            "0");
    assertThat(Jobs.run(new String[] {"request-reprovision"}, env)).isEqualTo(1);
    assertThat(data.sql("SELECT count(*) FROM search.reprovisioning").query(Long.class).single())
        .isZero();
  }

  @Test
  void unknownJobsAndMissingSettingsAreRefusedWithStatusTwo(@TempDir Path dir) throws Exception {
    assertThat(Jobs.run(new String[] {"drop-everything"}, Map.of())).isEqualTo(2);
    assertThat(Jobs.run(new String[] {"request-reprovision"}, Map.of())).isEqualTo(2);
    assertThat(Jobs.run(new String[] {"realm-init"}, Map.of("KEYCLOAK_URL", "http://kc")))
        .isEqualTo(2); // no administrator password

    // a placeholder of the realm file without a value: refused before Keycloak is called
    Path realm = dir.resolve("realm.json");
    Files.writeString(realm, "{\"realm\":\"x\",\"clients\":[{\"secret\":\"${RENKU_SECRET_X}\"}]}");
    Map<String, String> env =
        Map.of(
            "KEYCLOAK_URL", "http://127.0.0.1:9",
            "KEYCLOAK_ADMIN_USERNAME", "admin",
            "KEYCLOAK_ADMIN_PASSWORD", "x",
            "REALM_FILE", realm.toString(),
            "KEYCLOAK_WAIT", "0");
    assertThat(Jobs.run(new String[] {"realm-init"}, env)).isEqualTo(2);
  }
}
