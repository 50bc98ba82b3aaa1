package io.renku.search.solr;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;

/**
 * The two ways the platform reaches Solr; everything else sees only {@link SolrClient} bound to the
 * one core (collection) that holds the search documents.
 */
public final class SolrClients {
  private SolrClients() {}

  /** Local mode: an embedded Solr whose home (and index) is {@code home}. */
  public static SolrClient embedded(Path home, String core) {
    return EmbeddedSolr.start(home, core);
  }

  /**
   * A Solr (or SolrCloud) reached over HTTP, e.g. {@code http://solr:8983/solr}, with the core or
   * collection {@code core}. The JDK's HTTP client keeps Jetty's client out of the platform.
   */
  public static SolrClient http(URI baseUrl, String core, Duration timeout) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return new HttpJdkSolrClient.Builder(base)
        .withDefaultCollection(core)
        .withConnectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .withRequestTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
  }
}
