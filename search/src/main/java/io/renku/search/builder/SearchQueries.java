package io.renku.search.builder;

import io.renku.search.query.Query;
import io.renku.search.solr.EntityType;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.SolrFields;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.PivotField;
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
        builder.build(
            query,
            caller,
            page,
            resolve(SearchQueryBuilder.usernames(query)),
            wordsFound(SearchQueryBuilder.fuzzyWords(query), caller));
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

  /**
   * The documents a page of hits refers to, in one request: the namespaces whose {@code path} is
   * one of {@code namespacePaths} (users, groups, and projects as namespaces of data connectors)
   * and the users whose id is one of {@code userIds} (creators). The caller's visibility filter
   * applies, so a private project the caller may not read is not returned as a namespace.
   */
  public List<SearchDocument> namespacesAndUsers(
      Collection<String> namespacePaths, Collection<String> userIds, Caller caller)
      throws IOException {
    List<String> either = new ArrayList<>();
    if (!namespacePaths.isEmpty()) {
      either.add(
          "("
              + SolrFields.IS_NAMESPACE
              + ":true AND "
              + SolrSyntax.isAny(SolrFields.PATH, List.copyOf(namespacePaths))
              + ")");
    }
    if (!userIds.isEmpty()) {
      either.add(
          "("
              + SolrFields.TYPE
              + ":"
              + EntityType.USER.solrName()
              + " AND "
              + SolrSyntax.isAny(SolrFields.ID, List.copyOf(userIds))
              + ")");
    }
    if (either.isEmpty()) {
      return List.of();
    }
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(SolrFields.TYPE + ":*");
    String visibility = SearchQueryBuilder.visibilityFilter(caller);
    if (visibility != null) {
      q.addFilterQuery(visibility);
    }
    q.addFilterQuery(SolrSyntax.anyOf(either));
    // room for a stale duplicate (a document not yet removed after a rename) beside each one
    q.setRows(2 * (namespacePaths.size() + userIds.size()));
    List<SearchDocument> out = new ArrayList<>();
    for (SolrDocument d : run(q).getResults()) {
      out.add(SearchDocument.fromSolr(d));
    }
    return out;
  }

  /**
   * Per namespace path, how many projects and data connectors the caller may read lie directly in
   * it (for {@code include_counts}): one request, a pivot facet over {@code namespacePath} and
   * {@code _type} under the caller's visibility filter. Namespaces without any are absent.
   */
  public Map<String, Map<EntityType, Long>> countsInNamespaces(
      Collection<String> namespacePaths, Caller caller) throws IOException {
    if (namespacePaths.isEmpty()) {
      return Map.of();
    }
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(
        SolrSyntax.anyOf(
            List.of(
                SolrFields.TYPE + ":" + EntityType.PROJECT.solrName(),
                SolrFields.TYPE + ":" + EntityType.DATA_CONNECTOR.solrName())));
    String visibility = SearchQueryBuilder.visibilityFilter(caller);
    if (visibility != null) {
      q.addFilterQuery(visibility);
    }
    q.addFilterQuery(SolrSyntax.isAny(SolrFields.NAMESPACE_PATH, List.copyOf(namespacePaths)));
    q.setRows(0);
    q.setFacet(true);
    q.setFacetMinCount(1);
    q.setFacetLimit(-1);
    String pivot = SolrFields.NAMESPACE_PATH + "," + SolrFields.TYPE;
    q.addFacetPivotField(pivot);
    Map<String, Map<EntityType, Long>> out = new HashMap<>();
    List<PivotField> byPath = run(q).getFacetPivot().get(pivot);
    if (byPath != null) {
      for (PivotField path : byPath) {
        Map<EntityType, Long> counts = new EnumMap<>(EntityType.class);
        if (path.getPivot() != null) {
          for (PivotField type : path.getPivot()) {
            counts.put(EntityType.fromSolr(type.getValue().toString()), (long) type.getCount());
          }
        }
        out.put(path.getValue().toString(), counts);
      }
    }
    return out;
  }

  /**
   * The words that documents the caller may read hold as typed: those need no fuzzy matching (one
   * request with a facet query per word, under the caller's visibility filter).
   */
  private Set<String> wordsFound(List<String> words, Caller caller) throws IOException {
    if (words.isEmpty()) {
      return Set.of();
    }
    Map<String, Integer> counts = run(SearchQueryBuilder.wordCounts(words, caller)).getFacetQuery();
    Set<String> found = new HashSet<>();
    for (int i = 0; i < words.size(); i++) {
      Integer n = counts == null ? null : counts.get("w" + i);
      if (n != null && n > 0) {
        found.add(words.get(i));
      }
    }
    return found;
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
