package io.renku.bench;

import io.renku.data.tasks.EntityReader;
import io.renku.data.tasks.OutboxDrainer;
import io.renku.data.tasks.Reprovision;
import io.renku.data.tasks.SearchIndexer;
import io.renku.search.builder.Caller;
import io.renku.search.builder.PageRequest;
import io.renku.search.builder.SearchQueries;
import io.renku.search.builder.SearchResult;
import io.renku.search.query.QueryParser;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.apache.solr.client.solrj.SolrClient;
import org.flywaydb.core.Flyway;

/**
 * The search benchmark of issue 21 (see bench/README.md, "Search"): a real Postgres (zonky) with
 * the data service's schema, seeded in SQL with N entities ({@link SearchSeed}); a reprovisioning
 * of an embedded Solr from it ({@link Reprovision}); 8 concurrent clients running {@link
 * SearchQueries} with free text and two filters as a signed-in user with memberships; and the time
 * from a committed change (a project renamed with its outbox row, as the data service writes it) to
 * the moment a search finds it, with a {@link SearchIndexer} running.
 *
 * <p>Usage: {@code SearchBench [--entities N] [--clients C] [--warmup S] [--duration S] [--changes
 * K] [--page-size P] [--batch-size B] [--idle-delay-ms MS] [--commit-within-ms MS]
 * [--reprovision-commit-within-ms MS] [--variants S] [--optimize] [--dir D]}.
 */
