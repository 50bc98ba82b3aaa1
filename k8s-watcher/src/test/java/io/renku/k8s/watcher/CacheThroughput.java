package io.renku.k8s.watcher;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.k8s.cache.CacheEvent;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.cache.Snapshot;
import io.renku.k8s.cache.TestDatabase;
import io.renku.k8s.cache.WriteCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: how fast the cache takes watch events and answers "my sessions".
 *
 * <p>Writes: 10,000 AmaltheaSession events (ADDED, then MODIFIED, then DELETED) go through the
 * watcher's own path (manifest conversion, {@link CacheWriter} queue and batches, {@link
 * CacheStore}) into a real Postgres (zonky embedded); the time runs from the first submit until the
 * writer has flushed the last one. Then a full resync of 10,000 objects ({@link
 * CacheStore#replaceAll}), unchanged and all changed. Reads: {@link CacheStore#listByUser} over
 * 10,000 cached sessions of 100 users (100 each), through a Hikari pool as in production.
 *
 * <p>Run: {@code ./mvnw -o -pl k8s-watcher test-compile exec:java -Dspotless.check.skip=true}
 * (arguments: {@code -Dexec.args="rounds events reads"}, default {@code 3 10000 2000}).
 */
public final class CacheThroughput {

  private static final ResourceKind SESSION = ResourceKind.AMALTHEA_SESSION;
  private static final int USERS = 100;

  private CacheThroughput() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int reads = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;

    TestDatabase db = TestDatabase.get();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(4);
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      CacheStore store = new CacheStore(dataSource);
      ObjectRows toRows = new ObjectRows("bench", new KubernetesSerialization());
      System.out.printf(
          "k8s cache throughput: %d events per run, %d users, %d rounds, %d cores%n",
          events, USERS, rounds, Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "manifest size: %d bytes (JSON)%n",
          toRows.toCached(SESSION, session(0, 1)).manifest().length());

      for (int round = 1; round <= rounds; round++) {
        db.clear();
        List<GenericKubernetesResource> added = sessions(events, 1);
        List<GenericKubernetesResource> modified = sessions(events, 2);
        List<GenericKubernetesResource> deleted = sessions(events, 3);
        long addMs = throughWriter(store, toRows, added, CacheEvent.Type.UPSERT);
        long modifyMs = throughWriter(store, toRows, modified, CacheEvent.Type.UPSERT);
        long deleteMs = throughWriter(store, toRows, deleted, CacheEvent.Type.DELETE);
        check(db.count("") == 0, "all rows deleted");

        List<CachedObject> snapshot =
            sessions(events, 4).stream().map(r -> toRows.toCached(SESSION, r)).toList();
        List<CachedObject> changed =
            sessions(events, 5).stream().map(r -> toRows.toCached(SESSION, r)).toList();
        store.replaceAll("bench", SESSION, "renku", new Snapshot(snapshot, "4"));
        long start = System.nanoTime();
        WriteCounts same = store.replaceAll("bench", SESSION, "renku", new Snapshot(snapshot, "4"));
        long resyncSameMs = millis(start);
        start = System.nanoTime();
        WriteCounts all = store.replaceAll("bench", SESSION, "renku", new Snapshot(changed, "5"));
        long resyncChangedMs = millis(start);
        check(same.ignored() == events && all.updated() == events, "resync counts");

        System.out.printf(
            "round %d: %d ADDED in %d ms, %d MODIFIED in %d ms, %d DELETED in %d ms;"
                + " resync of %d unchanged in %d ms, of %d changed in %d ms%n",
            round,
            events,
            addMs,
            events,
            modifyMs,
            events,
            deleteMs,
            events,
            resyncSameMs,
            events,
            resyncChangedMs);
      }

      // reads: the table holds the last resync's objects, 100 per user
      check(db.count("") == events, "rows for the reads");
      Random random = new Random(42);
      for (int i = 0; i < 200; i++) {
        store.listByUser(SESSION, "user-" + random.nextInt(USERS)); // warm-up
      }
      long[] nanos = new long[reads];
      int rows = 0;
      for (int i = 0; i < reads; i++) {
        long start = System.nanoTime();
        rows += store.listByUser(SESSION, "user-" + random.nextInt(USERS)).size();
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "listByUser over %d objects: %d reads, %.1f rows each; p50 %.2f ms, p99 %.2f ms,"
              + " max %.2f ms%n",
          events,
          reads,
          rows / (double) reads,
          percentile(nanos, 50),
          percentile(nanos, 99),
          nanos[reads - 1] / 1e6);
      long[] one = new long[reads];
      for (int i = 0; i < reads; i++) {
        long start = System.nanoTime();
        store.get(SESSION, "renku", "session-" + random.nextInt(events));
        one[i] = System.nanoTime() - start;
      }
      Arrays.sort(one);
      System.out.printf(
          "get(kind, namespace, name): p50 %.2f ms, p99 %.2f ms%n",
          percentile(one, 50), percentile(one, 99));
    }
    System.exit(0); // stops the embedded Postgres through its shutdown hook
  }

  /** Converts and submits every object as the informer handler does, and waits until written. */
  private static long throughWriter(
      CacheStore store,
      ObjectRows toRows,
      List<GenericKubernetesResource> resources,
      CacheEvent.Type type)
      throws Exception {
    try (CacheWriter writer =
        new CacheWriter(store, WatcherConfig.DEFAULT_BATCH_SIZE, Duration.ofSeconds(1))) {
      writer.start();
      long start = System.nanoTime();
      for (GenericKubernetesResource resource : resources) {
        writer.submit(new CacheEvent(type, toRows.toCached(SESSION, resource)));
      }
      writer.flush(Duration.ofMinutes(2));
      long elapsed = millis(start);
      WriteCounts totals = writer.totals();
      check(
          totals.added() + totals.updated() + totals.removed() == resources.size(),
          type + " applied: " + totals);
      return elapsed;
    }
  }

  private static List<GenericKubernetesResource> sessions(int count, int version) {
    List<GenericKubernetesResource> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(session(i, version));
    }
    return list;
  }

  /** An AmaltheaSession shaped like the ones the data service creates (spec and status). */
  private static GenericKubernetesResource session(int i, int version) {
    String name = "session-" + i;
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SESSION.apiVersion())
        .withKind(SESSION.kind())
        .withNewMetadata()
        .withName(name)
        .withNamespace("renku")
        .withUid("00000000-0000-0000-0000-" + String.format("%012d", i))
        .withResourceVersion(String.valueOf(version * 1_000_000L + i))
        .withLabels(
            Map.of(
                "renku.io/safe-username",
                "user-" + (i % USERS),
                "renku.io/session-type",
                "interactive"))
        .withAnnotations(
            Map.of(
                "renku.io/project_id",
                "01JPROJECT" + (i % 500),
                "renku.io/launcher_id",
                "01JLAUNCHER" + (i % 1000),
                "renku.io/resource_class_id",
                "1",
                "renku.io/resource_pool_id",
                "1"))
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "hibernated", false,
                    "reconcileStrategy", "whenFailedOrHibernated",
                    "session",
                        Map.of(
                            "image",
                            "renku/renkulab-py:3.12-0.25.0",
                            "port",
                            8888,
                            "urlPath",
                            "/sessions/" + name,
                            "workingDir",
                            "/home/renku/work",
                            "env",
                            env(name, i),
                            "resources",
                            Map.of("requests", Map.of("cpu", "500m", "memory", "1Gi")),
                            "storage",
                            Map.of("size", "1G")),
                    "ingress", Map.of("host", "renku.example.org", "ingressClassName", "nginx"),
                    "culling", Map.of("maxIdleDuration", "24h", "maxAge", "168h")),
                "status",
                Map.of(
                    "state",
                    version % 2 == 0 ? "Running" : "NotReady",
                    "url",
                    "https://renku.example.org/sessions/" + name,
                    "readyContainers",
                    2,
                    "totalContainers",
                    2,
                    "conditions",
                    List.of(Map.of("type", "Ready", "status", "True", "reason", "Running")))))
        .build();
  }

  /** Environment variables as a session gets them, plus some of the user's: ~3 KB of JSON. */
  private static List<Map<String, String>> env(String name, int i) {
    List<Map<String, String>> env = new ArrayList<>();
    env.add(Map.of("name", "RENKU_SESSION", "value", "1"));
    env.add(Map.of("name", "RENKU_BASE_URL_PATH", "value", "/sessions/" + name));
    env.add(Map.of("name", "RENKU_PROJECT_ID", "value", "01JPROJECT" + i));
    env.add(Map.of("name", "RENKU_MOUNT_DIR", "value", "/home/renku/work"));
    env.add(Map.of("name", "RENKU_SECRETS_PATH", "value", "/secrets"));
    for (int n = 0; n < 30; n++) {
      env.add(Map.of("name", "USER_SETTING_" + n, "value", "some-value-of-setting-" + n));
    }
    return env;
  }

  private static double percentile(long[] sortedNanos, int p) {
    int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }
}
