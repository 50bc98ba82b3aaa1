package io.renku.search.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on Solr in process ({@link EmbeddedSolr}, local mode). */
class EmbeddedSolrIndexTest extends SolrIndexContract {
  static Path home;
  static SolrClient solr;

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("renku-solr-embedded");
    long t0 = System.nanoTime();
    solr = SolrClients.embedded(home, "renku-search");
    SolrSchema.Result first = SolrSchema.apply(solr);
    System.out.printf(
        "embedded Solr: started and schema applied (%d commands) in %d ms%n",
        first.commandsRun(), (System.nanoTime() - t0) / 1_000_000);
    assertThat(first.fromVersion()).isEqualTo(-1);
    assertThat(first.reindexNeeded()).isFalse();
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @Override
  SolrClient solr() {
    return solr;
  }

  @Test
  void anIndexSurvivesARestartWithItsSchema() throws Exception {
    Path other = Files.createTempDirectory("renku-solr-restart");
    var doc = project(fresh("ns"), "p", "persisted", Visibility.PUBLIC, Members.NONE);
    try (SolrClient first = SolrClients.embedded(other, "c")) {
      SolrSchema.apply(first);
      SolrIndex index = new SolrIndex(first, COMMIT_WITHIN);
      index.upsert(java.util.List.of(doc));
      index.commit();
    }
    try (SolrClient again = SolrClients.embedded(other, "c")) {
      assertThat(SolrSchema.apply(again).commandsRun()).isZero();
      assertThat(new SolrIndex(again, COMMIT_WITHIN).get(doc.id())).isEqualTo(doc);
    }
  }
}
