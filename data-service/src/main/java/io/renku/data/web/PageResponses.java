package io.renku.data.web;

import io.renku.core.Page;
import java.util.List;
import org.springframework.http.ResponseEntity;

/**
 * Lists with the Renku paging headers: {@code page}, {@code per-page}, {@code total}, {@code
 * total-pages}.
 */
public final class PageResponses {
  private PageResponses() {}

  public static <T> ResponseEntity<List<T>> of(Page<T> page) {
    return ResponseEntity.ok()
        .header("page", String.valueOf(page.paging().page()))
        .header("per-page", String.valueOf(page.paging().perPage()))
        .header("total", String.valueOf(page.total()))
        .header("total-pages", String.valueOf(page.totalPages()))
        .body(page.items());
  }
}
