package io.renku.data.search;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the search index is ({@code renku.search.*}); see {@link SearchIndexAccess} for which
 * setting wins.
 *
 * @param solrUrl a Solr or SolrCloud base URL, e.g. {@code http://solr:8983/solr} (a cluster)
 * @param solrCore the core or collection holding the search documents
 * @param embeddedDir the Solr home of an embedded Solr the data service runs itself
 * @param timeout connection and request timeout towards a Solr over HTTP
 */
@ConfigurationProperties("renku.search")
public record SearchProperties(
    URI solrUrl,
    @DefaultValue("renku-search") String solrCore,
    Path embeddedDir,
    @DefaultValue("10s") Duration timeout) {}
