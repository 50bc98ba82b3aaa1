package io.renku.k8s.watcher;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.core.health.HealthServer;
import io.renku.k8s.cache.CacheSchema;
import io.renku.k8s.cache.CacheStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the watcher as a process, configured by environment variables: the database ({@code
 * K8S_CACHE_DB_URL}, {@code K8S_CACHE_DB_USER}, {@code K8S_CACHE_DB_PASSWORD}, falling back to
 * {@code SPRING_DATASOURCE_URL}, {@code ..._USERNAME}, {@code ..._PASSWORD} so that it can share
 * the data service's settings), the cluster (fabric8's usual configuration: in-cluster service
 * account, {@code KUBECONFIG} or {@code ~/.kube/config}) and {@link WatcherConfig#fromEnv}. Serves
 * {@code /health/liveness} and {@code /health/readiness} on {@code HEALTH_PORT} ({@link
 * HealthServer}; ready once a full resync reached the cache, as the ready file). Stops gracefully
 * on SIGTERM.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String url = setting(env, "K8S_CACHE_DB_URL", "SPRING_DATASOURCE_URL");
    if (url == null) {
      log.error("set K8S_CACHE_DB_URL (jdbc:postgresql://host:port/database)");
      System.exit(2);
    }
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("k8s-cache");
    pool.setJdbcUrl(url);
    pool.setUsername(setting(env, "K8S_CACHE_DB_USER", "SPRING_DATASOURCE_USERNAME"));
    pool.setPassword(setting(env, "K8S_CACHE_DB_PASSWORD", "SPRING_DATASOURCE_PASSWORD"));
    pool.setMaximumPoolSize(2);
    pool.setConnectionTimeout(5_000);
    pool.setInitializationFailTimeout(-1); // start without the database; it may come up later

    KubernetesClient client = new KubernetesClientBuilder().build();
    WatcherConfig config;
    try {
      config = WatcherConfig.fromEnv(env, client.getNamespace());
    } catch (IllegalArgumentException e) {
      log.error("invalid settings: {}", e.getMessage());
      client.close();
      System.exit(2);
      return;
    }
    HikariDataSource dataSource = new HikariDataSource(pool);
    Watcher watcher = new Watcher(client, new CacheStore(dataSource), config);
    Optional<HealthServer> health;
    try {
      health = HealthServer.startFromEnv(env, watcher::isReady);
    } catch (IllegalArgumentException | IOException e) {
      log.error("cannot serve the health endpoints: {}", e.toString());
      client.close();
      dataSource.close();
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  main.interrupt(); // in case it still waits for the database
                  watcher.close();
                  client.close();
                  dataSource.close();
                  health.ifPresent(HealthServer::close);
                  stopped.countDown();
                },
                "k8s-watcher-shutdown"));

    // wait for the database (it may start after us), then migrate and watch
    while (true) {
      try {
        CacheSchema.migrate(dataSource);
        break;
      } catch (FlywayException e) {
        log.warn(
            "cannot migrate the cache schema, retrying in {}: {}",
            config.retryDelay(),
            e.getMessage().lines().findFirst().orElse(""));
        try {
          Thread.sleep(config.retryDelay());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
    watcher.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // SIGTERM: the shutdown hook stops everything
    }
  }

  private static String setting(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      value = env.get(fallback);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
