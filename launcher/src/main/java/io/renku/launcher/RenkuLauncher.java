package io.renku.launcher;

import io.renku.data.DataServiceApplication;
import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Local mode: the whole platform in one JVM on one port. Starts Postgres (a real server from the
 * embedded binaries, data under the data directory), the SpiceDB engine (in memory, rebuilt from
 * Postgres at start), then the data service. Ctrl-C (SIGINT) or SIGTERM stops them in reverse
 * order: requests in flight finish first, Postgres stops last.
 */
public final class RenkuLauncher {
  private static final Logger log = LoggerFactory.getLogger(RenkuLauncher.class);

  private RenkuLauncher() {}

  public static void main(String[] args) throws Exception {
    LauncherOptions options;
    try {
      options = LauncherOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("renku: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.command().equals("token")) {
      printToken(options);
      return;
    }
    up(options);
  }

  private static void printToken(LauncherOptions o) {
    LocalKeys keys = LocalKeys.loadOrCreate(o.dataDir().resolve("keys"));
    String name = o.user() == null ? "admin" : o.user();
    String userId =
        o.subject() != null
            ? o.subject()
            : UUID.nameUUIDFromBytes(("renku-local:" + name).getBytes()).toString();
    String email = o.email() == null ? name + "@renku.local" : o.email();
    System.out.println(
        LocalTokens.mint(keys, userId, email, name, "", o.admin(), Duration.ofHours(12)));
  }

  static void up(LauncherOptions o) throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(o.dataDir());
    log.info("Starting Renku (local mode), data in {}", o.dataDir());

    EmbeddedPostgres postgres;
    try {
      postgres = startPostgres(o.dataDir().resolve("postgres"), o.postgresPort());
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).contains("could not lock")) {
        System.err.println(
            "renku: another Renku is already running with the data directory "
                + o.dataDir()
                + "; stop it first or pass --data-dir");
        System.exit(1);
      }
      throw e;
    }
    EmbeddedSpiceDb spicedb = EmbeddedSpiceDb.start();
    LocalKeys keys = LocalKeys.loadOrCreate(o.dataDir().resolve("keys"));

    Map<String, Object> props = new LinkedHashMap<>();
    props.put("server.port", o.port());
    props.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "renku"));
    props.put("spring.datasource.username", "postgres");
    props.put("spring.datasource.password", "postgres");
    props.put("renku.spicedb.host", spicedb.host());
    props.put("renku.spicedb.port", spicedb.port());
    props.put("renku.spicedb.in-process-name", spicedb.inProcessName());
    props.put("renku.auth.public-key-file", keys.publicKeyFile().toString());
    SpringApplication app = new SpringApplication(DataServiceApplication.class);
    app.setRegisterShutdownHook(false); // one hook below stops everything in order
    // As command-line arguments, these win over application.yml and environment variables.
    ConfigurableApplicationContext context =
        app.run(
            props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping Renku: finishing requests in flight");
                  context.close();
                  spicedb.close();
                  try {
                    postgres.close();
                  } catch (IOException e) {
                    log.warn("Postgres did not stop cleanly: {}", e.getMessage());
                  }
                  log.info("Renku stopped");
                },
                "renku-shutdown"));

    log.info(
        "Renku is ready on http://localhost:{}/api/data (started in {} ms). Get a token with"
            + " ./renku token --user <name> [--admin]",
        o.port(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Postgres keeps its files in {@code dir} between runs; the port is picked afresh. */
  static EmbeddedPostgres startPostgres(Path dir, int port) throws Exception {
    Files.createDirectories(dir);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPort(port == 0 ? freePort() : port)
            // The embedded defaults trade durability for speed (fsync off); local mode keeps
            // real data, so turn it back on.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'renku'")) {
      if (!rs.next()) {
        c.createStatement().execute("CREATE DATABASE renku");
        log.info("Created database renku in {}", dir);
      }
    }
    return pg;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
