package io.renku.data.tasks;

/**
 * One row of {@code search.outbox}: which entity changed and how; never the document itself.
 *
 * @param namespacePath for the delete of a user's or group's namespace: every document under this
 *     path goes too; null otherwise
 */
record OutboxRow(
    long id, OutboxEntity entity, String entityId, boolean delete, String namespacePath) {}
