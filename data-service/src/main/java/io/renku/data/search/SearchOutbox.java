package io.renku.data.search;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes what changed for the search index into {@code search.outbox} (the contract: type, id,
 * upsert or delete; never a document, the indexer in data-tasks reads the current rows when it
 * drains). The domain services call it inside their own transactions, and it uses the same {@link
 * JdbcClient} as their repositories, so a row is written exactly when the change commits: a change
 * that fails leaves no row, and a committed one always has its row.
 *
 * <p>A leaf: it calls no domain service. The two statements that find what lies under a namespace
 * or project read the projects' and connectors' tables directly, because they only select ids.
 *
 * <p>{@link Propagation#MANDATORY}: a call outside a transaction fails instead of committing a row
 * on its own, so no caller can write the outbox apart from its change.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class SearchOutbox {
  private final JdbcClient jdbc;

  public SearchOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The entity was created or changed (also: its members or its path changed). */
  public void upsert(SearchEntity type, String id) {
    insert(type, id, "upsert", null);
  }

  /** The entity was deleted. */
  public void delete(SearchEntity type, String id) {
    insert(type, id, "delete", null);
  }

  /**
   * A user or group was deleted with its namespace: the indexer removes the entity's document and
   * every document under {@code namespacePath} (the namespace's projects and connectors, which the
   * database removed by cascade).
   */
  public void deleteUnder(SearchEntity type, String id, String namespacePath) {
    insert(type, id, "delete", namespacePath);
  }

  /**
   * A namespace was renamed: the path of every project in it, and of every connector in it or in
   * one of its projects, changed, so each is re-indexed.
   */
  public void upsertAllUnder(String namespaceId) {
    jdbc.sql(
            """
            INSERT INTO search.outbox (entity_type, entity_id, op)
            SELECT 'project', p.id, 'upsert' FROM projects.projects p WHERE p.namespace_id = :ns
            UNION ALL
            SELECT 'data_connector', d.id, 'upsert' FROM storage.data_connectors d
            WHERE d.namespace_id = :ns
               OR d.project_id IN (SELECT id FROM projects.projects WHERE namespace_id = :ns)""")
        .param("ns", namespaceId)
        .update();
  }

  /** A project's path changed (renamed or moved): its connectors' paths changed with it. */
  public void upsertConnectorsOf(String projectId) {
    jdbc.sql(
            """
            INSERT INTO search.outbox (entity_type, entity_id, op)
            SELECT 'data_connector', id, 'upsert' FROM storage.data_connectors
            WHERE project_id = :project""")
        .param("project", projectId)
        .update();
  }

  private void insert(SearchEntity type, String id, String op, String namespacePath) {
    jdbc.sql(
            """
            INSERT INTO search.outbox (entity_type, entity_id, op, namespace_path)
            VALUES (?, ?, ?, ?)""")
        .params(type.value(), id, op, namespacePath)
        .update();
  }
}
