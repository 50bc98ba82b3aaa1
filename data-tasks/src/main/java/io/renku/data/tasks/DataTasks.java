package io.renku.data.tasks;

import io.renku.search.solr.SolrFields;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data tasks as one thing to start and stop, the same in the launcher (local mode, in process)
 * and in {@link Main} (a cluster): the Solr schema brought up to date, a rebuild asked for when the
 * index needs one, then the search indexer (draining {@code search.outbox}) and the poller of
 * {@code search.reprovisioning}. {@link #close()} stops both; it does not close the data source or
 * the Solr client, which belong to the caller.
 */
public final class DataTasks implements AutoCloseable {
  /** A safety net only: a rebuild makes its writes visible by its own commit at the end. */
  static final Duration BULK_COMMIT_WITHIN = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(DataTasks.class);

  private final SearchIndexer indexer;
  private final ReprovisionRequests reprovisioning;
  private final SolrSchema.Result schema;
  private final boolean rebuildRequested;

  private DataTasks(
      SearchIndexer indexer,
      ReprovisionRequests reprovisioning,
      SolrSchema.Result schema,
      boolean rebuildRequested) {
    this.indexer = indexer;
    this.reprovisioning = reprovisioning;
    this.schema = schema;
    this.rebuildRequested = rebuildRequested;
  }

  /** Applies the Solr schema, then starts as {@link #start(DataSource, SolrClient, ...)}. */
  public static DataTasks start(DataSource dataSource, SolrClient solr, DataTasksSettings settings)
      throws IOException, SQLException {
    return start(dataSource, solr, settings, SolrSchema.apply(solr));
  }

  /**
   * Starts the tasks on a core whose schema the caller applied already ({@code schema}: what that
   * did). Asks for a rebuild (a row in {@code search.reprovisioning}, unless one is there) when the
   * schema change needs existing documents rewritten, or when the index is empty while Postgres has
   * entities (a new Solr, a lost index, a platform upgraded to search). Postgres must be migrated
   * already.
   */
  public static DataTasks start(
      DataSource dataSource, SolrClient solr, DataTasksSettings settings, SolrSchema.Result schema)
      throws IOException, SQLException {
    SolrIndex index = new SolrIndex(solr, settings.commitWithin());
    EntityReader reader = new EntityReader();
    boolean requested = false;
    String reason = null;
    if (schema.reindexNeeded()) {
      reason = "schema " + schema.fromVersion() + " -> " + schema.toVersion() + " needs a reindex";
    } else if (indexEmpty(solr) && hasEntities(dataSource)) {
      reason = "the index is empty while Postgres has entities";
    }
    if (reason != null) {
      try {
        requested =
            ReprovisionRequests.request(dataSource, ReprovisionRequests.REQUESTED_BY_DATA_TASKS)
                .isPresent();
        log.info(
            "Search index rebuild {}: {}", requested ? "requested" : "already requested", reason);
      } catch (SQLException e) {
        // search stays out of date but the platform runs; an admin can ask again through the API
        log.warn(
            "Search index rebuild needed ({}) but could not be requested: {}",
            reason,
            OutboxDrainer.shortError(e));
      }
    }
    SearchIndexer indexer =
        new SearchIndexer(
            new OutboxDrainer(dataSource, index, reader, Clock.systemUTC(), settings.batchSize()),
            settings.idleDelay());
    ReprovisionRequests reprovisioning =
        new ReprovisionRequests(
            dataSource,
            // The rebuild commits once at its end (and on a stop); its pages carry no commitWithin
            // of their own: a soft commit a second opened a new searcher a second during the
            // load and cost a third more CPU per document (bench/README.md, "Search").
            new Reprovision(
                dataSource, new SolrIndex(solr, BULK_COMMIT_WITHIN), reader, settings.pageSize()),
            settings.pollInterval(),
            settings.progressEveryPages());
    indexer.start();
    reprovisioning.start();
    log.info(
        "Data tasks started: search indexer (batches of {}, idle delay {} ms) and reprovisioning"
            + " requests (polled every {} ms); Solr schema version {}",
        settings.batchSize(),
        settings.idleDelay().toMillis(),
        settings.pollInterval().toMillis(),
        schema.toVersion());
    return new DataTasks(indexer, reprovisioning, schema, requested);
  }

  /** What applying the Solr schema did at start. */
  public SolrSchema.Result schema() {
    return schema;
  }

  /** Whether this start asked for a rebuild (and no request was there before). */
  public boolean rebuildRequested() {
    return rebuildRequested;
  }

  private static boolean indexEmpty(SolrClient solr) throws IOException {
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(SolrFields.TYPE + ":*");
    q.setRows(0);
    try {
      return solr.query(q).getResults().getNumFound() == 0;
    } catch (SolrServerException | RuntimeException e) {
      throw new IOException("cannot count the search documents", e);
    }
  }

  private static boolean hasEntities(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM users.users) OR EXISTS (SELECT 1 FROM common.groups)"
                    + " OR EXISTS (SELECT 1 FROM projects.projects)"
                    + " OR EXISTS (SELECT 1 FROM storage.data_connectors)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Stops the poller (a rebuild in progress stops after its page; its request stays for the next
   * start) and the indexer (after the batch in progress).
   */
  @Override
  public void close() {
    reprovisioning.close();
    indexer.close();
    log.info("Data tasks stopped");
  }
}
