package io.renku.search.builder;

import io.renku.search.solr.SearchDocument;
import java.util.List;
import java.util.Map;

/**
 * One page of search results as the original's {@code SearchResult}: the items (documents with
 * their scores), the facets over all matches (not only the page) and the paging information.
 */
public record SearchResult(List<Item> items, Facets facets, PagingInfo pagingInfo) {
  public SearchResult {
    items = List.copyOf(items);
  }

  /** A hit: the document read back and its relevance score. */
  public record Item(SearchDocument document, float score) {}

  /**
   * Counts per entity type ({@code Project}, {@code User}, {@code Group}, {@code DataConnector};
   * all four present, zero when none) and per keyword (lower case, as the keyword field stores
   * them; only keywords that occur), as {@code facets.entityType} and {@code facets.keywords}.
   */
  public record Facets(Map<String, Long> entityType, Map<String, Long> keywords) {
    public Facets {
      entityType = Map.copyOf(entityType);
      keywords = Map.copyOf(keywords);
    }
  }

  /**
   * {@code pagingInfo}: {@code page.limit} is per_page, {@code page.offset} the first hit's offset,
   * {@code totalResult} all matches, {@code totalPages} at least 0, {@code prevPage}/{@code
   * nextPage} null when there is none. Also the {@code x-page}, {@code x-per-page}, {@code x-total}
   * and {@code x-total-pages} headers.
   */
  public record PagingInfo(
      int page,
      int perPage,
      long totalResult,
      long totalPages,
      Integer prevPage,
      Integer nextPage) {

    public static PagingInfo of(PageRequest request, long total) {
      long pages = (total + request.perPage() - 1) / request.perPage();
      Integer prev = request.page() > 1 ? request.page() - 1 : null;
      Integer next = request.page() < pages ? request.page() + 1 : null;
      return new PagingInfo(request.page(), request.perPage(), total, pages, prev, next);
    }

    public long offset() {
      return (long) (page - 1) * perPage;
    }
  }
}
