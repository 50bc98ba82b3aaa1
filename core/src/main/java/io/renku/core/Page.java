package io.renku.core;

import java.util.List;
import java.util.function.Function;

/** One page of results and the total number of results across all pages. */
public record Page<T>(List<T> items, Paging paging, long total) {
  public Page {
    items = List.copyOf(items);
  }

  public long totalPages() {
    return (total + paging.perPage() - 1) / paging.perPage();
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), paging, total);
  }
}
