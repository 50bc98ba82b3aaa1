package io.renku.data.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Where the data service's Solr comes from: a URL, an embedded home, a bean from outside, none. */
class SearchIndexAccessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static StaticListableBeanFactory noBeans() {
    return new StaticListableBeanFactory();
  }

  @Test
  void aUrlGivesAnHttpClientThatIsClosedWithTheService() {
    var access =
        new SearchIndexAccess(
            new SearchProperties(URI.create("http://127.0.0.1:1/solr/"), "core", null, TIMEOUT),
            noBeans().getBeanProvider(SolrClient.class));
    assertThat(access.client()).isInstanceOf(HttpJdkSolrClient.class);
    access.destroy();
  }

  @Test
  void anEmbeddedDirStartsSolrWithTheSchemaAndTheServiceClosesIt(@TempDir Path home)
      throws Exception {
    var access =
        new SearchIndexAccess(
            new SearchProperties(null, "renku-search", home, TIMEOUT),
            noBeans().getBeanProvider(SolrClient.class));
    assertThat(SolrSchema.currentVersion(access.client())).isEqualTo(SolrSchema.latestVersion());
    access.destroy();
    assertThatThrownBy(() -> SolrSchema.currentVersion(access.client())).isNotNull();
  }

  @Test
  void otherwiseTheClientRegisteredFromOutsideIsUsedAndNotClosed(@TempDir Path home)
      throws Exception {
    try (SolrClient outside = SolrClients.embedded(home, "renku-search")) {
      SolrSchema.apply(outside);
      var beans = noBeans();
      beans.addBean("searchSolrClient", outside);
      var access =
          new SearchIndexAccess(
              new SearchProperties(null, "renku-search", null, TIMEOUT),
              beans.getBeanProvider(SolrClient.class));
      assertThat(access.client()).isSameAs(outside);
      access.destroy();
      assertThat(SolrSchema.currentVersion(outside)).isEqualTo(SolrSchema.latestVersion());
    }
  }

  @Test
  void withNothingSearchIsUnavailable() {
    var access =
        new SearchIndexAccess(
            new SearchProperties(null, "renku-search", null, TIMEOUT),
            noBeans().getBeanProvider(SolrClient.class));
    assertThatThrownBy(access::client)
        .isInstanceOf(RenkuException.class)
        .satisfies(
            e ->
                assertThat(((RenkuException) e).errorCode())
                    .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("not configured");
  }
}
