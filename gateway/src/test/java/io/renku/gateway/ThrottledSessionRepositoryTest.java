package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.login.ThrottledSessionRepository;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

/** Only last-access changes are throttled; every other change is written at once. */
class ThrottledSessionRepositoryTest {
  /** Spring Session's in-memory store, counting the writes that reach it. */
  static final class CountingStore extends MapSessionRepository {
    final AtomicInteger saves = new AtomicInteger();

    CountingStore() {
      super(new ConcurrentHashMap<>());
    }

    @Override
    public void save(MapSession session) {
      saves.incrementAndGet();
      super.save(session);
    }
  }

  @Test
  void writesWhatChangedAndThrottlesMereAccess() {
    CountingStore store = new CountingStore();
    var repo = new ThrottledSessionRepository<>(store, Duration.ofMinutes(1));
    var created = repo.createSession();
    repo.save(created);
    assertThat(store.saves.get()).as("a new session is written").isEqualTo(1);

    var loaded = repo.findById(created.getId());
    loaded.setLastAccessedTime(loaded.getLastAccessedTime().plusSeconds(30));
    repo.save(loaded);
    assertThat(store.saves.get()).as("30 s of access: not written").isEqualTo(1);

    loaded.setLastAccessedTime(loaded.getLastAccessedTime().plusSeconds(31));
    repo.save(loaded);
    assertThat(store.saves.get()).as("over a minute since the last write").isEqualTo(2);

    var again = repo.findById(created.getId());
    again.setAttribute("x", "y");
    repo.save(again);
    assertThat(store.saves.get()).as("an attribute change is written at once").isEqualTo(3);
    assertThat((String) repo.findById(created.getId()).getAttribute("x")).isEqualTo("y");

    var renamed = repo.findById(created.getId());
    String newId = renamed.changeSessionId();
    repo.save(renamed);
    assertThat(store.saves.get()).isEqualTo(4);
    assertThat(repo.findById(newId)).isNotNull();

    repo.deleteById(newId);
    assertThat(repo.findById(newId)).isNull();
  }

  /** Spring Session's in-memory store, counting the reads that reach it. */
  static final class CountingReads extends MapSessionRepository {
    final AtomicInteger reads = new AtomicInteger();

    CountingReads() {
      super(new ConcurrentHashMap<>());
    }

    @Override
    public MapSession findById(String id) {
      reads.incrementAndGet();
      return super.findById(id);
    }
  }

  @Test
  void theLookUpRightAfterASaveIsAnsweredWithoutReadingTheStore() throws Exception {
    CountingReads store = new CountingReads();
    // a clock standing still: the window is what is tested, not how fast this machine is
    var repo = new ThrottledSessionRepository<>(store, Duration.ofMinutes(1), id -> {}, () -> 42L);
    var session = repo.createSession();
    repo.save(session);
    assertThat(repo.findById(session.getId())).isSameAs(session);
    assertThat(store.reads.get()).isZero();
    assertThat(repo.findById(session.getId())).as("only once").isNotSameAs(session);
    assertThat(store.reads.get()).isEqualTo(1);

    repo.save(session);
    Thread t = new Thread(() -> repo.findById(session.getId()));
    t.start();
    t.join();
    assertThat(store.reads.get()).as("another thread reads the store").isEqualTo(2);

    repo.save(session);
    repo.deleteById(session.getId());
    assertThat(repo.findById(session.getId())).as("deleted is gone").isNull();
  }

  @Test
  void reportsEveryChangedOrDeletedSessionButNotMereAccess() {
    CountingStore store = new CountingStore();
    java.util.List<String> changed = new java.util.concurrent.CopyOnWriteArrayList<>();
    var repo = new ThrottledSessionRepository<>(store, Duration.ofMinutes(1), changed::add);
    var created = repo.createSession();
    String firstId = created.getId();
    repo.save(created);
    assertThat(changed).containsExactly(firstId);

    changed.clear();
    var loaded = repo.findById(firstId);
    loaded.setLastAccessedTime(loaded.getLastAccessedTime().plusSeconds(30));
    repo.save(loaded);
    assertThat(changed).as("mere access").isEmpty();

    var renamed = repo.findById(firstId);
    String newId = renamed.changeSessionId();
    renamed.setAttribute("login", "x");
    repo.save(renamed);
    assertThat(changed).as("the new id and the old one").containsExactlyInAnyOrder(newId, firstId);

    changed.clear();
    repo.deleteById(newId);
    assertThat(changed).containsExactly(newId);
  }
}
