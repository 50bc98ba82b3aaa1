package io.renku.data.search;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.solr.client.solrj.SolrClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@link SolrClient} the search endpoints use, from the first of:
 *
 * <ol>
 *   <li>{@code renku.search.solr-url} (+ {@code solr-core}): a Solr over HTTP (a cluster);
 *   <li>{@code renku.search.embedded-dir}: an embedded Solr with its home there, started and closed
 *       by the data service, its schema applied at start;
 *   <li>a {@code SolrClient} bean registered from outside (the launcher's in-process Solr, shared
 *       with the data tasks), looked up on each use so that one registered later is found too;
 * </ol>
 *
 * else search is not configured and the endpoints answer 503. Only a client made here is closed
 * here; one from outside belongs to whoever registered it. Deliberately not a {@code SolrClient}
 * bean itself: it would clash with the one registered from outside.
 */
@Component
public class SearchIndexAccess implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexAccess.class);

  private final SolrClient owned;
  private final ObjectProvider<SolrClient> external;

  public SearchIndexAccess(SearchProperties properties, ObjectProvider<SolrClient> external) {
    this.external = external;
    this.owned = open(properties);
  }

  private static SolrClient open(SearchProperties p) {
    if (p.solrUrl() != null) {
      log.info("Search: Solr at {} (core {})", p.solrUrl(), p.solrCore());
      return SolrClients.http(p.solrUrl(), p.solrCore(), p.timeout());
    }
    if (p.embeddedDir() != null) {
      log.info("Search: embedded Solr in {} (core {})", p.embeddedDir(), p.solrCore());
      SolrClient client = SolrClients.embedded(p.embeddedDir(), p.solrCore());
      try {
        SolrSchema.apply(client);
      } catch (IOException e) {
        closeQuietly(client);
        throw new UncheckedIOException("the search schema could not be applied", e);
      }
      return client;
    }
    return null;
  }

  /** The client, or 503 when search is not configured. */
  public SolrClient client() {
    if (owned != null) {
      return owned;
    }
    SolrClient client = external.getIfAvailable();
    if (client == null) {
      throw new RenkuException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "Search is not configured on this platform (no Solr: set renku.search.solr-url or"
              + " renku.search.embedded-dir).");
    }
    return client;
  }

  @Override
  public void destroy() {
    if (owned != null) {
      closeQuietly(owned);
    }
  }

  private static void closeQuietly(SolrClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      log.warn("Closing the search index failed: {}", e.getMessage());
    }
  }
}
