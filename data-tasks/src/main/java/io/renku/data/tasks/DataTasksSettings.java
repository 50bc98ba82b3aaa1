package io.renku.data.tasks;

import java.time.Duration;

/**
 * How the data tasks run (module README, "Settings").
 *
 * @param batchSize outbox rows per transaction of the indexer
 * @param idleDelay the indexer's wait after a batch that was not full
 * @param commitWithin how soon a write is searchable (Solr's commitWithin)
 * @param pageSize entities read and written per page of a rebuild
 * @param pollInterval how often {@code search.reprovisioning} is looked at
 * @param progressEveryPages a rebuild logs its progress every this many pages
 */
public record DataTasksSettings(
    int batchSize,
    Duration idleDelay,
    Duration commitWithin,
    int pageSize,
    Duration pollInterval,
    int progressEveryPages) {

  public DataTasksSettings {
    if (batchSize < 1 || pageSize < 1 || progressEveryPages < 1) {
      throw new IllegalArgumentException("batch size, page size and progress pages must be > 0");
    }
    if (!idleDelay.isPositive() || !commitWithin.isPositive() || !pollInterval.isPositive()) {
      throw new IllegalArgumentException("idle delay, commitWithin and poll interval must be > 0");
    }
  }

  /** The defaults: a change searchable well within 2 s, rebuilds in pages of 1000. */
  public static DataTasksSettings defaults() {
    return new DataTasksSettings(
        200,
        SearchIndexer.DEFAULT_IDLE_DELAY,
        Duration.ofMillis(500),
        1000,
        Duration.ofSeconds(1),
        50);
  }

  public DataTasksSettings withBatchSize(int value) {
    return new DataTasksSettings(
        value, idleDelay, commitWithin, pageSize, pollInterval, progressEveryPages);
  }

  public DataTasksSettings withIdleDelay(Duration value) {
    return new DataTasksSettings(
        batchSize, value, commitWithin, pageSize, pollInterval, progressEveryPages);
  }

  public DataTasksSettings withCommitWithin(Duration value) {
    return new DataTasksSettings(
        batchSize, idleDelay, value, pageSize, pollInterval, progressEveryPages);
  }

  public DataTasksSettings withPageSize(int value) {
    return new DataTasksSettings(
        batchSize, idleDelay, commitWithin, value, pollInterval, progressEveryPages);
  }

  public DataTasksSettings withPollInterval(Duration value) {
    return new DataTasksSettings(
        batchSize, idleDelay, commitWithin, pageSize, value, progressEveryPages);
  }

  public DataTasksSettings withProgressEveryPages(int value) {
    return new DataTasksSettings(batchSize, idleDelay, commitWithin, pageSize, pollInterval, value);
  }
}
