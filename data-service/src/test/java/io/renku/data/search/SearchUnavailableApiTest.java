package io.renku.data.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search without an index: none configured, and one that stops. Both are 503 with the error
 * envelope and no stack trace; the rest of the service goes on answering.
 */
class SearchUnavailableApiTest extends ApiTest {
  @Autowired ConfigurableApplicationContext context;

  @Test
  void withoutSolrSearchIs503NotConfigured() {
    var r = api.anonymous().get("search/query?q=numpy");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.errorCode()).isEqualTo(1503);
    assertThat(r.json().path("error").path("message").asString()).contains("not configured");
    assertThat(api.anonymous().get("version").status()).isEqualTo(200);
  }

  @Test
  void aStoppedSolrIs503WithoutAStackTrace() throws Exception {
    try (SearchTestIndex index = new SearchTestIndex(context)) {
      assertThat(api.anonymous().get("search/query?q=numpy").status()).isEqualTo(200);
      index.stopSolr();
      for (var caller : java.util.List.of(api.anonymous(), api.as(TestUser.random("down")))) {
        var r = caller.get("search/query?q=numpy&include_counts=true");
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo(1503);
        assertThat(r.json().path("error").path("message").asString())
            .contains("not reachable")
            .doesNotContain("Exception");
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("solr.");
      }
    }
  }
}
