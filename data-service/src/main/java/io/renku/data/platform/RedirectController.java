package io.renku.data.platform;

import io.renku.api.data.api.RedirectsApi;
import io.renku.api.data.model.UrlRedirectPlan;
import io.renku.api.data.model.UrlRedirectPlanPatch;
import io.renku.api.data.model.UrlRedirectPlanPost;
import io.renku.core.Paging;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /platform/redirects}. The source URL in the path arrives percent-encoded as one segment
 * ({@code %2Fprojects%2Fns%2Fslug}) and is decoded once by Spring, as the original's {@code
 * unquote}; the containers pass its {@code %2F} through on this path only (decision 0043).
 */
@RestController
public class RedirectController implements RedirectsApi {
  private final RedirectService redirects;
  private final CurrentUser currentUser;

  public RedirectController(RedirectService redirects, CurrentUser currentUser) {
    this.redirects = redirects;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<UrlRedirectPlan>> listRedirects(Integer page, Integer perPage) {
    return PageResponses.of(
        redirects.list(currentUser.get(), Paging.of(page, perPage)).map(RedirectController::dto));
  }

  @Override
  public ResponseEntity<UrlRedirectPlan> createRedirect(UrlRedirectPlanPost body) {
    UrlRedirect r = redirects.create(currentUser.get(), body.getSourceUrl(), body.getTargetUrl());
    return ResponseEntity.status(HttpStatus.CREATED).eTag(r.etag()).body(dto(r));
  }

  @Override
  public ResponseEntity<UrlRedirectPlan> getRedirect(String sourceUrl) {
    return ok(redirects.get(sourceUrl));
  }

  @Override
  public ResponseEntity<UrlRedirectPlan> updateRedirect(
      String sourceUrl, UrlRedirectPlanPatch body, String ifMatch) {
    return ok(redirects.update(currentUser.get(), sourceUrl, body.getTargetUrl(), ifMatch));
  }

  @Override
  public ResponseEntity<Void> deleteRedirect(String sourceUrl, String ifMatch) {
    redirects.delete(currentUser.get(), sourceUrl, ifMatch);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<UrlRedirectPlan> ok(UrlRedirect r) {
    return ResponseEntity.ok().eTag(r.etag()).body(dto(r));
  }

  private static UrlRedirectPlan dto(UrlRedirect r) {
    return new UrlRedirectPlan(r.etag(), r.sourceUrl(), r.targetUrl());
  }
}
