package io.renku.data.legacy;

import io.renku.data.dataconnector.DataConnectorStorage;

/**
 * A v1 cloud storage entry of a project.
 *
 * @param projectId the project it belongs to
 * @param projectRef the project as the client named it (answered back as {@code project_id})
 * @param storage where the data is, checked as a data connector's (credentials never kept)
 */
public record LegacyStorage(
    String id, String projectId, String projectRef, String name, DataConnectorStorage storage) {}
