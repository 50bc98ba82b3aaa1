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
    long started = System.nanoTime();
    SolrSchema.Result first = SolrSchema.apply(solr);
    System.out.printf(
        "embedded Solr: started in %d ms, schema applied (%d commands) in %d ms%n",
        (started - t0) / 1_000_000, first.commandsRun(), (System.nanoTime() - started) / 1_000_000);
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

  @Test
  void anOlderCoreIsUpgradedAndAnInterruptedMigrationCompletes() throws Exception {
    Path other = Files.createTempDirectory("renku-solr-upgrade");
    try (SolrClient core = SolrClients.embedded(other, "c")) {
      // a core written by a platform that knew the schema up to version 13
      SolrSchema.apply(core, 13);
      assertThat(SolrSchema.currentVersion(core)).isEqualTo(13);
      assertThat(fieldType(core, "keywords")).isEqualTo("SearchString");
      assertThat(fieldType(core, "readers")).isNull();

      SolrSchema.Result upgrade = SolrSchema.apply(core);
      assertThat(upgrade.fromVersion()).isEqualTo(13);
      assertThat(upgrade.toVersion()).isEqualTo(SolrSchema.latestVersion());
      assertThat(upgrade.reindexNeeded()).isTrue();
      assertThat(fieldType(core, "keywords")).isEqualTo("Keyword");
      assertThat(fieldType(core, "readers")).isEqualTo("SearchId");

      // a platform stopped after a migration's commands but before it stored the version:
      // the next start re-runs them without tripping over what exists
      SolrSchema.storeVersion(core, 12);
      SolrSchema.Result resumed = SolrSchema.apply(core);
      assertThat(resumed.commandsRun()).isEqualTo(2); // the two field replacements, 14 and 15
      assertThat(SolrSchema.currentVersion(core)).isEqualTo(SolrSchema.latestVersion());
    }
  }

  private static String fieldType(SolrClient core, String field) throws Exception {
    return new org.apache.solr.client.solrj.request.schema.SchemaRequest.Fields()
        .process(core).getFields().stream()
            .filter(f -> field.equals(f.get("name")))
            .map(f -> (String) f.get("type"))
            .findFirst()
            .orElse(null);
  }
}
