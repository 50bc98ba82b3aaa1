package io.renku.k8s.watcher;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.renku.k8s.cache.CacheEvent;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.CachedObject;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.cache.Snapshot;
import io.renku.k8s.cache.WriteCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors Kubernetes objects of the configured kinds and namespaces into the {@link CacheStore}.
 *
 * <p>Per kind and namespace a fabric8 informer lists and watches the objects; ADDED and MODIFIED
 * become upserts, DELETED becomes a delete. Events go through a {@link CacheWriter}, so the
 * informers never wait for the database. The informers re-list and re-watch by themselves when a
 * watch fails or expires.
 *
 * <p>Every {@code resyncInterval} (and once at start) a full resync lists all objects from the API
 * server and makes the cache match that list ({@link CacheStore#replaceAll}): this repairs a cache
 * that missed events, e.g. while the database was away or the watcher was stopped. The resync runs
 * on the writer thread, so events are held back while it runs and applied after it. A failed resync
 * is retried after {@code retryDelay}.
 */
public final class Watcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watcher.class);
  private static final long LIST_PAGE_SIZE = 500;

  private final KubernetesClient client;
  private final CacheStore store;
  private final WatcherConfig config;
  private final ObjectRows rows;
  private final CacheWriter writer;
  private final List<Target> targets;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("k8s-cache-resync").daemon(true).factory());
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private volatile boolean ready;

  /** One kind in one namespace ({@code namespace} null: in all namespaces). */
  private record Target(ResourceKind kind, String namespace) {
    @Override
    public String toString() {
      return kind.kind() + " in " + (namespace == null ? "all namespaces" : namespace);
    }
  }

  public Watcher(KubernetesClient client, CacheStore store, WatcherConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.rows = new ObjectRows(config.clusterId(), client.getKubernetesSerialization());
    this.writer = new CacheWriter(store, config.batchSize(), config.retryDelay());
    List<Target> list = new ArrayList<>();
    for (ResourceKind kind : config.kinds()) {
      for (String namespace : config.namespaces()) {
        list.add(
            new Target(kind, WatcherConfig.ALL_NAMESPACES.equals(namespace) ? null : namespace));
      }
    }
    this.targets = List.copyOf(list);
  }

  /** Starts the writer, the informers and the resync schedule; returns at once. */
  public void start() {
    log.info(
        "k8s watcher for cluster {} starting: {}, resync every {}",
        config.clusterId(),
        targets,
        config.resyncInterval());
    writer.start();
    for (Target target : targets) {
      SharedIndexInformer<GenericKubernetesResource> informer =
          resources(target).runnableInformer(0);
      informer.addEventHandler(new Handler(target));
      informer.exceptionHandler(
          (started, error) -> {
            log.warn("watch of {} failed; re-listing and watching again", target, error);
            return true;
          });
      informers.add(informer);
      informer
          .start()
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  log.info("watching {}", target);
                } else {
                  log.error("informer for {} did not start", target, error);
                }
              });
    }
    scheduler.execute(this::scheduledResync);
  }

  /**
   * Runs a full resync of every kind and namespace now (on the writer thread, after the events
   * already submitted) and waits for it.
   *
   * @return what the resyncs changed, summed
   * @throws CompletionException if a resync failed (the others still ran)
   */
  public WriteCounts resync() {
    return writer.execute(this::resyncAll).join();
  }

  /** True once a full resync succeeded: the cache then reflects the cluster. */
  public boolean isReady() {
    return ready;
  }

  /** The writer the informers feed. */
  CacheWriter writer() {
    return writer;
  }

  /** Stops the informers and the schedule, then writes the events still pending. */
  @Override
  public void close() {
    log.info("k8s watcher stopping");
    scheduler.shutdownNow();
    informers.forEach(SharedIndexInformer::stop);
    writer.close();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("k8s watcher stopped; events written since start: {}", writer.totals());
  }

  private void scheduledResync() {
    Duration next = config.resyncInterval();
    try {
      resync();
    } catch (RuntimeException e) {
      if (scheduler.isShutdown()) {
        return; // stopping: the writer cancelled the resync
      }
      next = config.retryDelay();
      log.error("full resync failed; next attempt in {}", next, e);
    }
    if (!scheduler.isShutdown()) {
      try {
        scheduler.schedule(this::scheduledResync, next.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private WriteCounts resyncAll() {
    WriteCounts total = WriteCounts.NONE;
    RuntimeException failure = null;
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      long start = System.nanoTime();
      try {
        Snapshot snapshot = list(target);
        WriteCounts counts =
            store.replaceAll(config.clusterId(), target.kind(), target.namespace(), snapshot);
        total = total.plus(counts);
        String watching = watchIsDown(i) ? " (its watch is down, the informer retries)" : "";
        log.info(
            "resync of {}: {} objects, {} added, {} updated, {} removed in {} ms{}",
            target,
            snapshot.objects().size(),
            counts.added(),
            counts.updated(),
            counts.removed(),
            (System.nanoTime() - start) / 1_000_000,
            watching);
      } catch (RuntimeException e) {
        log.warn("resync of {} failed", target, e);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (!ready) {
      ready = true;
      writeReadyFile();
    }
    return total;
  }

  private boolean watchIsDown(int target) {
    if (!ready || target >= informers.size()) {
      return false; // at start the first resync may come before the watches are up
    }
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(target);
    return informer.hasSynced() && !informer.isWatching();
  }

  private Snapshot list(Target target) {
    List<CachedObject> objects = new ArrayList<>();
    String resourceVersion = null;
    String continueToken = null;
    do {
      GenericKubernetesResourceList page =
          resources(target)
              .list(
                  new ListOptionsBuilder()
                      .withLimit(LIST_PAGE_SIZE)
                      .withContinue(continueToken)
                      .build());
      if (resourceVersion == null && page.getMetadata() != null) {
        resourceVersion = page.getMetadata().getResourceVersion();
      }
      for (GenericKubernetesResource resource : page.getItems()) {
        objects.add(rows.toCached(target.kind(), resource));
      }
      continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (continueToken != null && !continueToken.isEmpty());
    return new Snapshot(objects, resourceVersion);
  }

  private FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(Target target) {
    ResourceKind kind = target.kind();
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op =
            client.genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup(kind.group())
                    .withVersion(kind.version())
                    .withKind(kind.kind())
                    .withPlural(kind.plural())
                    .withNamespaced(true)
                    .build());
    return target.namespace() == null ? op.inAnyNamespace() : op.inNamespace(target.namespace());
  }

  private void writeReadyFile() {
    if (config.readyFile() == null) {
      return;
    }
    try {
      Files.writeString(config.readyFile(), Instant.now().toString());
    } catch (IOException e) {
      log.warn("cannot write the ready file {}", config.readyFile(), e);
    }
  }

  /** Turns informer notifications into cache events; runs on the informer's event thread. */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final Target target;

    Handler(Target target) {
      this.target = target;
    }

    @Override
    public void onAdd(GenericKubernetesResource resource) {
      submit(resource, CacheEvent.Type.UPSERT);
    }

    @Override
    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
      submit(resource, CacheEvent.Type.UPSERT);
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
      submit(resource, CacheEvent.Type.DELETE);
    }

    private void submit(GenericKubernetesResource resource, CacheEvent.Type type) {
      try {
        writer.submit(new CacheEvent(type, rows.toCached(target.kind(), resource)));
      } catch (RuntimeException e) {
        log.warn("cannot cache a {} event of {}", type, target, e);
      }
    }
  }
}
