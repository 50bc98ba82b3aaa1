package io.renku.search.solr;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The index operations the platform needs: write and delete documents (searchable within the commit
 * bound, without a hard commit per change) and a plain free-text search. The query builder for the
 * search language sits on top of {@link #search}.
 */
public final class SolrIndex {
  private final SolrClient solr;
  private final int commitWithinMs;

  /** {@code commitWithin}: the bound after which a change is searchable (Solr's commitWithin). */
  public SolrIndex(SolrClient solr, Duration commitWithin) {
    this.solr = solr;
    this.commitWithinMs = Math.toIntExact(commitWithin.toMillis());
  }

  public SolrClient client() {
    return solr;
  }

  /** Adds or replaces documents by id. */
  public void upsert(Collection<? extends SearchDocument> docs) throws IOException {
    if (docs.isEmpty()) {
      return;
    }
    List<SolrInputDocument> input = new ArrayList<>(docs.size());
    docs.forEach(d -> input.add(d.toSolr()));
    try {
      solr.add(input, commitWithinMs);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot write " + docs.size() + " search documents", e);
    }
  }

  /** Removes the documents with these ids (absent ids are ignored). */
  public void delete(Collection<String> ids) throws IOException {
    if (ids.isEmpty()) {
      return;
    }
    try {
      solr.deleteById(List.copyOf(ids), commitWithinMs);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot delete search documents", e);
    }
  }

  /**
   * Removes every entity document under a namespace path: the ones whose namespace path is it or
   * starts with {@code it + "/"} (a group's projects and their connectors), not the namespace's own
   * document and not a sibling whose path only shares the prefix ({@code ab} under {@code a}).
   */
  public void deleteUnderNamespace(String namespacePath) throws IOException {
    String escaped = ClientUtils.escapeQueryChars(namespacePath);
    String query =
        SolrFields.NAMESPACE_PATH
            + ":"
            + escaped
            + " OR "
            + SolrFields.NAMESPACE_PATH
            + ":"
            + escaped
            + "\\/*";
    try {
      solr.deleteByQuery(query, commitWithinMs);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot delete the search documents under " + namespacePath, e);
    }
  }

  /** Makes every change so far searchable now (tests, reprovisioning). */
  public void commit() throws IOException {
    try {
      solr.commit(true, true, true);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot commit the search index", e);
    }
  }

  /** Reads one document back by id (real-time get: sees uncommitted changes), or null. */
  public SearchDocument get(String id) throws IOException {
    try {
      SolrDocument doc = solr.getById(id);
      return doc == null || doc.getFirstValue(SolrFields.TYPE) == null
          ? null
          : SearchDocument.fromSolr(doc);
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot read search document " + id, e);
    }
  }

  /** One hit: the document's id, type and score. */
  public record Hit(String id, EntityType type, float score) {}

  /** A page of hits and the number of all matches. */
  public record Page(List<Hit> hits, long total) {}

  /**
   * Free text over the copy field {@code content_all} (blank: everything), restricted to entity
   * documents and by {@code filter} (a Solr query, e.g. the visibility filter; null for none),
   * ordered by score, then id for a stable order.
   */
  public Page search(String text, String filter, int offset, int limit) throws IOException {
    SolrQuery q = new SolrQuery();
    if (text == null || text.isBlank()) {
      q.setQuery("*:*");
    } else {
      q.setQuery(ClientUtils.escapeQueryChars(text.strip()).replace("\\ ", " "));
      q.set("defType", "edismax");
      q.set("qf", SolrFields.CONTENT_ALL);
      q.set("q.op", "AND");
    }
    q.addFilterQuery(SolrFields.TYPE + ":*");
    if (filter != null && !filter.isBlank()) {
      q.addFilterQuery(filter);
    }
    q.setFields(SolrFields.ID, SolrFields.TYPE, SolrFields.SCORE);
    q.setStart(offset);
    q.setRows(limit);
    q.addSort(SolrFields.SCORE, SolrQuery.ORDER.desc);
    q.addSort(SolrFields.ID, SolrQuery.ORDER.asc);
    try {
      QueryResponse response = solr.query(q);
      List<Hit> hits = new ArrayList<>();
      for (SolrDocument d : response.getResults()) {
        hits.add(
            new Hit(
                (String) d.getFirstValue(SolrFields.ID),
                EntityType.fromSolr((String) d.getFirstValue(SolrFields.TYPE)),
                ((Number) d.getFirstValue(SolrFields.SCORE)).floatValue()));
      }
      return new Page(List.copyOf(hits), response.getResults().getNumFound());
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("search failed", e);
    }
  }
}
