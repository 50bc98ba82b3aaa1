package io.renku.data.platform;

import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Redirect plans from old URLs to new locations. Admins write and list them; anyone may look up the
 * plan of one source URL, as in the original (where every caller, also an anonymous visitor, has an
 * id), so that the web application can forward a visitor of an old link.
 */
@Service
public class RedirectService {
  private static final Logger log = LoggerFactory.getLogger(RedirectService.class);

  private final RedirectRepository repository;

  public RedirectService(RedirectRepository repository) {
    this.repository = repository;
  }

  public Page<UrlRedirect> list(ApiUser caller, Paging paging) {
    caller.requireAdmin();
    return repository.list(paging);
  }

  /** 404 also for a source URL no plan could have (it is a lookup, not a write). */
  public UrlRedirect get(String sourceUrl) {
    return repository.find(sourceUrl, false).orElseThrow(() -> missing(sourceUrl));
  }

  @Transactional
  public UrlRedirect create(ApiUser caller, String sourceUrl, String targetUrl) {
    caller.requireAdmin();
    String source = RedirectUrls.source("source_url", sourceUrl);
    String target = RedirectUrls.target("target_url", targetUrl);
    UrlRedirect created =
        repository
            .insert(Ulid.next(), source, target)
            .orElseThrow(
                () ->
                    RenkuException.conflict(
                        "A redirect for source URL '" + source + "' already exists."));
    log.info("Admin {} added a redirect from {} to {}", caller.id(), source, target);
    return created;
  }

  /** Changes the target (null: unchanged); admins only, against the current ETag. */
  @Transactional
  public UrlRedirect update(ApiUser caller, String sourceUrl, String targetUrl, String ifMatch) {
    caller.requireAdmin();
    UrlRedirect current = repository.find(sourceUrl, true).orElseThrow(() -> missing(sourceUrl));
    ETags.requireMatch(ifMatch, current.etag());
    if (targetUrl == null) {
      return current;
    }
    String target = RedirectUrls.target("target_url", targetUrl);
    log.info("Admin {} redirected {} to {}", caller.id(), current.sourceUrl(), target);
    return repository.updateTarget(current.id(), target);
  }

  /** Gone afterwards: no plan is no error (the original's answer), a stale ETag is. */
  @Transactional
  public void delete(ApiUser caller, String sourceUrl, String ifMatch) {
    caller.requireAdmin();
    Optional<UrlRedirect> current = repository.find(sourceUrl, true);
    if (current.isEmpty()) {
      if (ifMatch == null || ifMatch.isBlank()) {
        throw RenkuException.preconditionRequired("If-Match header not provided.");
      }
      return;
    }
    ETags.requireMatch(ifMatch, current.get().etag());
    repository.delete(current.get().id());
    log.info("Admin {} removed the redirect from {}", caller.id(), sourceUrl);
  }

  private static RenkuException missing(String sourceUrl) {
    return RenkuException.notFound(
        "A redirect for '" + sourceUrl + "' does not exist or you do not have access to it.");
  }
}
