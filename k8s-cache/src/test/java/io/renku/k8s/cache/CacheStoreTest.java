package io.renku.k8s.cache;

import static io.renku.k8s.cache.TestObjects.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheStoreTest {

  private static final ResourceKind SESSION = ResourceKind.AMALTHEA_SESSION;

  private final TestDatabase db = TestDatabase.get();
  private final CacheStore store = new CacheStore(db.dataSource());

  @BeforeEach
  void clear() {
    db.clear();
  }

  @Test
  void storesAndReadsAnObject() {
    CachedObject s = session("ns", "s1", "10", "alice");

    assertThat(store.upsert(s)).isEqualTo(new WriteCounts(1, 0, 0, 0));

    CachedObject read = store.get(SESSION, "ns", "s1").orElseThrow();
    assertThat(read).usingRecursiveComparison().ignoringFields("manifest").isEqualTo(s);
    assertThat(read.manifest()).contains("\"resourceVersion\": \"10\"");
    assertThat(store.get("local", SESSION, "ns", "s1")).contains(read);
    assertThat(store.get("other-cluster", SESSION, "ns", "s1")).isEmpty();
    assertThat(store.get(SESSION, "ns", "s2")).isEmpty();
    assertThat(store.get(ResourceKind.BUILD_RUN, "ns", "s1")).isEmpty();
  }

  @Test
  void newerVersionReplacesTheRowAndStaleOrRepeatedVersionsAreIgnored() {
    store.upsert(session("ns", "s1", "10", "alice"));

    assertThat(store.upsert(session("ns", "s1", "11", "bob")))
        .isEqualTo(new WriteCounts(0, 1, 0, 0));
    assertThat(store.upsert(session("ns", "s1", "9", "carol")))
        .isEqualTo(new WriteCounts(0, 0, 0, 1));
    assertThat(store.upsert(session("ns", "s1", "11", "dave")))
        .isEqualTo(new WriteCounts(0, 0, 0, 1));

    CachedObject row = store.get(SESSION, "ns", "s1").orElseThrow();
    assertThat(row.resourceVersion()).isEqualTo("11");
    assertThat(row.userId()).isEqualTo("bob");
  }

  @Test
  void versionsCompareAsNumbersNotAsText() {
    store.upsert(session("ns", "s1", "9", "alice"));

    assertThat(store.upsert(session("ns", "s1", "10", "bob")).updated()).isEqualTo(1);
    assertThat(store.upsert(session("ns", "s1", "100", "carol")).updated()).isEqualTo(1);
    assertThat(store.upsert(session("ns", "s1", "99", "dave")).ignored()).isEqualTo(1);
    assertThat(store.get(SESSION, "ns", "s1").orElseThrow().userId()).isEqualTo("carol");
  }

  @Test
  void versionsThatAreNotNumbersReplaceTheRowWhenTheyDiffer() {
    store.upsert(session("ns", "s1", "abc", "alice"));

    assertThat(store.upsert(session("ns", "s1", "abd", "bob")).updated()).isEqualTo(1);
    assertThat(store.upsert(session("ns", "s1", "abd", "bob")).ignored()).isEqualTo(1);
  }

  @Test
  void deleteRemovesTheRowUnlessTheRowIsNewer() {
    store.upsert(session("ns", "old", "10", "alice"));
    store.upsert(session("ns", "recreated", "20", "alice"));

    assertThat(store.delete(session("ns", "old", "12", "alice")).removed()).isEqualTo(1);
    // a late delete of an earlier incarnation must not remove the re-created object
    assertThat(store.delete(session("ns", "recreated", "15", "alice")))
        .isEqualTo(new WriteCounts(0, 0, 0, 1));
    assertThat(store.delete(session("ns", "absent", "1", "alice")).ignored()).isEqualTo(1);

    assertThat(store.get(SESSION, "ns", "old")).isEmpty();
    assertThat(store.get(SESSION, "ns", "recreated")).isPresent();
    assertThat(
            store.delete(
                new ObjectKey("local", "amalthea.dev", "AmaltheaSession", "ns", "recreated")))
        .isTrue();
    assertThat(db.count("")).isZero();
  }

  @Test
  void eventsForOneObjectInOneBatchEndInTheLastOne() {
    WriteCounts counts =
        store.apply(
            List.of(
                CacheEvent.upsert(session("ns", "gone", "1", "alice")),
                CacheEvent.upsert(session("ns", "back", "1", "alice")),
                CacheEvent.upsert(session("ns", "gone", "2", "alice")),
                CacheEvent.delete(session("ns", "back", "2", "alice")),
                CacheEvent.delete(session("ns", "gone", "3", "alice")),
                CacheEvent.upsert(session("ns", "back", "4", "bob"))));

    assertThat(store.get(SESSION, "ns", "gone")).isEmpty();
    assertThat(store.get(SESSION, "ns", "back").orElseThrow().userId()).isEqualTo("bob");
    assertThat(counts.added()).isEqualTo(1);
    assertThat(counts.ignored()).isEqualTo(5); // 4 collapsed, 1 delete of an absent row
  }

  @Test
  void replaceAllMakesTheCacheMatchTheSnapshot() {
    store.upsert(session("ns", "kept", "5", "alice"));
    store.upsert(session("ns", "changed", "6", "alice"));
    store.upsert(session("ns", "vanished", "7", "alice"));
    store.upsert(session("ns", "newer-than-list", "30", "alice"));
    store.upsert(session("other-ns", "elsewhere", "8", "alice"));
    store.upsert(session("other-cluster", "ns", "elsewhere", "8", "alice"));
    // a row changed behind the watcher's back, same resource version
    db.execute(
        "UPDATE k8s_cache.objects SET user_id = 'mallory', manifest = '{}' WHERE name = 'changed'");

    WriteCounts counts =
        store.replaceAll(
            "local",
            SESSION,
            "ns",
            new Snapshot(
                List.of(
                    session("ns", "kept", "5", "alice"),
                    session("ns", "changed", "6", "alice"),
                    session("ns", "missed", "9", "bob")),
                "20"));

    assertThat(counts).isEqualTo(new WriteCounts(1, 1, 1, 1));
    assertThat(store.get(SESSION, "ns", "vanished")).isEmpty();
    assertThat(store.get(SESSION, "ns", "missed").orElseThrow().userId()).isEqualTo("bob");
    CachedObject repaired = store.get(SESSION, "ns", "changed").orElseThrow();
    assertThat(repaired.userId()).isEqualTo("alice");
    assertThat(repaired.manifest()).contains("\"name\": \"changed\"");
    assertThat(store.get(SESSION, "ns", "newer-than-list")).isPresent();
    assertThat(store.get(SESSION, "other-ns", "elsewhere")).isPresent();
    assertThat(store.get("other-cluster", SESSION, "ns", "elsewhere")).isPresent();
  }

  @Test
  void replaceAllOfAllNamespacesRemovesRowsInAnyNamespace() {
    store.upsert(session("a", "s1", "1", "alice"));
    store.upsert(session("b", "s2", "2", "alice"));

    WriteCounts counts =
        store.replaceAll(
            "local", SESSION, null, new Snapshot(List.of(session("b", "s2", "2", "alice")), null));

    assertThat(counts).isEqualTo(new WriteCounts(0, 0, 1, 1));
    assertThat(db.count("")).isEqualTo(1);
  }

  @Test
  void replaceAllRejectsObjectsOutsideItsScope() {
    assertThatThrownBy(
            () ->
                store.replaceAll(
                    "local",
                    SESSION,
                    "ns",
                    new Snapshot(List.of(session("other", "s1", "1", "alice")), "1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listsTheObjectsOfAUserOfOneKind() {
    store.upsert(session("ns", "b-session", "1", "alice"));
    store.upsert(session("ns", "a-session", "2", "alice"));
    store.upsert(session("ns", "c-session", "3", "bob"));
    store.upsert(
        new CachedObject(
            "local",
            "shipwright.io",
            "v1beta1",
            "BuildRun",
            "ns",
            "build",
            null,
            "4",
            "alice",
            null,
            null,
            "{}"));

    assertThat(store.listByUser(SESSION, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("a-session", "b-session");
    assertThat(store.listByUser(ResourceKind.BUILD_RUN, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("build");
    assertThat(store.listByUser(SESSION, "nobody")).isEmpty();
  }

  /** The reads a build's refresh makes: its BuildRun by name, then the TaskRun it names. */
  @Test
  void findsABuildRunAndItsTaskRunByName() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Manifests manifests = new Manifests("local");
    store.apply(
        List.of(
            CacheEvent.upsert(
                manifests.toCached(
                    ResourceKind.BUILD_RUN,
                    json.readTree(
                        """
                        {"apiVersion": "shipwright.io/v1beta1", "kind": "BuildRun",
                         "metadata": {"name": "renku-b1", "namespace": "ns", "resourceVersion": "5",
                                      "labels": {"renku.io/safe-username": "alice"}},
                         "status": {"taskRunName": "renku-b1-abcde"}}
                        """))),
            CacheEvent.upsert(
                manifests.toCached(
                    ResourceKind.TASK_RUN,
                    json.readTree(
                        """
                        {"apiVersion": "tekton.dev/v1", "kind": "TaskRun",
                         "metadata": {"name": "renku-b1-abcde", "namespace": "ns",
                                      "resourceVersion": "6"},
                         "status": {"podName": "renku-b1-abcde-pod"}}
                        """))),
            // a session of the same name is another object
            CacheEvent.upsert(session("ns", "renku-b1", "7", "alice"))));

    CachedObject buildRun = store.get(ResourceKind.BUILD_RUN, "ns", "renku-b1").orElseThrow();
    String taskRunName = json.readTree(buildRun.manifest()).at("/status/taskRunName").asText();
    CachedObject taskRun = store.get(ResourceKind.TASK_RUN, "ns", taskRunName).orElseThrow();

    assertThat(json.readTree(taskRun.manifest()).at("/status/podName").asText())
        .isEqualTo("renku-b1-abcde-pod");
    assertThat(store.listByUser(ResourceKind.BUILD_RUN, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("renku-b1");
    assertThat(store.listByUser(ResourceKind.TASK_RUN, Manifests.TASK_RUN_USER))
        .extracting(CachedObject::name)
        .containsExactly("renku-b1-abcde");
    assertThat(store.get(ResourceKind.TASK_RUN, "other-ns", taskRunName)).isEmpty();
  }

  @Test
  void appliesTenThousandEvents() {
    List<CacheEvent> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(CacheEvent.upsert(session("ns", "s" + i, "1", "user" + (i % 100))));
    }
    assertThat(store.apply(events)).isEqualTo(new WriteCounts(10_000, 0, 0, 0));
    assertThat(db.count("")).isEqualTo(10_000);

    List<CacheEvent> updates = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      updates.add(CacheEvent.upsert(session("ns", "s" + i, "2", "user" + (i % 100))));
    }
    assertThat(store.apply(updates)).isEqualTo(new WriteCounts(0, 10_000, 0, 0));
    assertThat(db.count("resource_version = '2'")).isEqualTo(10_000);
    assertThat(store.listByUser(SESSION, "user7")).hasSize(100);
  }
}
