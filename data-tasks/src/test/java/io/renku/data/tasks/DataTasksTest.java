package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import io.renku.search.solr.UserDocument;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tasks started and stopped as the launcher and {@link Main} do, on real Postgres and Solr. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DataTasksTest {
  static final DataTasksSettings FAST =
      DataTasksSettings.defaults()
          .withIdleDelay(Duration.ofMillis(50))
          .withCommitWithin(Duration.ofMillis(100))
          .withPollInterval(Duration.ofMillis(100));

  SolrClient solr;
  SolrIndex index;
  DataSource db;
  Fixtures data;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.get().dataSource();
    TestDatabase.get()
        .execute(
            "TRUNCATE search.reprovisioning, search.outbox, authz.relationships, users.users,"
                + " common.groups, common.namespaces, projects.projects, storage.data_connectors"
                + " CASCADE");
    // a new, empty core each time
    solr = SolrClients.embedded(Files.createTempDirectory("renku-data-tasks-start"), "search");
    index = new SolrIndex(solr, Duration.ofMillis(100));
    data = new Fixtures(db);
  }

  @AfterEach
  void stop() throws Exception {
    solr.close();
  }

  int count(String sql) throws SQLException {
    try (var c = db.getConnection();
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  boolean indexed(String id) {
    try {
      return index.get(id) != null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int outboxRows() {
    try {
      return count("SELECT count(*) FROM search.outbox");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anEmptyIndexBesideEntitiesIsRebuiltThenChangesAreIndexedUntilClosed() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String project = data.project("alice", "p1", "public", alice);

    try (DataTasks tasks = DataTasks.start(db, solr, FAST)) {
      assertThat(tasks.schema().toVersion()).isEqualTo(SolrSchema.latestVersion());
      assertThat(tasks.rebuildRequested()).isTrue();

      eventually("rebuilt", () -> indexed(alice) && indexed(project));
      eventually(
          "request done",
          () -> {
            try {
              return count("SELECT count(*) FROM search.reprovisioning") == 0;
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });

      // the indexer runs too
      String bob = data.user("bob", "Bob", null);
      data.outbox("user", bob, "upsert");
      eventually("drained", () -> indexed(bob) && outboxRows() == 0);
    }

    // closed: nothing drains any more
    String carol = data.user("carol", "Carol", null);
    data.outbox("user", carol, "upsert");
    Thread.sleep(500); // ten idle delays
    assertThat(outboxRows()).isOne();
    assertThat(indexed(carol)).isFalse();
  }

  @Test
  void noRebuildWhenPostgresHasNoEntitiesOrTheIndexHasDocuments() throws Exception {
    try (DataTasks tasks = DataTasks.start(db, solr, FAST)) {
      assertThat(tasks.rebuildRequested()).isFalse();
    }
    // an entity, and a document in the index (not necessarily its own): the index is in use
    data.user("alice", "Alice", null);
    index.upsert(List.of(new UserDocument(Fixtures.id(), "someone", "Some", null)));
    index.commit();

    try (DataTasks tasks = DataTasks.start(db, solr, FAST)) {
      assertThat(tasks.rebuildRequested()).isFalse();
      assertThat(tasks.schema().commandsRun()).isZero();
    }
    assertThat(count("SELECT count(*) FROM search.reprovisioning")).isZero();
  }

  @Test
  void aSchemaChangeThatNeedsAReindexAsksForARebuildOnce() throws Exception {
    String alice = data.user("alice", "Alice", null);
    SolrSchema.Result applied = SolrSchema.apply(solr);
    index.upsert(List.of(new UserDocument(alice, "alice", "A", null)));
    index.commit();
    SolrSchema.Result needsReindex =
        new SolrSchema.Result(applied.toVersion() - 1, applied.toVersion(), 1, true);

    try (DataTasks tasks =
        DataTasks.start(db, solr, FAST.withPollInterval(Duration.ofHours(1)), needsReindex)) {
      assertThat(tasks.rebuildRequested()).isTrue();
    }
    try (DataTasks tasks =
        DataTasks.start(db, solr, FAST.withPollInterval(Duration.ofHours(1)), needsReindex)) {
      assertThat(tasks.rebuildRequested()).as("asked for already").isFalse();
    }
    assertThat(count("SELECT count(*) FROM search.reprovisioning")).isOne();
  }
}
