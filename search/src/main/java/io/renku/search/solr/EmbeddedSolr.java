package io.renku.search.solr;

import java.nio.file.Path;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.embedded.EmbeddedSolrServer;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrCore;

/**
 * Solr in the platform's own JVM (local mode): a Solr home with one core under the given directory
 * (the data directory), served by {@link EmbeddedSolrServer}. Closing the client shuts the core
 * container down, since the server created it.
 */
public final class EmbeddedSolr {
  private EmbeddedSolr() {}

  /** Starts (or reopens) the core {@code core} under {@code home}; the index lives there too. */
  public static SolrClient start(Path home, String core) {
    SolrConfigset.write(home, core);
    EmbeddedSolrServer server = new EmbeddedSolrServer(home.toAbsolutePath(), core);
    CoreContainer container = server.getCoreContainer();
    try (SolrCore loaded = container.getCore(core)) {
      if (loaded == null) {
        // a core that fails to load is only logged by Solr; fail here rather than on first use
        var failure = container.getCoreInitFailures().get(core);
        closeQuietly(server);
        throw new IllegalStateException(
            "Solr core " + core + " did not load under " + home,
            failure == null ? null : failure.exception);
      }
    }
    return server;
  }

  private static void closeQuietly(SolrClient client) {
    try {
      client.close();
    } catch (Exception ignored) {
      // already failing; the cause above is what matters
    }
  }
}
