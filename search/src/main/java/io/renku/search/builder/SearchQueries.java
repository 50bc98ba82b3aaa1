package io.renku.search.builder;

import io.renku.search.query.Query;
import io.renku.search.solr.EntityType;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrFields;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;

/**
 * Runs a parsed query for a caller against the index: resolves the usernames of member terms (user
 * documents, by slug), builds the Solr query ({@link SearchQueryBuilder}) and reads the answer back
 * into a {@link SearchResult}. Solr failures are {@link IOException}s (the service answers 503).
 */
public final class SearchQueries {
  private final SolrClient solr;
  private final SearchQueryBuilder builder;

  public SearchQueries(SolrClient solr, Clock clock) {
    this.solr = solr;
    this.builder = new SearchQueryBuilder(clock);
  }

  public SearchResult search(Query query, Caller caller, PageRequest page) throws IOException {
    SolrQuery solrQuery =
        builder.build(query, caller, page, resolve(SearchQueryBuilder.usernames(query)));
    QueryResponse response = run(solrQuery);
    List<SearchResult.Item> items = new ArrayList<>();
    for (SolrDocument doc : response.getResults()) {
      Object score = doc.getFirstValue(SolrFields.SCORE);
      items.add(
          new SearchResult.Item(
              SearchDocument.fromSolr(doc), score == null ? 0f : ((Number) score).floatValue()));
    }
    Map<String, Long> types = new LinkedHashMap<>();
    for (EntityType t : EntityType.values()) {
      types.put(t.solrName(), 0L);
    }
    types.putAll(counts(response.getFacetField(SolrFields.TYPE)));
    var facets =
        new SearchResult.Facets(types, counts(response.getFacetField(SolrFields.KEYWORDS)));
    long total = response.getResults().getNumFound();
    return new SearchResult(items, facets, SearchResult.PagingInfo.of(page, total));
  }

  /** Username slug to user id, for those that name a user document. */
  private Map<String, String> resolve(Set<String> usernames) throws IOException {
    if (usernames.isEmpty()) {
      return Map.of();
    }
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(SolrFields.TYPE + ":" + EntityType.USER.solrName());
    q.addFilterQuery(SolrSyntax.isAny(SolrFields.SLUG, List.copyOf(usernames)));
    q.setFields(SolrFields.ID, SolrFields.SLUG);
    q.setRows(usernames.size());
    Map<String, String> ids = new HashMap<>();
    for (SolrDocument d : run(q).getResults()) {
      ids.put((String) d.getFirstValue(SolrFields.SLUG), (String) d.getFirstValue(SolrFields.ID));
    }
    return ids;
  }

  private QueryResponse run(SolrQuery q) throws IOException {
    try {
      // POST: a long query does not fit in a URL
      return solr.query(q, SolrRequest.METHOD.POST);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("search failed", e);
    }
  }

  private static Map<String, Long> counts(FacetField field) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (field != null && field.getValues() != null) {
      field.getValues().forEach(c -> out.put(c.getName(), c.getCount()));
    }
    return out;
  }
}
