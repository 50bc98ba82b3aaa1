package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.DataServiceApplication;
import io.renku.data.support.Api;
import io.renku.data.support.TestBackends;
import io.renku.data.support.TestUser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Postgres goes away under load and comes back: the service answers 503 (code 1503) quickly while
 * it is away, never 500 and never hangs, and recovers by itself once it is back.
 *
 * <p>This class has its own Spring context and its own Postgres (fixed port and data directory, so
 * it can be restarted in place); it never touches the Postgres the other API tests share. It still
 * uses the shared SpiceDB engine and identity provider.
 */
@SpringBootTest(
    classes = DataServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseOutageTest {
  private static final long MAX_CALL_MS = 5_500;
  private static final Duration OUTAGE = Duration.ofSeconds(8);
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(15);
  private static final int THREADS = 4;
  private static final int MAX_CALLS_PER_THREAD = 2_000;

  private static Path dataDir;
  private static int postgresPort;
  private static volatile EmbeddedPostgres postgres;
  private static volatile boolean postgresDown;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void backends(DynamicPropertyRegistry registry) {
    startOwnPostgres();
    TestBackends b = TestBackends.get();
    registry.add(
        "spring.datasource.url", () -> "jdbc:postgresql://localhost:" + postgresPort + "/postgres");
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("renku.spicedb.host", () -> b.spicedb().host());
    registry.add("renku.spicedb.port", () -> b.spicedb().port());
    registry.add("renku.auth.issuer-uri", () -> b.identity().issuer());
    registry.add("renku.authz-sync-interval", () -> "500ms");
    registry.add("logging.structured.format.console", () -> "");
  }

  private static synchronized void startOwnPostgres() {
    if (postgres != null) {
      return;
    }
    try {
      dataDir = Files.createTempDirectory("renku-outage-pg");
      try (ServerSocket s = new ServerSocket(0)) {
        postgresPort = s.getLocalPort();
      }
      postgres = startPostgres();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Stopped at JVM exit, after this class's context (closed by @DirtiesContext) is gone.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (postgres != null) {
                      postgres.close();
                    }
                    try (Stream<Path> files = Files.walk(dataDir)) {
                      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                  } catch (IOException ignored) {
                    // the JVM is exiting anyway
                  }
                }));
  }

  /** Starts (or restarts) the server on the same port and data directory, keeping the data. */
  private static EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(postgresPort)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .start();
  }

  /** One request made under load. Times are {@link System#nanoTime()}. */
  record Call(String kind, long start, long end, int status, int errorCode, String failure) {
    long millis() {
      return (end - start) / 1_000_000;
    }

    boolean ok() {
      return failure == null && (status == 200 || status == 201);
    }
  }

  @Test
  void outageGives503QuicklyAndTheServiceRecoversByItself() throws Exception {
    Api api = new Api("http://127.0.0.1:" + port, TestBackends.get().identity());
    TestUser user = TestUser.random("outage");
    Api me = api.as(user);
    var self = me.get("user");
    assertThat(self.status()).as(self.toString()).isEqualTo(200);
    String ns = self.field("username");
    var first = me.post("projects", Map.of("name", "Before the outage", "namespace", ns));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);

    var calls = new ConcurrentLinkedQueue<Call>();
    var stop = new AtomicBoolean();
    long hardDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      pool.submit(
          () -> {
            Api caller = api.as(user);
            for (int i = 0;
                i < MAX_CALLS_PER_THREAD && !stop.get() && System.nanoTime() < hardDeadline;
                i++) {
              // Half the threads only read, half only write, so both kinds fall inside the outage.
              boolean get = thread % 2 == 0;
              long start = System.nanoTime();
              try {
                Api.Response r =
                    get
                        ? caller.get("projects?per_page=5")
                        : caller.post(
                            "projects",
                            Map.of("name", "load " + UUID.randomUUID(), "namespace", ns));
                int code = r.status() >= 400 ? r.errorCode() : 0;
                calls.add(
                    new Call(
                        get ? "GET" : "POST", start, System.nanoTime(), r.status(), code, null));
              } catch (RuntimeException e) {
                calls.add(
                    new Call(get ? "GET" : "POST", start, System.nanoTime(), -1, -1, e.toString()));
              }
              try {
                Thread.sleep(25);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          });
    }

    try {
      // Healthy under load first.
      Thread.sleep(1_500);
      assertThat(calls).isNotEmpty().allMatch(Call::ok, "succeeds before the outage");

      long stopping = System.nanoTime();
      postgresDown = true;
      postgres.close();
      long stopped = System.nanoTime();
      Thread.sleep(OUTAGE.toMillis());
      long restarting = System.nanoTime();
      postgres = startPostgres();
      postgresDown = false;
      long restarted = System.nanoTime();

      // Keep the load on until both kinds of request have succeeded for a while, or give up.
      long giveUp = restarted + RECOVERY_LIMIT.toNanos() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < giveUp && !recovered(calls, restarted)) {
        Thread.sleep(200);
      }
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(40, TimeUnit.SECONDS)).as("load threads stop").isTrue();

      List<Call> all = new ArrayList<>(calls);
      String summary = summary(all, stopping);
      // Never a 500, never a transport failure, never a hang.
      assertThat(all).as(summary).allMatch(c -> c.failure() == null, "no transport failure");
      assertThat(all)
          .as(summary)
          .allMatch(c -> c.status() == 200 || c.status() == 201 || c.status() == 503, "2xx or 503");
      assertThat(all)
          .as(summary)
          .allMatch(c -> c.status() != 503 || c.errorCode() == 1503, "503 carries code 1503");
      assertThat(all).as(summary).allMatch(c -> c.millis() <= MAX_CALL_MS, "answered within 5.5 s");

      // While Postgres was down, every request failed with 503.
      Predicate<Call> duringOutage = c -> c.start() >= stopped && c.end() <= restarting;
      List<Call> outage = all.stream().filter(duringOutage).toList();
      assertThat(outage).as(summary).hasSizeGreaterThanOrEqualTo(THREADS);
      assertThat(outage)
          .as(summary)
          .allMatch(c -> c.status() == 503, "503 while the database is down");
      assertThat(outage.stream().map(Call::kind).distinct())
          .containsExactlyInAnyOrder("GET", "POST");

      // After the restart the service recovered by itself, within the limit.
      long lastFailureStart =
          all.stream().filter(c -> !c.ok()).mapToLong(Call::start).max().orElse(stopped);
      assertThat(Duration.ofNanos(lastFailureStart - restarted))
          .as(summary)
          .isLessThan(RECOVERY_LIMIT);
      List<Call> after = all.stream().filter(c -> c.start() > lastFailureStart).toList();
      assertThat(after.stream().filter(c -> c.kind().equals("GET"))).as(summary).isNotEmpty();
      assertThat(after.stream().filter(c -> c.kind().equals("POST"))).as(summary).isNotEmpty();
      assertThat(recovered(calls, restarted)).as(summary).isTrue();
    } finally {
      stop.set(true);
      pool.shutdownNow();
      if (postgresDown) {
        postgres = startPostgres();
        postgresDown = false;
      }
    }

    // The data from before the outage survived, and the service works normally.
    var list = me.get("projects?per_page=100&namespace=" + ns);
    assertThat(list.status()).isEqualTo(200);
    assertThat(Fixtures.ids(list)).contains(first.field("id"));
    var later = me.post("projects", Map.of("name", "After the outage", "namespace", ns));
    assertThat(later.status()).as(later.toString()).isEqualTo(201);
    assertThat(me.get("projects/" + later.field("id")).status()).isEqualTo(200);
  }

  /** Both kinds of request have succeeded, started after the restart, for at least two seconds. */
  private static boolean recovered(ConcurrentLinkedQueue<Call> calls, long restarted) {
    List<Call> since = calls.stream().filter(c -> c.start() >= restarted).toList();
    long lastFailure =
        since.stream().filter(c -> !c.ok()).mapToLong(Call::start).max().orElse(restarted);
    List<Call> good = since.stream().filter(c -> c.start() > lastFailure).toList();
    boolean bothKinds =
        good.stream().anyMatch(c -> c.kind().equals("GET"))
            && good.stream().anyMatch(c -> c.kind().equals("POST"));
    long span = good.stream().mapToLong(Call::end).max().orElse(lastFailure) - lastFailure;
    return bothKinds && span >= Duration.ofSeconds(2).toNanos();
  }

  private static String summary(List<Call> all, long origin) {
    StringBuilder s = new StringBuilder("calls (ms since the stop: kind status/code duration)\n");
    all.stream()
        .sorted(Comparator.comparingLong(Call::start))
        .filter(c -> c.failure() != null || !c.ok() || c.millis() > 1_000)
        .limit(60)
        .forEach(
            c ->
                s.append((c.start() - origin) / 1_000_000)
                    .append(": ")
                    .append(c.kind())
                    .append(' ')
                    .append(c.status())
                    .append('/')
                    .append(c.errorCode())
                    .append(' ')
                    .append(c.millis())
                    .append("ms")
                    .append(c.failure() == null ? "" : " " + c.failure())
                    .append('\n'));
    s.append("total ").append(all.size()).append(" calls");
    return s.toString();
  }
}
