package io.renku.data.legacy;

/**
 * A project created from a Renku v1 project.
 *
 * @param launcherId the launcher the migration made; null when it made none or it was deleted
 */
public record ProjectMigration(long v1Id, String projectId, String launcherId) {}
