package io.renku.data.dataconnector;

import io.renku.authz.ObjectRef;
import io.renku.core.ETags;
import io.renku.core.Visibility;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A data connector.
 *
 * @param namespaceId the owning user or group namespace, or null
 * @param projectId the owning project, or null
 * @param namespacePath how the API names the owner: {@code user}, {@code group} or {@code
 *     group/project}; null for a global connector (no owner)
 */
public record DataConnector(
    String id,
    String name,
    String namespaceId,
    String projectId,
    String namespacePath,
    String slug,
    Visibility visibility,
    String description,
    List<String> keywords,
    DataConnectorStorage storage,
    String doi,
    String publisherName,
    String publisherUrl,
    String createdBy,
    OffsetDateTime creationDate,
    OffsetDateTime updatedAt) {

  public DataConnector {
    keywords = List.copyOf(keywords);
  }

  public boolean global() {
    return namespaceId == null && projectId == null;
  }

  public String etag() {
    return ETags.of(updatedAt.toInstant().toString(), namespacePath + "/" + slug);
  }

  public ObjectRef authzObject() {
    return DataConnectorRelations.dataConnector(id);
  }
}
