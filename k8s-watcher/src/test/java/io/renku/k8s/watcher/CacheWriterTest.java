package io.renku.k8s.watcher;

import static io.renku.k8s.cache.TestObjects.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.k8s.cache.CacheEvent;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheWriterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clear() {
    db.clear();
  }

  @Test
  void writesSubmittedEventsAndKeepsOnlyTheLastPerObject() throws Exception {
    try (CacheWriter writer = new CacheWriter(new CacheStore(db.dataSource()), 100, TIMEOUT)) {
      writer.start();
      for (int i = 0; i < 1_000; i++) {
        writer.submit(CacheEvent.upsert(session("ns", "s" + i, "1", "alice")));
      }
      writer.submit(CacheEvent.upsert(session("ns", "s0", "2", "bob")));
      writer.submit(CacheEvent.delete(session("ns", "s1", "2", "alice")));
      writer.flush(TIMEOUT);

      assertThat(db.count("")).isEqualTo(999);
      assertThat(db.count("name = 's0' AND user_id = 'bob'")).isEqualTo(1);
      assertThat(writer.backlog()).isZero();
    }
  }

  @Test
  void tasksRunAfterTheEventsSubmittedBeforeThem() {
    try (CacheWriter writer = new CacheWriter(new CacheStore(db.dataSource()), 7, TIMEOUT)) {
      for (int i = 0; i < 100; i++) {
        writer.submit(CacheEvent.upsert(session("ns", "s" + i, "1", "alice")));
      }
      CompletableFuture<Long> seen = writer.execute(() -> db.count(""));
      writer.start();

      assertThat(seen.join()).isEqualTo(100);
    }
  }

  @Test
  void aFailingTaskFailsItsFutureOnly() throws Exception {
    try (CacheWriter writer = new CacheWriter(new CacheStore(db.dataSource()), 10, TIMEOUT)) {
      writer.start();
      CompletableFuture<Object> failed =
          writer.execute(
              () -> {
                throw new IllegalStateException("boom");
              });
      assertThatThrownBy(failed::join)
          .isInstanceOf(CompletionException.class)
          .hasRootCauseMessage("boom");

      writer.submit(CacheEvent.upsert(session("ns", "s1", "1", "alice")));
      writer.flush(TIMEOUT);
      assertThat(db.count("")).isEqualTo(1);
    }
  }

  @Test
  void retriesWhileTheDatabaseIsAwayWithoutLosingEvents() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    DataSource flaky = failing(db.dataSource(), failuresLeft);
    try (CacheWriter writer = new CacheWriter(new CacheStore(flaky), 10, Duration.ofMillis(300))) {
      writer.start();
      writer.submit(CacheEvent.upsert(session("ns", "s1", "1", "alice")));
      writer.submit(CacheEvent.upsert(session("ns", "s2", "1", "alice")));
      writer.flush(TIMEOUT);

      assertThat(failuresLeft.get()).isNegative();
      assertThat(db.count("")).isEqualTo(2);
    }
  }

  @Test
  void closeWritesWhatIsPending() {
    CacheWriter writer = new CacheWriter(new CacheStore(db.dataSource()), 10, TIMEOUT);
    writer.start();
    for (int i = 0; i < 50; i++) {
      writer.submit(CacheEvent.upsert(session("ns", "s" + i, "1", "alice")));
    }
    writer.close();

    assertThat(db.count("")).isEqualTo(50);
    assertThat(writer.execute(() -> null)).isCancelled();
  }

  /** A data source whose first connections fail, as when the database restarts. */
  private static DataSource failing(DataSource delegate, AtomicInteger failuresLeft) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection") && failuresLeft.getAndDecrement() > 0) {
                throw new SQLException("connection refused (test)");
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
