/**
 * The data service's background tasks (issue 21): the search indexer that drains {@code
 * search.outbox} into Solr ({@link io.renku.data.tasks.OutboxDrainer}, run by {@link
 * io.renku.data.tasks.SearchIndexer}) and the rebuild of the index from Postgres ({@link
 * io.renku.data.tasks.Reprovision}). Plain Java over JDBC; no Spring.
 */
package io.renku.data.tasks;
