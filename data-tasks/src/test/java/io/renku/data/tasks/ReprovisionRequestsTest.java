package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import io.renku.search.solr.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rebuilds asked for in {@code search.reprovisioning}, against real Postgres and Solr. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReprovisionRequestsTest {
  static SolrClient solr;
  static SolrIndex index;
  static DataSource db;

  Fixtures data;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.get().dataSource();
    solr = SolrClients.embedded(Files.createTempDirectory("renku-reprovision-solr"), "search");
    SolrSchema.apply(solr);
    index = new SolrIndex(solr, Duration.ofMillis(200));
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
            "TRUNCATE search.reprovisioning, search.outbox, authz.relationships, users.users,"
                + " common.groups, common.namespaces, projects.projects, storage.data_connectors"
                + " CASCADE");
    solr.deleteByQuery("_type:*");
    index.commit();
    data = new Fixtures(db);
  }

  ReprovisionRequests requests(int pageSize, Reprovision.PageCheck afterPage) {
    return new ReprovisionRequests(
        db,
        new Reprovision(db, index, new EntityReader(), pageSize),
        Duration.ofSeconds(1),
        1,
        afterPage);
  }

  int requestRows() throws SQLException {
    try (var c = db.getConnection();
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM search.reprovisioning")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void aRequestedRebuildRunsAndItsRowIsDeleted() throws Exception {
    String alice = data.user("alice", "Alice", null);
    String project = data.project("alice", "p1", "public", alice);
    // a document of nothing in Postgres: the sweep of a finished rebuild removes it
    index.upsert(List.of(stale(alice)));
    index.commit();

    try (ReprovisionRequests requests = requests(1, d -> true)) {
      assertThat(requests.pollOnce()).as("nothing asked for yet").isEmpty();
      String id = ReprovisionRequests.request(db, "admin-id").orElseThrow();

      ReprovisionRequests.Outcome outcome = requests.pollOnce().orElseThrow();

      assertThat(outcome.requestId()).isEqualTo(id);
      assertThat(outcome.result().cancelled()).isFalse();
      assertThat(outcome.result().total()).isEqualTo(2);
      assertThat(outcome.result().removed()).isEqualTo(1);
      assertThat(requestRows()).isZero();
      assertThat(index.get(alice)).isNotNull();
      assertThat(index.get(project)).isNotNull();
      assertThat(index.get("stale-project")).isNull();
      assertThat(requests.pollOnce()).as("done: nothing more to do").isEmpty();
    }
  }

  @Test
  void deletingTheRequestDuringARebuildStopsItAfterThePage() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add(data.user("user" + i, "User", String.valueOf(i)));
    }
    index.upsert(List.of(stale(users.getFirst())));
    index.commit();
    ReprovisionRequests.request(db, "admin-id").orElseThrow();
    // an admin's DELETE /search/reprovision while the second page (documents 3 and 4) is written
    Reprovision.PageCheck adminDeletes =
        documents -> {
          if (documents == 4) {
            data.update("DELETE FROM search.reprovisioning");
          }
          return true;
        };

    try (ReprovisionRequests requests = requests(2, adminDeletes)) {
      ReprovisionRequests.Outcome outcome = requests.pollOnce().orElseThrow();

      assertThat(outcome.result().cancelled()).isTrue();
      assertThat(outcome.result().total()).isEqualTo(4);
      assertThat(outcome.result().removed()).isZero();
    }
    // the documents written so far stay, the rest was not written, and no sweep ran
    List<String> indexed = new ArrayList<>();
    for (String u : users) {
      if (index.get(u) != null) {
        indexed.add(u);
      }
    }
    assertThat(indexed).hasSize(4);
    assertThat(index.get("stale-project")).isNotNull();
    assertThat(requestRows()).isZero();
  }

  @Test
  void closingDuringARebuildStopsItAndKeepsTheRequestForTheNextStart() throws Exception {
    for (int i = 0; i < 6; i++) {
      data.user("user" + i, "User", String.valueOf(i));
    }
    String id = ReprovisionRequests.request(db, "admin-id").orElseThrow();
    ReprovisionRequests[] self = {null};
    Reprovision.PageCheck stopAfterFirstPage =
        documents -> {
          self[0].close();
          return true;
        };
    try (ReprovisionRequests requests = requests(2, stopAfterFirstPage)) {
      self[0] = requests;
      Optional<ReprovisionRequests.Outcome> outcome = requests.pollOnce();

      assertThat(outcome.orElseThrow().result().cancelled()).isTrue();
      assertThat(outcome.orElseThrow().result().total()).isEqualTo(2);
    }
    assertThat(requestRows()).isOne();
    // the next start runs it whole
    try (ReprovisionRequests again = requests(2, d -> true)) {
      ReprovisionRequests.Outcome outcome = again.pollOnce().orElseThrow();
      assertThat(outcome.requestId()).isEqualTo(id);
      assertThat(outcome.result().cancelled()).isFalse();
      assertThat(outcome.result().total()).isEqualTo(6);
    }
    assertThat(requestRows()).isZero();
  }

  @Test
  void thereIsAtMostOneRequest() throws Exception {
    String first = ReprovisionRequests.request(db, "admin-id").orElseThrow();

    assertThat(ReprovisionRequests.request(db, "someone-else")).isEmpty();
    assertThatThrownBy(
            () ->
                data.update(
                    "INSERT INTO search.reprovisioning (id, requested_by) VALUES (?, ?)",
                    Fixtures.id(),
                    "direct"))
        .hasRootCauseInstanceOf(SQLException.class);
    assertThat(requestRows()).isOne();
    try (var c = db.getConnection();
        var rs = c.createStatement().executeQuery("SELECT id FROM search.reprovisioning")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(first);
    }
  }

  @Test
  void aSecondPollerDoesNotRunARebuildWhileOneRuns() throws Exception {
    data.user("alice", "Alice", null);
    data.user("bob", "Bob", null);
    ReprovisionRequests.request(db, "admin-id").orElseThrow();
    List<Optional<ReprovisionRequests.Outcome>> second = new ArrayList<>();
    try (ReprovisionRequests other = requests(1, d -> true);
        ReprovisionRequests requests =
            requests(
                1,
                documents -> {
                  if (documents == 1) {
                    try {
                      second.add(other.pollOnce());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                  return true;
                })) {
      assertThat(requests.pollOnce().orElseThrow().result().total()).isEqualTo(2);
    }
    assertThat(second).containsExactly(Optional.empty());
  }

  private static ProjectDocument stale(String creator) {
    return new ProjectDocument(
        "stale-project",
        "gone",
        "Gone",
        "alice",
        Visibility.PUBLIC,
        creator,
        Fixtures.CREATED,
        List.of(),
        null,
        List.of(),
        null);
  }
}