public final class SearchBench {
  record Options(
      int entities,
      int clients,
      int warmupSeconds,
      int durationSeconds,
      int changes,
      int pageSize,
      int batchSize,
      int idleDelayMs,
      int commitWithinMs,
      int reprovisionCommitWithinMs,
      int variantSeconds,
      boolean optimize,
      Path dir) {
    static Options parse(String[] args) {
      int entities = 1_000_000;
      int clients = 8;
      int warmup = 15;
      int duration = 60;
      int changes = 200;
      int pageSize = 1000;
      int batchSize = 200;
      int idleDelayMs = 200;
      int commitWithinMs = 1000;
      int reprovisionCommitWithinMs = -1;
      int variantSeconds = 0;
      boolean optimize = false;
      Path dir = null;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--entities" -> entities = Integer.parseInt(args[++i]);
          case "--clients" -> clients = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--duration" -> duration = Integer.parseInt(args[++i]);
          case "--changes" -> changes = Integer.parseInt(args[++i]);
          case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
          case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
          case "--idle-delay-ms" -> idleDelayMs = Integer.parseInt(args[++i]);
          case "--commit-within-ms" -> commitWithinMs = Integer.parseInt(args[++i]);
          case "--reprovision-commit-within-ms" ->
              reprovisionCommitWithinMs = Integer.parseInt(args[++i]);
          case "--variants" -> variantSeconds = Integer.parseInt(args[++i]);
          case "--optimize" -> optimize = true;
          case "--dir" -> dir = Path.of(args[++i]);
          default -> {
            if (args[i].matches("\\d+")) {
              entities = Integer.parseInt(args[i]);
            } else {
              throw new IllegalArgumentException("unknown argument " + args[i] + " " + value);
            }
          }
        }
      }
      return new Options(
          entities,
          clients,
          warmup,
          duration,
          changes,
          pageSize,
          batchSize,
          idleDelayMs,
          commitWithinMs,
          reprovisionCommitWithinMs < 0 ? commitWithinMs : reprovisionCommitWithinMs,
          variantSeconds,
          optimize,
          dir);
    }
  }

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    SearchSeed.Shape shape = SearchSeed.Shape.of(o.entities());
    Path work =
        o.dir() != null
            ? Files.createDirectories(o.dir())
            : Files.createTempDirectory("renku-bench-search");
    Path solrHome = Files.createTempDirectory(work, "solr");
    Path pgData = Files.createTempDirectory(work, "postgres");
    System.out.printf(
        Locale.ROOT,
        "search bench: %,d entities (%,d users, %,d groups, %,d projects, %,d data connectors); %s%n",
        shape.total(),
        shape.users(),
        shape.groups(),
        shape.projects(),
        shape.connectors(),
        work);
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("shared_buffers", "512MB")
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("maintenance_work_mem", "256MB")
            .setServerConfig("work_mem", "32MB")
            .start()) {
      DataSource db = pg.getPostgresDatabase();
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      CpuMeter cpu = CpuMeter.forPostgres(pgData);

      long t0 = System.nanoTime();
      CpuMeter.Sample s0 = cpu.sample();
      SearchSeed.seed(db, shape);
      System.out.printf(
          Locale.ROOT,
          "seeded Postgres in %.1f s (%,d relationships); %s; load %s%n",
          seconds(t0),
          count(db, "SELECT count(*) FROM authz.relationships"),
          cpu.sample().since(s0),
          CpuMeter.loadAverage());
      List<String> groupPaths = SearchSeed.groupSlugs(db);

      try (SolrClient solr = SolrClients.embedded(solrHome, "search")) {
        SolrSchema.apply(solr);
        SolrIndex index = new SolrIndex(solr, Duration.ofMillis(o.commitWithinMs()));

        // 1. reprovisioning
        String load0 = CpuMeter.loadAverage();
        long r0 = System.nanoTime();
        CpuMeter.Sample c0 = cpu.sample();
        long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        // the platform has one SolrIndex for both; a separate commitWithin shows what it costs
        SolrIndex bulk =
            o.reprovisionCommitWithinMs() == o.commitWithinMs()
                ? index
                : new SolrIndex(solr, Duration.ofMillis(o.reprovisionCommitWithinMs()));
        Reprovision.Result r = new Reprovision(db, bulk, new EntityReader(), o.pageSize()).run();
        double rs = seconds(r0);
        CpuMeter.Sample c1 = cpu.sample();
        double threadSeconds =
            (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "REPROVISION: %,d documents in %.1f s = %,.0f documents/s (%s; page size %d)%n"
                + "  %s = %.0f us of CPU per document (2 cores: at most %,.0f documents/s);"
                + " load %s -> %s%n"
                + "  the reprovisioning's own thread: %.1f s of CPU (alone on a core: at most %,.0f"
                + " documents/s)%n",
            r.total(),
            rs,
            r.total() / rs,
            r.written(),
            o.pageSize(),
            c1.since(c0),
            c1.cpuSince(c0) * 1e6 / r.total(),
            2 * r.total() / c1.cpuSince(c0),
            load0,
            CpuMeter.loadAverage(),
            threadSeconds,
            r.total() / threadSeconds);

        // an experiment: queries over one segment instead of the many a bulk load leaves
        if (o.optimize()) {
          long m0 = System.nanoTime();
          solr.optimize(true, true, 1);
          System.out.printf(Locale.ROOT, "OPTIMIZE to one segment: %.1f s%n", seconds(m0));
        }

        SearchQueries queries = new SearchQueries(solr, Clock.systemUTC());
        Caller user = Caller.user(SearchSeed.BENCH_USER);

        // 2. queries of 8 clients, nothing else running
        QueryLoad.Searcher search =
            q ->
                queries
                    .search(QueryParser.parse(q), user, PageRequest.first())
                    .pagingInfo()
                    .totalResult();
        QueryLoad alone = new QueryLoad(search, groupPaths, o.clients(), cpu);
        alone.run(o.warmupSeconds(), o.durationSeconds());
        alone.print("QUERIES (" + o.clients() + " clients, no writes)", true);

        // 2b. where the query time goes: the same queries with parts of them left out
        if (o.variantSeconds() > 0) {
          QueryVariants.run(solr, user, groupPaths, o.clients(), o.variantSeconds(), cpu);
        }

        // 3. change latency, the indexer running; then again while the clients query
        try (SearchIndexer indexer =
            new SearchIndexer(
                new OutboxDrainer(db, index, new EntityReader(), Clock.systemUTC(), o.batchSize()),
                Duration.ofMillis(o.idleDelayMs()))) {
          indexer.start();
          Histogram idle = changes(db, queries, o.changes(), "a");
          printLatency("CHANGE -> SEARCHABLE (no query load)", idle);

          QueryLoad during = new QueryLoad(search, groupPaths, o.clients(), cpu);
          Thread load = Thread.ofPlatform().start(() -> during.runUntilStopped(o.warmupSeconds()));
          sleep(Duration.ofSeconds(o.warmupSeconds()));
          Histogram loaded = changes(db, queries, o.changes(), "b");
          during.stop();
          load.join();
          printLatency("CHANGE -> SEARCHABLE (" + o.clients() + " clients querying)", loaded);
          during.print("QUERIES (" + o.clients() + " clients, during the changes)", true);
        }
        System.out.printf(
            Locale.ROOT,
            "settings: commitWithin %d ms (reprovisioning %d ms), indexer batch %d, idle delay %d ms,"
                + " reprovision page %d%n",
            o.commitWithinMs(),
            o.reprovisionCommitWithinMs(),
            o.batchSize(),
            o.idleDelayMs(),
            o.pageSize());
      }
    } finally {
      deleteTree(work, o.dir() == null);
    }
  }

  /**
   * Renames {@code count} random projects one after the other, each in one transaction with its
   * outbox row as the data service writes them, and times from the commit until a search for the
   * new name (free text, filtered by id) finds it.
   */
  static Histogram changes(DataSource db, SearchQueries queries, int count, String round)
      throws Exception {
    Histogram h = new Histogram(3_600_000_000L, 3);
    List<String> ids = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id FROM projects.projects ORDER BY hashtext(id || '"
                    + round
                    + "') LIMIT "
                    + count)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    Caller admin = Caller.admin("bench-admin");
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        String token = "zq" + round + Integer.toString(100_000 + i, 36) + "x";
        try (PreparedStatement update =
                c.prepareStatement(
                    "UPDATE projects.projects SET name = ?, updated_at = now() WHERE id = ?");
            PreparedStatement outbox =
                c.prepareStatement(
                    "INSERT INTO search.outbox (entity_type, entity_id, op)"
                        + " VALUES ('project', ?, 'upsert')")) {
          update.setString(1, "Renamed " + token);
          update.setString(2, id);
          update.executeUpdate();
          outbox.setString(1, id);
          outbox.executeUpdate();
        }
        c.commit();
        long start = System.nanoTime();
        var query = QueryParser.parse("id:" + id + " " + token);
        while (true) {
          SearchResult result = queries.search(query, admin, PageRequest.first());
          if (!result.items().isEmpty()) {
            break;
          }
          if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
            throw new IllegalStateException("change of " + id + " not searchable after 60 s");
          }
          Thread.sleep(5);
        }
        h.recordValue((System.nanoTime() - start) / 1000);
      }
    }
    return h;
  }

  static void printLatency(String title, Histogram us) {
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        title,
        us.getTotalCount(),
        us.getValueAtPercentile(50) / 1000.0,
        us.getValueAtPercentile(95) / 1000.0,
        us.getValueAtPercentile(99) / 1000.0,
        us.getMaxValue() / 1000.0);
  }

  private static long count(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d);
  }

  private static void deleteTree(Path root, boolean includingRoot) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (includingRoot || !p.equals(root)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
