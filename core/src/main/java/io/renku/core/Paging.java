package io.renku.core;

/** A requested page: {@code page} from 1, {@code perPage} from 1 to 100, as in the Renku API. */
public record Paging(int page, int perPage) {
  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 100;

  public Paging {
    if (page < 1) {
      throw RenkuException.validation("page", "must be 1 or more");
    }
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw RenkuException.validation("per_page", "must be between 1 and " + MAX_PER_PAGE);
    }
  }

  public static Paging of(Integer page, Integer perPage) {
    return new Paging(page == null ? 1 : page, perPage == null ? DEFAULT_PER_PAGE : perPage);
  }

  public long offset() {
    return (long) (page - 1) * perPage;
  }
}
