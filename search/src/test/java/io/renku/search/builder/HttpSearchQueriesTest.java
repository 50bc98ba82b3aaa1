package io.renku.search.builder;

import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrConfigset;
import io.renku.search.solr.SolrSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same tests against a real Solr over HTTP (Solr's Jetty runner on a free port): the builder's
 * queries must mean the same to a Solr server as to the embedded one. The static methods hide the
 * embedded ones, so JUnit runs only these.
 */
class HttpSearchQueriesTest extends SearchQueriesTest {
  static JettySolrRunner jetty;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("renku-search-builder-http");
    SolrConfigset.write(home, "renku-search");
    System.setProperty("solr.install.dir", home.toString());
    jetty =
        new JettySolrRunner(
            home.toString(), JettyConfig.builder().setPort(0).setContext("/solr").build());
    jetty.start();
    solr =
        SolrClients.http(
            URI.create(jetty.getBaseUrl().toString()), "renku-search", Duration.ofSeconds(30));
    SolrSchema.apply(solr);
    SearchFixture.load(solr, SearchFixture.ALL);
    queries = new SearchQueries(solr, SearchFixture.CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
    if (jetty != null) {
      jetty.stop();
    }
  }
}
