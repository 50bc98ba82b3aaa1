package io.renku.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Search clients (platform threads), each sending its next query as soon as it has an answer, from
 * {@link #TEMPLATES} filled with random words of the seeded vocabulary. Latencies are kept per
 * client in HdrHistograms and added up at the end; the CPU of the JVM and Postgres and the
 * machine's load are sampled at the start and the end of the measured time.
 */
final class QueryLoad {
  /** The query shapes: free text plus two filters; %w a word, %k a keyword, %n a group path. */
  static final List<String> TEMPLATES =
      List.of(
          "type:project visibility:public %w",
          "type:project keyword:%k %w", "namespace:%n keyword:%k %w");

  private static final long MAX_US = 60_000_000L;

  /** Runs one query string, returns how many documents matched. */
  interface Searcher {
    long search(String query) throws Exception;
  }

  private final Searcher searcher;
  private final List<String> groupPaths;
  private final int clients;
  private final CpuMeter cpu;
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Histogram> perTemplate = new ArrayList<>();
  private final Histogram all = new Histogram(MAX_US, 3);
  private volatile long measureStart;
  private volatile long measureEnd;
  private volatile CpuMeter.Sample cpuStart;
  private volatile CpuMeter.Sample cpuEnd;
  private volatile String loadStart;
  private volatile String loadEnd;
  private long hits;
  private long errors;
  private long clientCpuNanos;
  private String firstError;

  QueryLoad(Searcher searcher, List<String> groupPaths, int clients, CpuMeter cpu) {
    this.searcher = searcher;
    this.groupPaths = groupPaths;
    this.clients = clients;
    this.cpu = cpu;
    TEMPLATES.forEach(t -> perTemplate.add(new Histogram(MAX_US, 3)));
  }

  /** Warm up, measure for a fixed time, stop. */
  void run(int warmupSeconds, int durationSeconds) throws InterruptedException {
    List<Thread> threads = start();
    Thread.sleep(Duration.ofSeconds(warmupSeconds));
    beginMeasuring();
    Thread.sleep(Duration.ofSeconds(durationSeconds));
    stop();
    for (Thread t : threads) {
      t.join();
    }
  }

  /** For a load running alongside something else: warm up, then measure until {@link #stop}. */
  void runUntilStopped(int warmupSeconds) {
    List<Thread> threads = start();
    try {
      Thread.sleep(Duration.ofSeconds(warmupSeconds));
      beginMeasuring();
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void beginMeasuring() {
    loadStart = CpuMeter.loadAverage();
    cpuStart = cpu.sample();
    measureStart = System.nanoTime();
    measuring.set(true);
  }

  void stop() {
    if (measuring.get() && measureEnd == 0) {
      measureEnd = System.nanoTime();
      cpuEnd = cpu.sample();
      loadEnd = CpuMeter.loadAverage();
    }
    stopped.set(true);
  }

  private List<Thread> start() {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      threads.add(Thread.ofPlatform().name("search-client-" + i).start(this::client));
    }
    return threads;
  }

  /**
   * One query in this many has its word misspelled (two neighbouring letters swapped): a word found
   * as typed is matched exactly, a typo fuzzily, at several times the cost. 5 unless the
   * environment variable {@code BENCH_TYPO_ONE_IN} says otherwise (0: no typos).
   */
  static final int TYPO_ONE_IN =
      Integer.parseInt(System.getenv().getOrDefault("BENCH_TYPO_ONE_IN", "5"));

  private String query(ThreadLocalRandom random, int template) {
    String word = SearchSeed.WORDS.get(random.nextInt(SearchSeed.WORDS.size()));
    if (TYPO_ONE_IN > 0 && word.length() >= 4 && random.nextInt(TYPO_ONE_IN) == 0) {
      int i = 1 + random.nextInt(word.length() - 2);
      word = word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
    }
    return TEMPLATES
        .get(template)
        .replace("%w", word)
        .replace("%k", SearchSeed.KEYWORDS.get(random.nextInt(SearchSeed.KEYWORDS.size())))
        .replace("%n", groupPaths.get(random.nextInt(groupPaths.size())));
  }

  private void client() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Histogram> mine = TEMPLATES.stream().map(t -> new Histogram(MAX_US, 3)).toList();
    long myHits = 0;
    long myErrors = 0;
    long myCpu = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String myFirstError = null;
    while (!stopped.get()) {
      int t = random.nextInt(TEMPLATES.size());
      String q = query(random, t);
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long found;
      try {
        found = searcher.search(q);
      } catch (Exception e) {
        myErrors++;
        if (myFirstError == null) {
          myFirstError = q + ": " + e;
        }
        continue;
      }
      long us = (System.nanoTime() - start) / 1000;
      if (measuring.get() && !stopped.get()) {
        mine.get(t).recordValue(Math.min(us, MAX_US - 1));
        myCpu += threads.getCurrentThreadCpuTime() - cpuStart;
        if (found > 0) {
          myHits++;
        }
      }
    }
    synchronized (this) {
      for (int i = 0; i < mine.size(); i++) {
        perTemplate.get(i).add(mine.get(i));
        all.add(mine.get(i));
      }
      hits += myHits;
      errors += myErrors;
      clientCpuNanos += myCpu;
      if (firstError == null) {
        firstError = myFirstError;
      }
    }
  }

  synchronized void print(String title, boolean perTemplateLines) {
    double seconds = (measureEnd - measureStart) / 1e9;
    long n = all.getTotalCount();
    System.out.printf(
        Locale.ROOT,
        "%s: %,d queries in %.1f s = %,.0f queries/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms; %.0f %% with hits, %d errors%s%n",
        title,
        n,
        seconds,
        n / seconds,
        all.getValueAtPercentile(50) / 1000.0,
        all.getValueAtPercentile(95) / 1000.0,
        all.getValueAtPercentile(99) / 1000.0,
        all.getMaxValue() / 1000.0,
        100.0 * hits / Math.max(1, n),
        errors,
        firstError == null ? "" : " (first: " + firstError + ")");
    double cpuSeconds = cpuEnd.cpuSince(cpuStart);
    System.out.printf(
        Locale.ROOT,
        "  %s = %.1f ms of CPU per query (2 cores: at most %,.0f queries/s); in the clients'"
            + " own threads %.1f ms per query; load %s -> %s%n",
        cpuEnd.since(cpuStart),
        cpuSeconds * 1000 / Math.max(1, n),
        2 * n / cpuSeconds,
        clientCpuNanos / 1e6 / Math.max(1, n),
        loadStart,
        loadEnd);
    if (!perTemplateLines) {
      return;
    }
    for (int i = 0; i < TEMPLATES.size(); i++) {
      Histogram h = perTemplate.get(i);
      System.out.printf(
          Locale.ROOT,
          "  %-40s n=%,d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          TEMPLATES.get(i),
          h.getTotalCount(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0);
    }
  }
}
