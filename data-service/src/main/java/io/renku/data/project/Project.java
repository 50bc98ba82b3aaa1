package io.renku.data.project;

import io.renku.core.ETags;
import io.renku.core.Visibility;
import java.time.OffsetDateTime;
import java.util.List;

/** A project, with the slug of the namespace it lives in. */
public record Project(
    String id,
    String name,
    String namespaceId,
    String namespaceSlug,
    String slug,
    Visibility visibility,
    String description,
    List<String> keywords,
    List<String> repositories,
    String documentation,
    String secretsMountDirectory,
    String createdBy,
    OffsetDateTime creationDate,
    OffsetDateTime updatedAt,
    String templateId,
    boolean isTemplate) {

  public Project {
    keywords = List.copyOf(keywords);
    repositories = List.copyOf(repositories);
  }

  /** Changes whenever the project or its path changes. */
  public String etag() {
    return ETags.of(updatedAt.toInstant().toString(), namespaceSlug + "/" + slug);
  }

  public String path() {
    return namespaceSlug + "/" + slug;
  }
}
