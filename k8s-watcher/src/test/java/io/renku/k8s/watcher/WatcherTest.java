package io.renku.k8s.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.renku.k8s.cache.CacheEvent;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.cache.TestDatabase;
import io.renku.k8s.cache.TestObjects;
import io.renku.k8s.cache.WriteCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher against fabric8's mock API server in CRUD mode (it stores what it is sent and serves
 * lists and watches) and the real Postgres.
 */
@EnableKubernetesMockClient(crud = true)
class WatcherTest {

  private static final ResourceKind SESSION = ResourceKind.AMALTHEA_SESSION;
  private static final Duration WAIT = Duration.ofSeconds(20);

  KubernetesClient client;

  @TempDir Path tmp;

  private final TestDatabase db = TestDatabase.get();
  private final CacheStore store = new CacheStore(db.dataSource());
  private Watcher watcher;

  @BeforeEach
  void clear() {
    db.clear();
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void theCacheFollowsCreateUpdateAndDelete() {
    startWatcher(config(List.of(SESSION), List.of("test")));

    sessions("test").resource(session("s1", "alice")).create();
    await().atMost(WAIT).until(() -> store.get(SESSION, "test", "s1").isPresent());
    CachedObject created = store.get(SESSION, "test", "s1").orElseThrow();
    assertThat(created.userId()).isEqualTo("alice");
    assertThat(created.projectId()).isEqualTo("project-s1");
    assertThat(created.launcherId()).isEqualTo("launcher-s1");
    assertThat(created.cluster()).isEqualTo("test-cluster");

    sessions("test")
        .withName("s1")
        .edit(
            r -> {
              r.setAdditionalProperty("status", Map.of("state", "Running"));
              return r;
            });
    String updatedVersion =
        sessions("test").withName("s1").get().getMetadata().getResourceVersion();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              CachedObject row = store.get(SESSION, "test", "s1").orElseThrow();
              assertThat(row.resourceVersion()).isEqualTo(updatedVersion);
              assertThat(row.manifest()).contains("\"state\": \"Running\"");
            });
    assertThat(updatedVersion).isNotEqualTo(created.resourceVersion());

