package io.renku.launcher;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.renku.data.DataServiceApplication;
import io.renku.data.tasks.DataTasks;
import io.renku.data.tasks.DataTasksSettings;
import io.renku.gateway.GatewayApplication;
import io.renku.identity.IdentityApplication;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrSchema;
import io.renku.secrets.service.SecretsServiceApplication;
import io.renku.secrets.service.config.KeysConfig;
import io.renku.secrets.service.delivery.DataServiceAddress;
import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import io.renku.spicedb.embedded.EmbeddedSpiceDbOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.solr.client.solrj.SolrClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running local-mode platform: Postgres (files in the data directory), the SpiceDB engine, the
 * identity provider, the secrets service and the data service (each on a loopback port of its own),
 * and the gateway on the one public port, which routes to the identity provider and the data
 * service (never to the secrets service, which only the data service calls, with a credential made
 * at each start); the search index, an embedded Solr in the data directory that the data service
 * queries, and the data tasks that keep it current (decision 0036). {@link #close()} stops them in
 * reverse order: the gateway first (requests in flight finish), Postgres last.
 */
public final class LocalPlatform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

  /** The Solr core (collection) of the search documents. */
  static final String SEARCH_CORE = "search";

  private final LocalPostgres postgres;
  private final EmbeddedSpiceDb spicedb;
  private final ConfigurableApplicationContext identity;
  private final ConfigurableApplicationContext secretsService;
  private final ConfigurableApplicationContext context;
  private final ConfigurableApplicationContext gateway;
  private final SearchIndex search;
  private final LocalKeys keys;
  private final long startupMillis;

  /** The embedded Solr holding the search index, and the data tasks writing it. */
  private record SearchIndex(
      SolrClient solr, SolrSchema.Result schema, HikariDataSource tasksDb, DataTasks tasks) {
    /** The data tasks first (they write Solr and read Postgres), then their pool, then Solr. */
    void close() {
      if (tasks != null) {
        tasks.close();
      }
      if (tasksDb != null) {
        tasksDb.close();
      }
    }

    void closeSolr() {
      try {
        solr.close();
      } catch (Exception e) {
        log.warn("Closing the search index failed: {}", e.toString());
      }
    }
  }

  private LocalPlatform(
      LocalPostgres postgres,
      EmbeddedSpiceDb spicedb,
      ConfigurableApplicationContext identity,
      ConfigurableApplicationContext secretsService,
      ConfigurableApplicationContext context,
      ConfigurableApplicationContext gateway,
      SearchIndex search,
      LocalKeys keys,
      long startupMillis) {
    this.postgres = postgres;
    this.spicedb = spicedb;
    this.identity = identity;
    this.secretsService = secretsService;
    this.context = context;
    this.gateway = gateway;
    this.search = search;
    this.keys = keys;
    this.startupMillis = startupMillis;
  }

  /**
   * Starts everything. Throws {@link IllegalStateException} with "could not lock" in the message
   * when another platform already uses the data directory.
   */
  public static LocalPlatform start(LauncherOptions o) throws Exception {
    long started = System.nanoTime();
    log.info("Starting Renku (local mode), data in {}", o.dataDir());
    ListenWarning.logIfExposed(o);
    // Takes the data directory's lock, stops a Postgres a crashed run left behind, then starts.
    LocalPostgres postgres = LocalPostgres.start(o.dataDir(), o.postgresPort());
    EmbeddedSpiceDb spicedb = null;
    ConfigurableApplicationContext identity = null;
    ConfigurableApplicationContext secretsService = null;
    CompletableFuture<ConfigurableApplicationContext> secretsStarting = new CompletableFuture<>();
    CompletableFuture<SearchIndex> solrStarting = new CompletableFuture<>();
    SearchIndex search = null;
    ConfigurableApplicationContext data = null;
    try {
      boolean embedded = o.authzEngine().equals("spicedb");
      // The engine's endpoints require a key made afresh at each start (its data is rebuilt
      // from Postgres at each start too), so other accounts on this machine cannot use its port.
      String spicedbKey = LocalSecrets.randomKey();
      spicedb =
          embedded
              ? EmbeddedSpiceDb.start(
                  EmbeddedSpiceDbOptions.defaults().withPresharedKey(spicedbKey))
              : null;
      LocalKeys keys = LocalKeys.loadOrCreate(o.dataDir().resolve("keys"));
      LocalSecrets secrets = LocalSecrets.loadOrCreate(o.dataDir().resolve("keys"));
      String publicUrl = o.publicUrl();

      Map<String, Object> id = database(postgres);
      id.put("server.port", 0);
      id.put("server.address", "127.0.0.1");
      id.put("renku.identity.issuer", publicUrl + "/auth");
      id.put("renku.identity.client-secret", secrets.gatewayClientSecret());
      id.put("renku.identity.redirect-uris[0]", publicUrl + "/api/auth/callback");
      id.put("renku.identity.post-logout-redirect-uris[0]", publicUrl + "/api/auth/logout/done");
      id.put("renku.identity.signing-key-file", keys.privateKeyFile().toString());
      id.put("renku.identity.signing-public-key-file", keys.publicKeyFile().toString());
      // The secrets service: the only holder of the private key that opens stored user secrets
      // (decision 0031). Its key pair lives with the data it opens (made at the first start); the
      // data service gets the public half only. It and the data service know each other by a
      // credential made afresh at every start.
      Path secretKeys = o.dataDir().resolve("keys").resolve("secrets");
      String secretsToken = LocalSecrets.randomKey();
      Map<String, Object> sec = database(postgres);
      sec.put("server.port", 0);
      sec.put("server.address", "127.0.0.1");
      sec.put("renku.secrets.key-dir", secretKeys.toString());
      sec.put("renku.secrets.internal-token", secretsToken);
      sec.put("renku.secrets.session-files-dir", o.dataDir().resolve("session-secrets").toString());
      // The search index: Solr in process, its home and index in the data directory.
      Path solrHome = o.dataDir().resolve("solr");
      // Started beside the identity provider, once that has set logging up (the first
      // application does, for all): the three have nothing to wait for from each other.
      SpringApplication identityApp = IdentityApplication.application();
      identityApp.addListeners(
          (ApplicationListener<ApplicationPreparedEvent>)
              e -> {
                Thread.ofPlatform()
                    .name("secrets-service-start")
                    .daemon()
                    .start(
                        () -> {
                          try {
                            secretsStarting.complete(
                                run(SecretsServiceApplication.application(), sec));
                          } catch (Throwable t) {
                            secretsStarting.completeExceptionally(t);
                          }
                        });
                Thread.ofPlatform()
                    .name("search-index-start")
                    .daemon()
                    .start(() -> startSolr(solrHome, solrStarting));
              });
      identity = run(identityApp, id);
      secretsService = join(secretsStarting);

      Map<String, Object> props = database(postgres);
      props.put("server.port", 0);
      props.put("server.address", "127.0.0.1");
      props.put("renku.authz-engine", o.authzEngine());
      if (embedded) {
        props.put("renku.spicedb.host", spicedb.host());
        props.put("renku.spicedb.port", spicedb.port());
        props.put("renku.spicedb.in-process-name", spicedb.inProcessName());
        props.put("renku.spicedb.preshared-key", spicedbKey);
      }
      props.put("renku.auth.public-key-file", keys.publicKeyFile().toString());
      // Tokens must name the identity provider as issuer; `./renku token` reads it from here.
      props.put("renku.auth.issuer", publicUrl + "/auth");
      LocalTokens.writeIssuer(o.dataDir(), publicUrl + "/auth");
      // Requests, Postgres and the engine share this machine's cores: running a few requests at
      // a time and queueing the rest keeps the slow ones from taking many times the average
      // (AdmissionFilter). RENKU_ADMISSION_MAX_CONCURRENT=0 turns that off.
      props.put(
          "renku.admission.max-concurrent",
          System.getenv()
              .getOrDefault(
                  "RENKU_ADMISSION_MAX_CONCURRENT",
                  String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
      // Sessions run here, in containers or as processes; the gateway proxies /sessions/<name>/
      // to them and asks the data service where each runs with a secret made fresh at every start.
      String internalToken = LocalSecrets.randomKey();
      Map<String, Object> sessionEngine = SessionEngine.prepare(o);
      props.putAll(sessionEngine);
      // Builds from code: podman builds pushed to a registry on loopback (started by the data
      // service), where sessions run as containers.
      props.putAll(LocalBuilds.prepare(o, sessionEngine));
      // Storage connection tests may reach this machine's own addresses (a local WebDAV or S3)
      // while the platform is reachable from this machine alone, as builds and clones may.
      props.put("renku.storage.allow-private-endpoints", o.listensOnLoopbackOnly());
      // User secrets' keys (the server's encryption key, the secrets service's key pair) live
      // with the data: secrets stored in this data directory open only with them.
      props.put("renku.secrets.key-dir", secretKeys.toString());
      props.put(
          "renku.secrets.public-key-file",
          secretKeys.resolve(KeysConfig.PUBLIC_KEY_FILE).toString());
      props.put("renku.secrets.service-url", "http://127.0.0.1:" + port(secretsService));
      props.put("renku.secrets.internal-token", secretsToken);
      props.put("renku.sessions.local-root", o.dataDir().resolve("sessions").toString());
      props.put("renku.sessions.public-url", publicUrl);
      // The gateway binds its port after the data service has restarted the sessions it kept.
      props.put("renku.sessions.reserved-ports", String.valueOf(o.port()));
      props.put("renku.sessions.internal-token", internalToken);
      // What vouches for the anonymous ids the gateway relays (decision 0015), fresh every start.
      String gatewaySecret = LocalSecrets.randomKey();
      props.put("renku.gateway-secret", gatewaySecret);
      long waited = System.nanoTime();
      search = join(solrStarting);
      waited = (System.nanoTime() - waited) / 1_000_000;
      SolrClient solr = search.solr();
      SpringApplication dataApp = new SpringApplication(DataServiceApplication.class);
      // The data service answers search queries from this index (ObjectProvider<SolrClient>).
      dataApp.addInitializers(c -> c.getBeanFactory().registerSingleton("searchSolrClient", solr));
      data = run(dataApp, props);
      // Postgres is migrated now: the tasks may read the data service's tables and the outbox.
      long tasksStarted = System.nanoTime();
      HikariDataSource tasksDb = dataTasksPool(postgres);
      search = new SearchIndex(solr, search.schema(), tasksDb, null); // the pool closes on failure
      search =
          new SearchIndex(
              solr,
              search.schema(),
              tasksDb,
              DataTasks.start(tasksDb, solr, DataTasksSettings.defaults(), search.schema()));
      log.info(
          "Search index in {} (embedded Solr, schema version {}; the start waited {} ms for it and"
              + " {} ms for the data tasks)",
          solrHome,
          search.schema().toVersion(),
          waited,
          (System.nanoTime() - tasksStarted) / 1_000_000);
      // The secrets service started first (the data service needs its address); now it learns
      // the data service's, where it asks for a user's key.
      secretsService.getBean(DataServiceAddress.class).set("http://127.0.0.1:" + port(data));

      Map<String, Object> gw = database(postgres);
      gw.put("server.port", o.port());
      gw.put("server.address", o.listen());
      gw.put("renku.gateway.public-url", publicUrl);
      gw.put("renku.gateway.data-service-url", "http://127.0.0.1:" + port(data));
      gw.put("renku.gateway.identity-url", "http://127.0.0.1:" + port(identity));
      gw.put("renku.gateway.oidc.issuer", publicUrl + "/auth");
      gw.put("renku.gateway.oidc.client-secret", secrets.gatewayClientSecret());
      gw.put("renku.gateway.oidc.account-url", publicUrl + "/auth/account");
      gw.put("renku.gateway.session.token-encryption-key", secrets.tokenEncryptionKey());
      // One gateway owns the sessions here, so it may reuse a login it read a moment ago.
      gw.put("renku.gateway.session.memory-ttl", "10s");
      gw.put("renku.gateway.sessions.internal-token", internalToken);
      gw.put("renku.gateway.data-service-secret", gatewaySecret);
      // The built web application (ui/dist), which ./renku up builds and names in RENKU_UI_DIR.
      String ui = System.getProperty("renku.ui-dir", System.getenv("RENKU_UI_DIR"));
      if (ui != null && !ui.isBlank()) {
        gw.put("renku.gateway.ui-dir", ui);
      }
      SpringApplication gatewayApp = GatewayApplication.application();
      if (!o.dataServiceOverHttp()) {
        // One JVM: the gateway hands /api/data requests to the data service without a socket.
        InProcessDataService inProcess = InProcessDataService.of(data);
        gatewayApp.addInitializers(
            c -> c.getBeanFactory().registerSingleton("dataServiceInProcess", inProcess));
      }
      ConfigurableApplicationContext gateway = run(gatewayApp, gw);
      log.info(
          "Gateway on {}:{}; behind it the data service on 127.0.0.1:{} ({}) and the identity"
              + " provider on 127.0.0.1:{}; the secrets service on 127.0.0.1:{} (the data"
              + " service's alone)",
          o.listen(),
          o.port(),
          port(data),
          o.dataServiceOverHttp() ? "reached over HTTP" : "reached in process",
          port(identity),
          port(secretsService));
      log.info("Gateway metrics at {} (this machine only)", metricsUrl(gateway));
      data.getBeanProvider(io.renku.data.builders.local.LocalRegistry.class)
          .ifAvailable(
              r ->
                  log.info(
                      "Image registry of builds from code on {} (this machine only), images in {}",
                      r.address(),
                      r.storage()));
      return new LocalPlatform(
          postgres,
          spicedb,
          identity,
          secretsService,
          data,
          gateway,
          search,
          keys,
          (System.nanoTime() - started) / 1_000_000);
    } catch (Exception | Error e) {
      if (search != null) {
        search.close();
      }
      if (data != null) {
        data.close();
      }
      // started (or still starting) beside the identity provider: closed once it is up
      solrStarting.thenAccept(SearchIndex::closeSolr);
      // started (or still starting) beside the identity provider: closed once it is up
      secretsStarting.thenAccept(ConfigurableApplicationContext::close);
      if (identity != null) {
        identity.close();
      }
      if (spicedb != null) {
        spicedb.close();
      }
      postgres.close();
      throw e;
    }
  }

  private static <T> T join(CompletableFuture<T> starting) throws Exception {
    try {
      return starting.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Starts the embedded Solr and brings its schema up to date (on its own thread). */
  private static void startSolr(Path home, CompletableFuture<SearchIndex> starting) {
    SolrClient solr = null;
    try {
      long t0 = System.nanoTime();
      solr = SolrClients.embedded(home, SEARCH_CORE);
      SolrSchema.Result schema = SolrSchema.apply(solr);
      log.info(
          "Embedded Solr started in {} ms (beside the identity provider)",
          (System.nanoTime() - t0) / 1_000_000);
      starting.complete(new SearchIndex(solr, schema, null, null));
    } catch (Throwable t) {
      if (solr != null) {
        try {
          solr.close();
        } catch (Exception ignored) {
          // failing already
        }
      }
      starting.completeExceptionally(t);
    }
  }

  /**
   * The data tasks' own small pool: a drain batch, a rebuild (its lock and its reads) and the
   * rebuild poller, so that a rebuild never takes connections from the data service's requests.
   */
  private static HikariDataSource dataTasksPool(LocalPostgres postgres) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("data-tasks");
    pool.setJdbcUrl(postgres.jdbcUrl("renku"));
    pool.setUsername(postgres.user());
    pool.setPassword(postgres.password());
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(1);
    return new HikariDataSource(pool);
  }

  private static Map<String, Object> database(LocalPostgres postgres) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("spring.datasource.url", postgres.jdbcUrl("renku"));
    props.put("spring.datasource.username", postgres.user());
    props.put("spring.datasource.password", postgres.password());
    return props;
  }

  private static ConfigurableApplicationContext run(
      SpringApplication app, Map<String, Object> props) {
    app.setRegisterShutdownHook(false); // close() stops everything in order
    // One process, one logging system (the first application initialises it): one service name
    // in every log line, the logger telling the parts apart.
    props.putIfAbsent("logging.structured.ecs.service.name", "renku");
    // As command-line arguments, these win over the services' files and environment variables.
    return app.run(
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static String metricsUrl(ConfigurableApplicationContext gateway) {
    return gateway.getBean(io.renku.gateway.web.MetricsConnector.class).url();
  }

  /** Where the gateway's Prometheus metrics are: a loopback port, never the public one. */
  public String gatewayMetricsUrl() {
    return metricsUrl(gateway);
  }

  /** Where sessions run: {@code container} or {@code process} ({@code renku.sessions.runtime}). */
  public String sessionRuntime() {
    return context.getEnvironment().getProperty("renku.sessions.runtime", "process");
  }

  /** The data service's own loopback port (the gateway's route to it when over HTTP). */
  int dataServicePort() {
    return port(context);
  }

  /** The secrets service's loopback port (internal: the gateway never routes to it). */
  public int secretsServicePort() {
    return port(secretsService);
  }

  /**
   * The data service's way to hand secrets to a session (the secrets service behind it), as the
   * session runtime uses it.
   */
  public io.renku.data.secret.SecretDelivery secretDelivery() {
    return context.getBean(io.renku.data.secret.SecretDelivery.class);
  }

  /** The embedded SpiceDB engine's TCP port, if it runs ({@code --authz-engine spicedb}). */
  public OptionalInt spicedbPort() {
    return spicedb == null ? OptionalInt.empty() : OptionalInt.of(spicedb.port());
  }

  public LocalKeys keys() {
    return keys;
  }

  /** The identity provider's issuer: what {@code iss} the data service accepts. */
  public String issuer() {
    return identity.getEnvironment().getRequiredProperty("renku.identity.issuer");
  }

  /** The search index's Solr (embedded, in the data directory), as the data service queries it. */
  public SolrClient searchSolrClient() {
    return search.solr();
  }

  public long startupMillis() {
    return startupMillis;
  }

  @Override
  public void close() {
    log.info("Stopping Renku: finishing requests in flight");
    gateway.close();
    // the data tasks stop before the data service and Solr: no write goes to a closed index
    search.close();
    context.close();
    search.closeSolr();
    secretsService.close();
    identity.close();
    if (spicedb != null) {
      spicedb.close();
    }
    postgres.close();
    log.info("Renku stopped");
  }
}
