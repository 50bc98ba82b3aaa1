package io.renku.data.tasks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.renku.core.health.HealthServer;
import io.renku.search.solr.SolrClients;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.client.solrj.SolrClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data tasks as their own application in a cluster, configured by environment variables (module
 * README): the data service's database ({@code DATA_TASKS_DB_URL}, {@code DATA_TASKS_DB_USER},
 * {@code DATA_TASKS_DB_PASSWORD}, falling back to {@code SPRING_DATASOURCE_URL}, {@code
 * ..._USERNAME}, {@code ..._PASSWORD} so that it can share the data service's settings), Solr
 * ({@code SOLR_URL}, {@code SOLR_CORE}) and the tasks' settings. Waits for Postgres and Solr at
 * start (the data service migrates Postgres), stops on SIGTERM. Health: {@code /health/liveness}
 * and {@code /health/readiness} on {@code HEALTH_PORT} ({@link HealthServer}; ready once the tasks
 * run, i.e. Postgres with the data service's schema and Solr answered), and warnings in the log
 * when Postgres or Solr fail.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Settings read from the environment. */
  record Config(
      String dbUrl,
      String dbUser,
      String dbPassword,
      URI solrUrl,
      String solrCore,
      Duration solrTimeout,
      Duration retryDelay,
      DataTasksSettings tasks) {

    /**
     * @throws IllegalArgumentException when a required value is missing or a value is malformed
     */
    static Config fromEnv(Map<String, String> env) {
      String url = setting(env, "DATA_TASKS_DB_URL", "SPRING_DATASOURCE_URL");
      if (url == null) {
        throw new IllegalArgumentException(
            "set DATA_TASKS_DB_URL (jdbc:postgresql://host:port/database)");
      }
      String solr = setting(env, "SOLR_URL", null);
      if (solr == null) {
        throw new IllegalArgumentException("set SOLR_URL (e.g. http://solr:8983/solr)");
      }
      DataTasksSettings d = DataTasksSettings.defaults();
      return new Config(
          url,
          setting(env, "DATA_TASKS_DB_USER", "SPRING_DATASOURCE_USERNAME"),
          setting(env, "DATA_TASKS_DB_PASSWORD", "SPRING_DATASOURCE_PASSWORD"),
          URI.create(solr),
          env.getOrDefault("SOLR_CORE", "renku-search").trim(),
          duration(env, "SOLR_TIMEOUT", Duration.ofSeconds(30)),
          duration(env, "DATA_TASKS_RETRY_DELAY", Duration.ofSeconds(10)),
          new DataTasksSettings(
              integer(env, "DATA_TASKS_BATCH_SIZE", d.batchSize()),
              duration(env, "DATA_TASKS_IDLE_DELAY", d.idleDelay()),
              duration(env, "DATA_TASKS_COMMIT_WITHIN", d.commitWithin()),
              integer(env, "DATA_TASKS_PAGE_SIZE", d.pageSize()),
              duration(env, "DATA_TASKS_POLL_INTERVAL", d.pollInterval()),
              integer(env, "DATA_TASKS_PROGRESS_PAGES", d.progressEveryPages())));
    }
  }

  private Main() {}

  public static void main(String[] args) {
    Config config;
    DataTasks[] running = {null};
    // a flag, not running[0]: the health server must never wait for the lock a start holds
    AtomicBoolean ready = new AtomicBoolean();
    Optional<HealthServer> health;
    try {
      config = Config.fromEnv(System.getenv());
      health = HealthServer.startFromEnv(System.getenv(), ready::get);
    } catch (IllegalArgumentException e) {
      log.error("invalid settings: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (IOException e) {
      log.error("cannot serve the health endpoints: {}", e.toString());
      System.exit(2);
      return;
    }
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("data-tasks");
    pool.setJdbcUrl(config.dbUrl());
    pool.setUsername(config.dbUser());
    pool.setPassword(config.dbPassword());
    // one drain batch, a rebuild (its lock and its reads) and the poller's connection
    pool.setMaximumPoolSize(4);
    pool.setConnectionTimeout(5_000);
    pool.setInitializationFailTimeout(-1); // start without the database; it may come up later
    HikariDataSource dataSource = new HikariDataSource(pool);
    SolrClient solr = SolrClients.http(config.solrUrl(), config.solrCore(), config.solrTimeout());

    CountDownLatch stopped = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ready.set(false);
                  main.interrupt(); // in case it still waits for Postgres or Solr
                  synchronized (running) {
                    if (running[0] != null) {
                      running[0].close();
                    }
                  }
                  try {
                    solr.close();
                  } catch (Exception e) {
                    log.debug("closing the Solr client failed", e);
                  }
                  dataSource.close();
                  health.ifPresent(HealthServer::close);
                  stopped.countDown();
                },
                "data-tasks-shutdown"));

    // Postgres (migrated by the data service) and Solr may come up after us: retry until both
    // answer and the schema is applied
    while (true) {
      try {
        synchronized (running) {
          if (dataSource.isClosed()) {
            return;
          }
          running[0] = DataTasks.start(dataSource, solr, config.tasks());
        }
        ready.set(true);
        break;
      } catch (Exception e) {
        log.warn(
            "cannot start the data tasks, retrying in {} s: {}",
            config.retryDelay().toSeconds(),
            OutboxDrainer.shortError(e));
        try {
          Thread.sleep(config.retryDelay());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
    log.info(
        "Data tasks running against {} (Solr {}, core {})",
        config.dbUrl().replaceAll("\\?.*", ""),
        config.solrUrl().toString().replaceAll("://[^/@]+@", "://"),
        config.solrCore());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // SIGTERM: the shutdown hook stops everything
    }
  }

  private static String setting(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    if ((value == null || value.isBlank()) && fallback != null) {
      value = env.get(fallback);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.getOrDefault(name, "").trim();
    try {
      return value.isEmpty() ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + value, e);
    }
  }

  /** Milliseconds (a bare number) or an ISO-8601 duration such as {@code PT0.2S}. */
  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.getOrDefault(name, "").trim();
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return value.chars().allMatch(Character::isDigit)
          ? Duration.ofMillis(Long.parseLong(value))
          : Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a duration: " + value, e);
    }
  }
}
