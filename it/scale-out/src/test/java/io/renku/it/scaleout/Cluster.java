package io.renku.it.scaleout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.gateway.support.RedisServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A cluster's topology on one machine: one Postgres, one Redis, one SpiceDB (its own process), the
 * identity provider (its own process), one fabric8 mock Kubernetes API server (CRUD mode, the
 * AmaltheaSession CRD of {@code deploy/crds} applied) with one k8s watcher (its own process), two
 * data services and two gateways (each its own process).
 *
 * <p>Gateway A talks to data service 1 and gateway B to data service 2, fixed: whatever goes in
 * through one gateway and comes out through the other has crossed from one data service to the
 * other, so every check below is a check across replicas (behind a Kubernetes Service either
 * replica may answer; here it is always the other one). Both gateways have the same public URL (A's
 * address), as replicas behind one ingress have: a login started on B comes back to A's callback.
 */
final class Cluster implements AutoCloseable {
  static final String NAMESPACE = "renku-sessions";
  static final String ADMIN_PASSWORD = "admin-password-for-scale-out";
  static final String CLIENT_SECRET = "scale+out/client=secret";
  static final String GATEWAY_SECRET = "scale-out-gateway-secret";

  /** Access tokens live this long; the gateways refresh them this long before they expire. */
  static final int ACCESS_TTL_SECONDS = 14;

  static final int REFRESH_BEFORE_SECONDS = 7;

  /**
   * The data services' authorization engine: {@code spicedb} (the chart's default; one SpiceDB
   * process) or {@code postgres} ({@code -Drenku.scaleout.authz-engine=postgres}).
   */
  static final String AUTHZ_ENGINE = System.getProperty("renku.scaleout.authz-engine", "spicedb");

  /** How many sessions one user may have running or starting (both data services). */
  static final int MAX_SESSIONS_PER_USER = 2;

  final Path dir;
  final EmbeddedPostgres postgres;
  final RedisServer redis;
  final KubernetesMockServer kubernetesServer;
  final NamespacedKubernetesClient kubernetes;
  final String issuer;
  final String gatewayA;
  final String gatewayB;
  final Path identityAccessLogs;
  final int spicedbPort;
  final String spicedbKey;

  private final List<ServiceProcess> processes = new CopyOnWriteArrayList<>();
  final ServiceProcess dataService1;
  final ServiceProcess dataService2;

  /** Stops the processes should the test JVM end without {@link #close()} (killed, timed out). */
  private final Thread reaper = new Thread(this::killAll, "scale-out-reaper");

  Cluster() throws Exception {
    Runtime.getRuntime().addShutdownHook(reaper);
    dir = Path.of(System.getProperty("renku.scaleout.dir", "target/scale-out"));
    deleteRecursively(dir);
    Files.createDirectories(dir);
    try {
      postgres = EmbeddedPostgres.builder().start();
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE renku");
        c.createStatement().execute("CREATE DATABASE identity");
      }
      redis = RedisServer.start();
      kubernetesServer =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              new HashMap<>(),
              new KubernetesCrudDispatcher(List.of()),
              false);
      kubernetesServer.init();
      kubernetes = kubernetesServer.createClient();
      kubernetes
          .resource(
              kubernetes
                  .getKubernetesSerialization()
                  .unmarshal(
                      Files.readString(
                          Path.of(System.getProperty("renku.crd.dir", "../../deploy/crds"))
                              .resolve("amaltheasessions.amalthea.dev.yaml")),
                      HasMetadata.class))
          .createOr(NonDeletingOperation::update);

      int identityPort = freePort();
      spicedbPort = freePort();
      int portA = freePort();
      int portB = freePort();
      int port1 = freePort();
      int port2 = freePort();
      issuer = "http://127.0.0.1:" + identityPort + "/auth";
      gatewayA = "http://127.0.0.1:" + portA;
      gatewayB = "http://127.0.0.1:" + portB;
      spicedbKey = "scale-out-spicedb-key";
      identityAccessLogs = dir.resolve("identity-access");
      // fabric8 of every process: only the mock server, never this machine's ~/.kube/config
      Map<String, String> k8sEnv =
          Map.of(
              "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
              "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");

      // SpiceDB first: a data service writes its schema while it starts.
      ServiceProcess spicedb =
          !"spicedb".equals(AUTHZ_ENGINE)
              ? null
              : add(
                  ServiceProcess.start(
                      dir,
                      "spicedb",
                      "io.renku.spicedb.embedded.EmbeddedSpiceDbMain",
                      Map.of(),
                      Map.of("SPICEDB_GRPC_PRESHARED_KEY", spicedbKey),
                      List.of("--port", String.valueOf(spicedbPort), "--host", "127.0.0.1")));

