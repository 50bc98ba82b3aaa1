package io.renku.data.search;

import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.apache.solr.client.solrj.SolrClient;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real embedded Solr in a temporary directory for one test class, registered in the shared
 * service context as the launcher registers its own ({@code searchSolrClient}, found through {@link
 * SearchIndexAccess}), and taken out and closed again afterwards: the other test classes share the
 * context and never pay for a Solr.
 */
final class SearchTestIndex implements AutoCloseable {
  static final String BEAN = "searchSolrClient";

  private final DefaultListableBeanFactory beans;
  private final SolrClient client;
  private final SolrIndex index;
  private boolean closed;

  SearchTestIndex(ConfigurableApplicationContext context) {
    this.beans = (DefaultListableBeanFactory) context.getBeanFactory();
    try {
      Path home = Files.createTempDirectory("renku-search-test");
      this.client = SolrClients.embedded(home, "renku-search");
      SolrSchema.apply(client);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.index = new SolrIndex(client, Duration.ofSeconds(1));
    beans.registerSingleton(BEAN, client);
  }

  /** Writes the documents and makes them searchable now. */
  void write(Collection<? extends SearchDocument> docs) {
    try {
      index.upsert(docs);
      index.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes Solr but leaves it registered: the service then holds a client that fails. */
  void stopSolr() throws IOException {
    if (!closed) {
      closed = true;
      client.close();
    }
  }

  @Override
  public void close() throws IOException {
    if (beans.containsSingleton(BEAN)) {
      beans.destroySingleton(BEAN);
    }
    stopSolr();
  }
}
