package io.renku.data.platform;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/** A redirect plan: where an old URL (a Renku v1 project, a GitLab project) now leads. */
public record UrlRedirect(String id, String sourceUrl, String targetUrl, OffsetDateTime updatedAt) {
  public String etag() {
    return ETags.of(updatedAt.toInstant().toString());
  }
}
