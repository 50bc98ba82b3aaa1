package io.renku.launcher;

import io.renku.data.DataServiceApplication;
import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running local-mode platform: Postgres (files in the data directory), the SpiceDB engine, and
 * the data service. {@link #close()} stops them in reverse order: requests in flight finish first,
 * Postgres stops last.
 */
public final class LocalPlatform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

  private final EmbeddedPostgres postgres;
  private final EmbeddedSpiceDb spicedb;
  private final ConfigurableApplicationContext context;
  private final LocalKeys keys;
  private final long startupMillis;

  private LocalPlatform(
      EmbeddedPostgres postgres,
      EmbeddedSpiceDb spicedb,
      ConfigurableApplicationContext context,
      LocalKeys keys,
      long startupMillis) {
    this.postgres = postgres;
    this.spicedb = spicedb;
    this.context = context;
    this.keys = keys;
    this.startupMillis = startupMillis;
  }

  /**
   * Starts everything. Throws {@link IllegalStateException} with "could not lock" in the message
   * when another platform already uses the data directory.
   */
  public static LocalPlatform start(LauncherOptions o) throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(o.dataDir());
    log.info("Starting Renku (local mode), data in {}", o.dataDir());
    EmbeddedPostgres postgres =
        RenkuLauncher.startPostgres(o.dataDir().resolve("postgres"), o.postgresPort());
    EmbeddedSpiceDb spicedb = null;
    try {
      boolean embedded = o.authzEngine().equals("spicedb");
      spicedb = embedded ? EmbeddedSpiceDb.start() : null;
      LocalKeys keys = LocalKeys.loadOrCreate(o.dataDir().resolve("keys"));
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("server.port", o.port());
      props.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "renku"));
      props.put("spring.datasource.username", "postgres");
      props.put("spring.datasource.password", "postgres");
      props.put("renku.authz-engine", o.authzEngine());
      if (embedded) {
        props.put("renku.spicedb.host", spicedb.host());
        props.put("renku.spicedb.port", spicedb.port());
        props.put("renku.spicedb.in-process-name", spicedb.inProcessName());
      }
      props.put("renku.auth.public-key-file", keys.publicKeyFile().toString());
      SpringApplication app = new SpringApplication(DataServiceApplication.class);
      app.setRegisterShutdownHook(false); // close() stops everything in order
      // As command-line arguments, these win over application.yml and environment variables.
      ConfigurableApplicationContext context =
          app.run(
              props.entrySet().stream()
                  .map(e -> "--" + e.getKey() + "=" + e.getValue())
                  .toArray(String[]::new));
      return new LocalPlatform(
          postgres, spicedb, context, keys, (System.nanoTime() - started) / 1_000_000);
    } catch (Exception | Error e) {
      if (spicedb != null) {
        spicedb.close();
      }
      postgres.close();
      throw e;
    }
  }

  public LocalKeys keys() {
    return keys;
  }

  public long startupMillis() {
    return startupMillis;
  }

  @Override
  public void close() {
    log.info("Stopping Renku: finishing requests in flight");
    context.close();
    if (spicedb != null) {
      spicedb.close();
    }
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Postgres did not stop cleanly: {}", e.getMessage());
    }
    log.info("Renku stopped");
  }
}
