package io.renku.data.search;

import io.renku.api.data.api.SearchApi;
import io.renku.api.data.model.PageWithTotals;
import io.renku.api.data.model.ReprovisioningStatus;
import io.renku.api.data.model.SearchResult;
import io.renku.data.web.CurrentUser;
import java.time.ZoneOffset;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /search/query} (with the paging headers) and {@code /search/reprovision}. */
@RestController
public class SearchController implements SearchApi {
  private final SearchService search;
  private final CurrentUser currentUser;

  public SearchController(SearchService search, CurrentUser currentUser) {
    this.search = search;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<SearchResult> searchQuery(
      String q, Integer page, Integer perPage, Boolean includeCounts) {
    int pageNumber = page == null ? 1 : page;
    SearchResult result =
        search.search(
            currentUser.get(),
            q,
            pageNumber,
            perPage == null ? 20 : perPage,
            Boolean.TRUE.equals(includeCounts));
    PageWithTotals p = result.getPagingInfo();
    return ResponseEntity.ok()
        .header("x-page", String.valueOf(pageNumber))
        .header("x-per-page", String.valueOf(p.getPage().getLimit()))
        .header("x-total", String.valueOf(p.getTotalResult()))
        .header("x-total-pages", String.valueOf(p.getTotalPages()))
        .body(result);
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Reprovisioning> startReprovisioning() {
    Reprovisioning r = search.startReprovisioning(currentUser.get());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new io.renku.api.data.model.Reprovisioning(
                r.id(), r.startDate().atOffset(ZoneOffset.UTC)));
  }

  @Override
  public ResponseEntity<ReprovisioningStatus> getReprovisioning() {
    Reprovisioning r = search.reprovisioning(currentUser.get());
    return ResponseEntity.ok(
        new ReprovisioningStatus(r.id(), r.startDate().atOffset(ZoneOffset.UTC)));
  }

  @Override
  public ResponseEntity<Void> stopReprovisioning() {
    search.stopReprovisioning(currentUser.get());
    return ResponseEntity.noContent().build();
  }
}
