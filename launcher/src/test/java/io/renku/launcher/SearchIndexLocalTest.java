package io.renku.launcher;

import static io.renku.launcher.PlatformRequests.freePort;
import static io.renku.launcher.PlatformRequests.json;
import static io.renku.launcher.PlatformRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.builder.Caller;
import io.renku.search.builder.PageRequest;
import io.renku.search.builder.SearchQueries;
import io.renku.search.builder.SearchResult;
import io.renku.search.query.QueryParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.common.SolrInputDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's search index for real: a project made through the gateway reaches the embedded Solr
 * (outbox, data tasks), and the index lives in the data directory, so a restart keeps it. Its own
 * platform, since it restarts it (the shared attack platform cannot be).
 */
class SearchIndexLocalTest {
  private static final String MARKER = "restart-marker";

  @TempDir Path dataDir;

  @Test
  void aNewProjectIsIndexedAndTheIndexSurvivesARestart() throws Exception {
    int port = freePort();
    LauncherOptions options =
        LauncherOptions.parse(
            new String[] {
              "up",
              "--session-runtime",
              "process",
              "--data-dir",
              dataDir.toString(),
              "--port",
              String.valueOf(port)
            });
    String base = "http://127.0.0.1:" + port + "/api/data/";
    String projectId;
    String userId;
    try (LocalPlatform platform = LocalPlatform.start(options)) {
      assertThat(Files.isDirectory(dataDir.resolve("solr"))).isTrue();
      String token =
          LocalTokens.mint(
              platform.keys(),
              platform.issuer(),
              "alice-id",
              "alice@example.org",
              "Alice",
              "A",
              false,
              Duration.ofHours(1));
      HttpResponse<String> self = send(base + "user", "GET", token, null);
      assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
      userId = json(self).path("id").asString();
      HttpResponse<String> created =
          send(
              base + "projects",
              "POST",
              token,
              "{\"name\":\"Zebrafish atlas\",\"namespace\":\"alice\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      projectId = json(created).path("id").asString();

      // the data tasks drain the outbox row of the creation into Solr within moments
      SolrClient solr = platform.searchSolrClient();
      Instant deadline = Instant.now().plusSeconds(60);
      while (!found(solr, userId, projectId)) {
        assertThat(Instant.now()).as("project indexed in time").isBefore(deadline);
        Thread.sleep(100);
      }
      // private: nobody else finds it
      assertThat(ids(solr, new Caller.Anonymous(), "zebrafish")).doesNotContain(projectId);

      // a document no rebuild makes: only the index on disk can bring it back after a restart
      SolrInputDocument marker = new SolrInputDocument();
      marker.setField("id", MARKER);
      marker.setField("restart_marker_l", 1L);
      solr.add(marker);
      solr.commit();
    }

    try (LocalPlatform platform = LocalPlatform.start(options)) {
      SolrClient solr = platform.searchSolrClient();
      assertThat((Object) solr.getById(MARKER)).as("the index on disk").isNotNull();
      assertThat(found(solr, userId, projectId)).isTrue();
    }
  }

  private static boolean found(SolrClient solr, String userId, String projectId) throws Exception {
    return ids(solr, new Caller.User(userId), "zebrafish").contains(projectId);
  }

  private static List<String> ids(SolrClient solr, Caller caller, String query) throws Exception {
    SearchResult result =
        new SearchQueries(solr, Clock.systemUTC())
            .search(QueryParser.parse(query), caller, PageRequest.first());
    return result.items().stream().map(i -> i.document().id()).toList();
  }
}
