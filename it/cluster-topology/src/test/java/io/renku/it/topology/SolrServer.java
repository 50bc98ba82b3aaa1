package io.renku.it.topology;

import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrConfigset;
import io.renku.search.solr.SolrSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A real Solr (its own Jetty runner, as the search module's tests start it) with the search
 * module's configset and schema. The runner binds loopback only; a relay on the podman network's
 * gateway address lets the containers reach it.
 */
final class SolrServer implements AutoCloseable {
  static final String CORE = "renku-search";
  private final JettySolrRunner jetty;
  private final TcpRelay relay;
  final int port;

  private SolrServer(JettySolrRunner jetty, TcpRelay relay) {
    this.jetty = jetty;
    this.relay = relay;
    this.port = relay.port();
  }

  static SolrServer start(String address) throws Exception {
    Path home = Files.createTempDirectory("renku-topology-solr");
    SolrConfigset.write(home, CORE);
    System.setProperty("solr.install.dir", home.toString());
    JettySolrRunner jetty =
        new JettySolrRunner(
            home.toString(), JettyConfig.builder().setPort(0).setContext("/solr").build());
    jetty.start();
    try (SolrClient solr =
        SolrClients.http(URI.create(jetty.getBaseUrl().toString()), CORE, Duration.ofSeconds(30))) {
      SolrSchema.apply(solr);
    }
    return new SolrServer(jetty, new TcpRelay(address, jetty.getLocalPort()));
  }

  @Override
  public void close() throws Exception {
    relay.close();
    jetty.stop();
  }
}