    sessions("test").withName("s1").delete();
    await().atMost(WAIT).until(() -> store.get(SESSION, "test", "s1").isEmpty());
  }

  @Test
  void onlyTheConfiguredNamespacesAndKindsAreCached() {
    startWatcher(config(List.of(SESSION, ResourceKind.BUILD_RUN), List.of("test")));

    sessions("other").resource(session("elsewhere", "alice")).create();
    builds("test").resource(build("b1", "alice")).create();
    sessions("test").resource(session("s1", "alice")).create();

    await().atMost(WAIT).until(() -> db.count("") == 2);
    assertThat(store.listByUser(SESSION, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("s1");
    assertThat(store.listByUser(ResourceKind.BUILD_RUN, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("b1");
    assertThat(store.get(SESSION, "other", "elsewhere")).isEmpty();
  }

  @Test
  void watchesAllNamespacesWithStar() {
    startWatcher(config(List.of(SESSION), List.of(WatcherConfig.ALL_NAMESPACES)));

    sessions("a").resource(session("s1", "alice")).create();
    sessions("b").resource(session("s2", "bob")).create();

    await().atMost(WAIT).until(() -> db.count("") == 2);
    assertThat(store.get(SESSION, "b", "s2").orElseThrow().userId()).isEqualTo("bob");
  }

  @Test
  void aResyncRepairsACacheThatMissedEvents() {
    sessions("test").resource(session("s1", "alice")).create();
    sessions("test").resource(session("s2", "alice")).create();
    sessions("test").resource(session("s3", "bob")).create();
    startWatcher(config(List.of(SESSION), List.of("test")));
    await().atMost(WAIT).until(() -> db.count("") == 3);
    await().atMost(WAIT).until(watcher::isReady);

    // what missed events leave behind: a lost row, a stale row, a row of a deleted object
    db.execute("DELETE FROM k8s_cache.objects WHERE name = 's1'");
    db.execute(
        "UPDATE k8s_cache.objects SET user_id = 'mallory', manifest = '{}' WHERE name = 's2'");
    db.execute(
        """
        INSERT INTO k8s_cache.objects (cluster, api_group, version, kind, namespace, name,
            resource_version, user_id, manifest)
        VALUES ('test-cluster', 'amalthea.dev', 'v1alpha1', 'AmaltheaSession', 'test', 'ghost',
            '1', 'alice', '{}')
        """);

    WriteCounts counts = watcher.resync();

    assertThat(counts).isEqualTo(new WriteCounts(1, 1, 1, 1));
    assertThat(store.listByUser(SESSION, "alice"))
        .extracting(CachedObject::name)
        .containsExactly("s1", "s2");
    assertThat(store.get(SESSION, "test", "s2").orElseThrow().manifest()).contains("\"s2\"");
    assertThat(store.listByUser(SESSION, "mallory")).isEmpty();
  }

  @Test
  void theFirstResyncRemovesObjectsDeletedWhileTheWatcherWasDown() throws Exception {
    store.upsert(TestObjects.session("test-cluster", "test", "deleted-meanwhile", "1", "alice"));
    sessions("test").resource(session("s1", "alice")).create();

    startWatcher(config(List.of(SESSION), List.of("test")));

    await().atMost(WAIT).until(watcher::isReady);
    assertThat(store.get(SESSION, "test", "deleted-meanwhile")).isEmpty();
    assertThat(store.get(SESSION, "test", "s1")).isPresent();
    assertThat(Files.readString(tmp.resolve("ready"))).isNotBlank();
  }

  @Test
  void aStaleEventDoesNotUndoANewerOne() throws Exception {
    startWatcher(config(List.of(SESSION), List.of("test")));
    sessions("test").resource(session("s1", "alice")).create();
    sessions("test")
        .withName("s1")
        .edit(
            r -> {
              r.getMetadata().getLabels().put("renku.io/safe-username", "bob");
              return r;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                store.get(SESSION, "test", "s1").map(o -> "bob".equals(o.userId())).orElse(false));
    CachedObject current = store.get(SESSION, "test", "s1").orElseThrow();
    String older = String.valueOf(Long.parseLong(current.resourceVersion()) - 1);

    // a late event carrying an older version, delivered through the watcher's own path
    watcher
        .writer()
        .submit(
            CacheEvent.upsert(TestObjects.session("test-cluster", "test", "s1", older, "alice")));
    watcher.writer().flush(WAIT);

    assertThat(store.get(SESSION, "test", "s1").orElseThrow().userId()).isEqualTo("bob");
  }

  private void startWatcher(WatcherConfig config) {
    watcher = new Watcher(client, store, config);
    watcher.start();
  }

  private WatcherConfig config(List<ResourceKind> kinds, List<String> namespaces) {
    return new WatcherConfig(
        "test-cluster",
        kinds,
        namespaces,
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        100,
        tmp.resolve("ready"));
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(ResourceKind kind) {
    return client.genericKubernetesResources(
        new ResourceDefinitionContext.Builder()
            .withGroup(kind.group())
            .withVersion(kind.version())
            .withKind(kind.kind())
            .withPlural(kind.plural())
            .withNamespaced(true)
            .build());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      sessions(String namespace) {
    return resources(SESSION).inNamespace(namespace);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      builds(String namespace) {
    return resources(ResourceKind.BUILD_RUN).inNamespace(namespace);
  }

  private static GenericKubernetesResource session(String name, String user) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SESSION.apiVersion())
        .withKind(SESSION.kind())
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("renku.io/safe-username", user))
        .withAnnotations(
            Map.of(
                "renku.io/project_id",
                "project-" + name,
                "renku.io/launcher_id",
                "launcher-" + name))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("session", Map.of("image", "jupyter"))))
        .build();
  }

  private static GenericKubernetesResource build(String name, String user) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(ResourceKind.BUILD_RUN.apiVersion())
        .withKind(ResourceKind.BUILD_RUN.kind())
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("renku.io/safe-username", user))
        .endMetadata()
        .build();
  }
}
