package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import io.renku.search.solr.UserDocument;
import io.renku.search.solr.Visibility;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The indexer against a real Postgres with the data service's schema and an embedded Solr. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SearchIndexerTest {
  static final Duration COMMIT_WITHIN = Duration.ofMillis(200);

  static SolrClient solr;
  static SolrIndex index;
  static DataSource db;

  Fixtures data;
  MutableClock clock;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.get().dataSource();
    solr = SolrClients.embedded(Files.createTempDirectory("renku-data-tasks-solr"), "search");
    SolrSchema.apply(solr);
    index = new SolrIndex(solr, COMMIT_WITHIN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @BeforeEach
  void clean() throws Exception {
    TestDatabase.get()
        .execute(
            "TRUNCATE search.outbox, authz.relationships, users.users, common.groups,"
                + " common.namespaces, projects.projects, storage.data_connectors CASCADE");
    solr.deleteByQuery("_type:*");
    index.commit();
    data = new Fixtures(db);
    // ahead of the database's now(), so that every row the test writes is due
    clock = new MutableClock(Instant.now().plusSeconds(5));
  }

  OutboxDrainer drainer(SolrIndex to, int batch) {
    return new OutboxDrainer(db, to, new EntityReader(), clock, batch);
  }

  @Test
  void aProjectWithItsMembersAppearsAfterADrain() throws Exception {
    String alice = data.user("alice", "Alice", "Liddell");
    String bob = data.user("bob", "Bob", null);
    String carol = data.user("carol", "Carol", null);
    String lab = data.group("lab", "The Lab", alice);
    data.role("group", lab, "viewer", bob);
    String project = data.project("lab", "atlas", "private", carol);
    data.role("project", project, "viewer", alice); // owner of the group: the higher role wins
    String connector = data.connector(null, project, "raw", carol);
    String own = data.connector("bob", null, "mine", bob);
    // two rows for the project: one write
    data.outbox("project", project, "upsert");
    data.outbox("project", project, "upsert");
    data.outbox("group", lab, "upsert");
    data.outbox("user", alice, "upsert");
    data.outbox("data_connector", connector, "upsert");
    data.outbox("data_connector", own, "upsert");

    assertThat(drainer(index, 200).drainOnce()).isEqualTo(6);

    assertThat(data.outboxRows()).isEmpty();
    assertThat(index.get(project))
        .isEqualTo(
            new ProjectDocument(
                project,
                "atlas",
                "Project atlas",
                "lab",
                Visibility.PRIVATE,
                carol,
                Fixtures.CREATED,
                List.of("https://example.org/r.git"),
                "a project",
                List.of("alpha", "zeta"),
                new Members(
                    Set.of(alice, carol), Set.of(), Set.of(bob), Set.of(carol, alice, lab))));
    assertThat(index.get(lab))
        .isEqualTo(
            new GroupDocument(
                lab,
                "lab",
                "The Lab",
                "about The Lab",
                new Members(Set.of(alice), Set.of(), Set.of(bob), Set.of(alice, bob))));
    assertThat(index.get(alice)).isEqualTo(new UserDocument(alice, "alice", "Alice", "Liddell"));
    DataConnectorDocument raw = (DataConnectorDocument) index.get(connector);
    assertThat(raw.namespacePath()).isEqualTo("lab/atlas");
    assertThat(raw.path()).isEqualTo("lab/atlas/raw");
    // the project's members read the connectors in it (non_public_read through the namespace)
    assertThat(raw.members().readers()).containsExactlyInAnyOrder(alice, bob, carol);
    assertThat(raw.members().direct()).isEmpty();
    DataConnectorDocument mine = (DataConnectorDocument) index.get(own);
    assertThat(mine.namespacePath()).isEqualTo("bob");
    assertThat(mine.members().owners()).containsExactly(bob);
  }

  @Test
  void aDeletedEntityIsRemovedAndALateUpsertDoesNotBringItBack() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String project = data.project("alice", "p1", "public", alice);
    data.outbox("project", project, "upsert");
    drainer(index, 200).drainOnce();
    assertThat(index.get(project)).isNotNull();

    data.update("DELETE FROM projects.projects WHERE id = ?", project);
    data.outbox("project", project, "delete");
    // a row of an older change drained after the delete: the current state (gone) decides
    data.outbox("project", project, "upsert");
    assertThat(drainer(index, 200).drainOnce()).isEqualTo(2);

    assertThat(index.get(project)).isNull();
    assertThat(data.outboxRows()).isEmpty();
  }

  @Test
  void aNamespaceDeleteRemovesEverythingUnderItsPathOnly() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String lab = data.group("lab", "Lab", alice);
    String labx = data.group("labx", "Lab X", alice);
    String inLab = data.project("lab", "p", "public", alice);
    String connectorInLab = data.connector(null, inLab, "c", alice);
    String inLabx = data.project("labx", "p", "public", alice);
    String ownOfAlice = data.project("alice", "lab", "public", alice);
    for (String p : List.of(inLab, inLabx, ownOfAlice)) {
      data.outbox("project", p, "upsert");
    }
    data.outbox("data_connector", connectorInLab, "upsert");
    data.outbox("group", lab, "upsert");
    data.outbox("group", labx, "upsert");
    drainer(index, 200).drainOnce();
    index.commit();
    assertThat(index.get(connectorInLab)).isNotNull();

    // the data service deletes the group (its namespace and projects cascade) and writes one row
    data.update("DELETE FROM common.groups WHERE id = ?", lab);
    data.outbox("group", lab, "delete", "lab");
    assertThat(drainer(index, 200).drainOnce()).isEqualTo(1);
    index.commit();

    assertThat(index.get(lab)).isNull();
    assertThat(index.get(inLab)).isNull();
    assertThat(index.get(connectorInLab)).isNull();
    assertThat(index.get(labx)).isNotNull();
    assertThat(index.get(inLabx)).isNotNull();
    assertThat(index.get(ownOfAlice)).isNotNull();
  }

  @Test
  void whileSolrIsDownRowsStayWithBackoffAndDrainOnceItIsBack() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String p1 = data.project("alice", "p1", "public", alice);
    String p2 = data.project("alice", "p2", "private", alice);
    data.outbox("project", p1, "upsert");
    data.outbox("project", p2, "upsert");
    // nothing listens on port 1 of the loopback address: every request is refused
    try (SolrClient dead =
        SolrClients.http(URI.create("http://127.0.0.1:1/solr"), "search", Duration.ofSeconds(2))) {
      OutboxDrainer failing = drainer(new SolrIndex(dead, COMMIT_WITHIN), 200);

      assertThat(failing.drainOnce()).isEqualTo(2);
      Instant first = clock.instant();
      assertThat(data.outboxRows())
          .hasSize(2)
          .allSatisfy(
              r -> {
                assertThat(r.attempts()).isEqualTo(1);
                assertThat(r.lastError()).isNotBlank().hasSizeLessThanOrEqualTo(500);
                assertThat(r.nextAttemptAt()).isEqualTo(first.plusSeconds(1));
              });
      // not due yet: nothing taken
      assertThat(failing.drainOnce()).isZero();

      clock.advance(Duration.ofSeconds(1));
      assertThat(failing.drainOnce()).isEqualTo(2);
      assertThat(data.outboxRows())
          .allSatisfy(
              r -> {
                assertThat(r.attempts()).isEqualTo(2);
                assertThat(r.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(2));
              });

      // many failures later the wait stays at a minute
      data.update("UPDATE search.outbox SET attempts = 30");
      clock.advance(Duration.ofSeconds(2));
      assertThat(failing.drainOnce()).isEqualTo(2);
      assertThat(data.outboxRows())
          .allSatisfy(
              r -> assertThat(r.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60)));
    }
    assertThat(index.get(p1)).isNull();

    clock.advance(Duration.ofSeconds(60));
    assertThat(drainer(index, 200).drainOnce()).isEqualTo(2);
    assertThat(data.outboxRows()).isEmpty();
    assertThat(index.get(p1)).isNotNull();
    assertThat(index.get(p2)).isNotNull();
  }

  @Test
  void rowsLockedByAnotherDrainerAreSkippedNotWaitedFor() throws Exception {
    String alice = data.user("alice", "Alice", null);
    for (int i = 0; i < 10; i++) {
      data.outbox("project", data.project("alice", "p" + i, "public", alice), "upsert");
    }
    List<Long> ids = data.outboxRows().stream().map(Fixtures.OutboxState::id).toList();
    try (Connection other = db.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement ps =
          other.prepareStatement("SELECT id FROM search.outbox WHERE id <= ? FOR UPDATE")) {
        ps.setLong(1, ids.get(2));
        ps.executeQuery().close();
      }
      assertThat(drainer(index, 200).drainOnce()).isEqualTo(7);
      assertThat(data.outboxRows())
          .extracting(Fixtures.OutboxState::id)
          .isEqualTo(ids.subList(0, 3));
      other.commit();
    }
    assertThat(drainer(index, 200).drainOnce()).isEqualTo(3);
    assertThat(data.outboxRows()).isEmpty();
  }

  @Test
  void twoDrainersAtOnceTakeEachRowOnce() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String project = data.project("alice", "p", "public", alice);
    int rows = 400;
    for (int i = 0; i < rows; i++) {
      data.outbox("project", project, "upsert");
    }
    Callable<Integer> drainAll =
        () -> {
          OutboxDrainer d = drainer(index, 7);
          int total = 0;
          for (int n = d.drainOnce();
              (n > 0 || !data.outboxRows().isEmpty()) && !Thread.interrupted();
              n = d.drainOnce()) {
            total += n;
          }
          return total;
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> a = pool.submit(drainAll);
      Future<Integer> b = pool.submit(drainAll);
      // a row taken twice would count twice
      assertThat(a.get() + b.get()).isEqualTo(rows);
    } finally {
      pool.shutdownNow();
    }
    assertThat(data.outboxRows()).isEmpty();
    assertThat(index.get(project)).isNotNull();
  }

  @Test
  void reprovisionIndexesEverythingAndRemovesStaleDocuments() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String bob = data.user("bob", "Bob", null);
    String lab = data.group("lab", "Lab", alice);
    List<String> projects = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      projects.add(data.project(i % 2 == 0 ? "lab" : "bob", "p" + i, "public", alice));
    }
    String connector = data.connector("lab", null, "c", alice);
    // in the index but not in Postgres any more (e.g. a change lost before the outbox existed)
    var stale =
        new ProjectDocument(
            Fixtures.id(),
            "gone",
            "Gone",
            "lab",
            Visibility.PUBLIC,
            alice,
            Fixtures.CREATED,
            List.of(),
            null,
            List.of(),
            null);
    index.upsert(List.of(stale));
    index.commit();

    Reprovision.Result result = new Reprovision(db, index, new EntityReader(), 3).run();

    assertThat(result.written())
        .containsEntry(OutboxEntity.USER, 2)
        .containsEntry(OutboxEntity.GROUP, 1)
        .containsEntry(OutboxEntity.PROJECT, 7)
        .containsEntry(OutboxEntity.DATA_CONNECTOR, 1);
    assertThat(result.removed()).isEqualTo(1);
    assertThat(index.get(stale.id())).isNull();
    for (String id : List.of(alice, bob, lab, connector)) {
      assertThat(index.get(id)).as(id).isNotNull();
    }
    for (String id : projects) {
      assertThat(index.get(id)).as(id).isNotNull();
    }
    assertThat(index.search("", null, 0, 100).total()).isEqualTo(11);
  }

  @Test
  void drainersPauseWhileAReprovisioningHoldsTheIndexLock() throws Exception {
    String alice = data.user("alice", "Alice", null);
    data.outbox("user", alice, "upsert");
    try (Connection reprovisioning = db.getConnection()) {
      try (PreparedStatement ps = reprovisioning.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, IndexLock.KEY);
        ps.execute();
      }
      assertThat(drainer(index, 200).drainOnce()).isZero();
      assertThat(data.outboxRows()).hasSize(1);
    }
    // the lock went with the session
    assertThat(drainer(index, 200).drainOnce()).isEqualTo(1);
    assertThat(index.get(alice)).isNotNull();
  }

  @Test
  void theSchedulerDrainsWithoutBeingAsked() throws Exception {
    String alice = data.user("alice", "Alice", null);
    data.outbox("user", alice, "upsert");
    try (SearchIndexer indexer = new SearchIndexer(drainer(index, 200), Duration.ofMillis(20))) {
      indexer.start();
      // no timing asserted: wait for the outcome, as long as it takes (the test's own timeout)
      while (!data.outboxRows().isEmpty()) {
        Thread.sleep(20);
      }
    }
    assertThat(index.get(alice)).isEqualTo(new UserDocument(alice, "alice", "Alice", null));
  }

  @Test
  void errorsAreShortAndDropUserInformationFromUrls() {
    var e =
        new java.io.IOException(
            "cannot write", new RuntimeException("refused http://admin:s3cret@solr:8983/solr"));
    assertThat(OutboxDrainer.shortError(e))
        .isEqualTo("IOException cannot write: RuntimeException refused http://solr:8983/solr")
        .doesNotContain("s3cret");
  }
}
