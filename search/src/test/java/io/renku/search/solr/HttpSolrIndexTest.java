package io.renku.search.solr;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a real Solr over HTTP (Solr's own Jetty runner, a free port). */
class HttpSolrIndexTest extends SolrIndexContract {
  static JettySolrRunner jetty;
  static SolrClient solr;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("renku-solr-http");
    SolrConfigset.write(home, "renku-search");
    System.setProperty("solr.install.dir", home.toString());
    long t0 = System.nanoTime();
    jetty =
        new JettySolrRunner(
            home.toString(), JettyConfig.builder().setPort(0).setContext("/solr").build());
    jetty.start();
    long started = System.nanoTime();
    solr =
        SolrClients.http(
            URI.create(jetty.getBaseUrl().toString()), "renku-search", Duration.ofSeconds(30));
    SolrSchema.Result first = SolrSchema.apply(solr);
    System.out.printf(
        "Solr over HTTP: started in %d ms, schema applied (%d commands) in %d ms%n",
        (started - t0) / 1_000_000, first.commandsRun(), (System.nanoTime() - started) / 1_000_000);
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

  @Override
  SolrClient solr() {
    return solr;
  }
}