      Map<String, Object> id = new LinkedHashMap<>();
      id.put("server.port", identityPort);
      id.put("server.address", "127.0.0.1");
      id.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "identity"));
      id.put("spring.datasource.username", "postgres");
      id.put("spring.datasource.password", "postgres");
      id.put("renku.identity.issuer", issuer);
      id.put("renku.identity.client-secret", CLIENT_SECRET);
      id.put("renku.identity.redirect-uris[0]", gatewayA + "/api/auth/callback");
      id.put("renku.identity.post-logout-redirect-uris[0]", gatewayA + "/api/auth/logout/done");
      id.put("renku.identity.admin-password", ADMIN_PASSWORD);
      id.put("renku.identity.access-token-ttl", ACCESS_TTL_SECONDS + "s");
      // every token request the gateways make, counted by the refresh test
      id.put("server.tomcat.accesslog.enabled", true);
      id.put("server.tomcat.accesslog.buffered", false);
      id.put("server.tomcat.accesslog.directory", identityAccessLogs);
      id.put("server.tomcat.accesslog.pattern", "%m %U %s");
      id.put("logging.structured.format.console", "");
      ServiceProcess identity =
          add(
              ServiceProcess.start(
                  dir,
                  "identity",
                  "io.renku.identity.IdentityApplication",
                  id,
                  Map.of(),
                  List.of()));

      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Map<String, Object> gw = new LinkedHashMap<>();
      gw.put("server.address", "127.0.0.1");
      // As in a cluster: login sessions and refresh locks in Redis, no database for the gateway.
      gw.put("spring.profiles.active", "redis");
      gw.put("spring.data.redis.host", "127.0.0.1");
      gw.put("spring.data.redis.port", redis.port);
      gw.put("renku.gateway.public-url", gatewayA);
      gw.put("renku.gateway.oidc.issuer", issuer);
      gw.put("renku.gateway.oidc.client-secret", CLIENT_SECRET);
      gw.put("renku.gateway.oidc.refresh-before", REFRESH_BEFORE_SECONDS + "s");
      // the same key in every replica: each decrypts the tokens the other stored
      gw.put("renku.gateway.session.token-encryption-key", Base64.getEncoder().encodeToString(key));
      gw.put("renku.gateway.data-service-secret", GATEWAY_SECRET);
      gw.put("renku.gateway.rate-limit.enabled", false);
      gw.put("logging.structured.format.console", "");
      ServiceProcess a = add(gateway("gateway-a", gw, portA, port1));
      ServiceProcess b = add(gateway("gateway-b", gw, portB, port2));

      ServiceProcess watcher =
          add(
              ServiceProcess.start(
                  dir,
                  "k8s-watcher",
                  "io.renku.k8s.watcher.Main",
                  Map.of(),
                  with(
                      k8sEnv,
                      Map.of(
                          "K8S_CACHE_DB_URL",
                          postgres.getJdbcUrl("postgres", "renku"),
                          "K8S_CACHE_DB_USER",
                          "postgres",
                          "K8S_CACHE_DB_PASSWORD",
                          "postgres",
                          "KUBERNETES_MASTER",
                          kubernetes.getMasterUrl().toString(),
                          "K8S_NAMESPACE",
                          NAMESPACE,
                          "K8S_WATCHER_READY_FILE",
                          dir.resolve("watcher-ready").toString(),
                          "K8S_WATCHER_RESYNC_INTERVAL",
                          "PT1H")),
                  List.of()));

      if (spicedb != null) {
        spicedb.awaitLog("listening on", Duration.ofSeconds(60));
      }
      Map<String, Object> ds = new LinkedHashMap<>();
      ds.put("server.address", "127.0.0.1");
      ds.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "renku"));
      ds.put("spring.datasource.username", "postgres");
      ds.put("spring.datasource.password", "postgres");
      ds.put("spring.datasource.hikari.maximum-pool-size", 10);
      // The chart's default (spicedb): relationships in Postgres (the source of truth), mirrored by
      // AuthzSync under its advisory lock into the one SpiceDB both replicas ask. With postgres,
      // both evaluate the schema over the one table.
      ds.put("renku.authz-engine", AUTHZ_ENGINE);
      ds.put("renku.spicedb.host", "127.0.0.1");
      ds.put("renku.spicedb.port", spicedbPort);
      ds.put("renku.spicedb.preshared-key", spicedbKey);
      ds.put("renku.auth.issuer-uri", issuer);
      ds.put("renku.gateway-secret", GATEWAY_SECRET);
      ds.put("renku.sessions.runtime", "kubernetes");
      ds.put("renku.sessions.max-per-user", MAX_SESSIONS_PER_USER);
      ds.put("renku.sessions.public-url", gatewayA);
      ds.put("renku.sessions.kubernetes.master-url", kubernetes.getMasterUrl().toString());
      ds.put("renku.sessions.kubernetes.namespace", NAMESPACE);
      ds.put("renku.sessions.kubernetes.ingress-host", "127.0.0.1");
      ds.put("renku.sessions.kubernetes.oidc.issuer-url", issuer);
      ds.put("renku.sessions.kubernetes.oidc.client-secret", "session-oidc-secret");
      ds.put("logging.structured.format.console", "");
      // Both at once, on an empty database: migrations and first-start work race as in a rollout.
      dataService1 = add(dataService("data-service-1", ds, port1, k8sEnv));
      dataService2 = add(dataService("data-service-2", ds, port2, k8sEnv));

      CompletableFuture.allOf(
              healthy(identity, issuer + "/health"),
              healthy(a, gatewayA + "/health"),
              healthy(b, gatewayB + "/health"),
              healthy(dataService1, "http://127.0.0.1:" + port1 + "/health"),
              healthy(dataService2, "http://127.0.0.1:" + port2 + "/health"))
          .join();
      awaitFile(dir.resolve("watcher-ready"), watcher);
    } catch (Exception | Error e) {
      System.err.println("The cluster did not start; output of its processes:" + logs());
      close();
      throw e;
    }
  }

  private ServiceProcess gateway(
      String name, Map<String, Object> settings, int port, int dataServicePort) {
    Map<String, Object> gw = new LinkedHashMap<>(settings);
    gw.put("server.port", port);
    gw.put("renku.gateway.data-service-url", "http://127.0.0.1:" + dataServicePort);
    return ServiceProcess.start(
        dir, name, "io.renku.gateway.GatewayApplication", gw, Map.of(), List.of());
  }

  private ServiceProcess dataService(
      String name, Map<String, Object> settings, int port, Map<String, String> env) {
    Map<String, Object> ds = new LinkedHashMap<>(settings);
    ds.put("server.port", port);
    ds.put("renku.sessions.local-root", dir.resolve(name + "-sessions"));
    return ServiceProcess.start(
        dir, name, "io.renku.data.DataServiceApplication", ds, env, List.of());
  }

  private static CompletableFuture<Void> healthy(ServiceProcess p, String url) {
    return CompletableFuture.runAsync(() -> p.awaitHealthy(url, Duration.ofSeconds(240)));
  }

  private static void awaitFile(Path file, ServiceProcess owner) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      if (!owner.alive()) {
        throw new IllegalStateException(owner.name + " exited:\n" + owner.tail());
      }
      Thread.sleep(100);
    }
    if (!Files.exists(file)) {
      throw new IllegalStateException(owner.name + " did not get ready:\n" + owner.tail());
    }
  }

  private ServiceProcess add(ServiceProcess p) {
    processes.add(p);
    return p;
  }

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new LinkedHashMap<>(a);
    all.putAll(b);
    return all;
  }

  DataSource dataSource() {
    return postgres.getDatabase("postgres", "renku");
  }

  /** How many token requests (code exchanges and refreshes) the identity provider answered. */
  long tokenRequests() throws IOException {
    long n = 0;
    if (!Files.isDirectory(identityAccessLogs)) {
      return 0;
    }
    try (var files = Files.list(identityAccessLogs)) {
      for (Path f : files.toList()) {
        n +=
            Files.readAllLines(f).stream()
                .filter(l -> l.startsWith("POST /auth/oauth2/token "))
                .count();
      }
    }
    return n;
  }

  /** The output of every process, for a failed test's report. */
  String logs() {
    StringBuilder all = new StringBuilder();
    for (ServiceProcess p : processes) {
      all.append("\n===== ").append(p.name).append(" (").append(p.log).append(") =====\n");
      all.append(p.tail());
    }
    return all.toString();
  }

  private void killAll() {
    processes.forEach(ServiceProcess::kill);
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public void close() {
    // All at once: each waits for its graceful shutdown.
    processes.parallelStream().forEach(ServiceProcess::close);
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    if (kubernetesServer != null) {
      kubernetesServer.destroy();
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
