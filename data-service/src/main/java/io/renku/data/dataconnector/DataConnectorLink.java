package io.renku.data.dataconnector;

import java.time.OffsetDateTime;

/** A data connector linked to a project: the project's sessions mount it. */
public record DataConnectorLink(
    String id,
    String dataConnectorId,
    String projectId,
    String createdBy,
    OffsetDateTime creationDate) {}
