package io.renku.search.builder;

/**
 * The page asked for: {@code page} from 1, {@code perPage} from 1 to 100 (the original's bounds;
 * the controller answers 422 for others, this record refuses them).
 */
public record PageRequest(int page, int perPage) {
  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 100;

  /**
   * Hits beyond this offset are not fetched (the page comes back empty, totals and facets still
   * right): Solr allocates {@code start + rows} slots per query, so a page number in the millions
   * would cost memory for nothing.
   */
  public static final int MAX_OFFSET = 10_000;

  public PageRequest {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1");
    }
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new IllegalArgumentException("per_page must be between 1 and " + MAX_PER_PAGE);
    }
  }

  public static PageRequest first() {
    return new PageRequest(1, DEFAULT_PER_PAGE);
  }

  /** The offset of the page's first hit (a long: page times per_page can exceed an int). */
  public long offset() {
    return (long) (page - 1) * perPage;
  }

  /** Whether the page lies within {@link #MAX_OFFSET} and is fetched. */
  public boolean fetched() {
    return offset() + perPage <= MAX_OFFSET;
  }
}
