package io.renku.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.renku.gateway.support.RedisServer;
import io.renku.it.helm.FakeApiServer;
import io.renku.it.keycloak.KeycloakServer;
import io.renku.it.topology.ChartWorkloads.Workload;
import io.renku.session.operator.DesiredChildren;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The services as they run in a cluster: each from its own image (the tars the reactor's Jib
 * builds), as a separate container on one podman network, configured with nothing but what the Helm
 * chart renders for them (environment, Secret files, security context), against real Postgres,
 * Redis, Solr and Keycloak processes and fabric8's mock API server on this host. A person's browser
 * is played through the gateway's published port only: login at Keycloak, a project, a session the
 * operator runs and the watcher reports, the search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ClusterTopologyTest.LogsOnFailure.class)
class ClusterTopologyTest {
  private static final Path ROOT = Path.of(System.getProperty("renku.root")).normalize();
  private static final String VERSION = System.getProperty("renku.project.version");

  /** Each deployable of the chart and the module whose target/jib-image.tar holds its image. */
  private static final List<String> COMPONENTS =
      List.of(
          "secrets-service",
          "data-service",
          "gateway",
          "data-tasks",
          "session-operator",
          "k8s-watcher");

  /** Those that talk to the Kubernetes API (the mock server here). */
  private static final List<String> KUBERNETES_CLIENTS =
      List.of("data-service", "secrets-service", "session-operator", "k8s-watcher");

  static PodmanNetwork network;
  private PostgresServer postgres;
  private RedisServer redis;
  private SolrServer solr;
  private KeycloakServer keycloak;
  private String gatewayClientSecret;
  private String sessionsClientSecret;
  private MockCluster cluster;
  private ChartWorkloads chart;
  private String publicUrl;
  private final Map<String, String> containers = new LinkedHashMap<>();
  private Instant started;

  @BeforeAll
  void startTheTopology() throws Exception {
    try {
      start();
    } catch (Exception | AssertionError e) {
      if (network != null) {
        System.out.println(network.logs(60));
      }
      throw e;
    }
  }

  private void start() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/podman")),
        "podman is not installed: the topology is not run (./renku test installs it)");
    started = Instant.now();
    Path dir = Files.createTempDirectory("renku-topology");
    network = new PodmanNetwork(dir);
    String host = network.create();
    String subnet =
        network
            .ok(
                "network",
                "inspect",
                network.name,
                "--format",
                "{{range .Subnets}}{{.Subnet}}{{end}}")
            .out()
            .strip();
    int gatewayPort = freePort();
    publicUrl = "http://127.0.0.1:" + gatewayPort;
    String pgPassword = random();
    String redisPassword = random();
    gatewayClientSecret = random();
    String clientSecret = gatewayClientSecret;
    sessionsClientSecret = random();

    // The backing servers and the image loads, in parallel (2 cores: most of it is waiting).
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      Future<PostgresServer> pg =
          pool.submit(() -> PostgresServer.start(host, subnet, "renku", "renku", pgPassword));
      Future<RedisServer> rd = pool.submit(() -> RedisServer.start(host, redisPassword));
      Future<SolrServer> sr = pool.submit(() -> SolrServer.start(host));
      Future<KeycloakServer> kc =
          pool.submit(
              () ->
                  KeycloakServer.start(
                      Path.of(System.getProperty("keycloak.home")),
                      ROOT.resolve("deploy/keycloak/Renku-realm.json"),
                      host,
                      Map.of(
                          "RENKU_PUBLIC_URL",
                          publicUrl,
                          "RENKU_OIDC_CLIENT_SECRET",
                          clientSecret,
                          "RENKU_SESSIONS_CLIENT_SECRET",
                          sessionsClientSecret)));
      Future<MockCluster> mc =
          pool.submit(
              () ->
                  new MockCluster(
                      host, ROOT.resolve("deploy/crds/amaltheasessions.amalthea.dev.yaml")));
      List<Future<?>> loads = new ArrayList<>();
      for (String c : COMPONENTS) {
        Path tar = ROOT.resolve(c).resolve("target/jib-image.tar");
        loads.add(
            pool.submit(
                () -> {
                  if (!Files.isRegularFile(tar)) {
                    throw new IllegalStateException(
                        "no image of " + c + " at " + tar + " (mvn package builds it)");
                  }
                  return network.ok("load", "-q", "-i", tar.toString());
                }));
      }
      postgres = pg.get();
      redis = rd.get();
      solr = sr.get();
      cluster = mc.get();
      for (Future<?> f : loads) {
        f.get();
      }
      keycloak = kc.get();
    } finally {
      pool.shutdown();
    }
    System.out.printf(
        "topology: backing servers up and images loaded after %d s%n", seconds(started));

    // The chart, rendered for these servers; the key pair Secret is the operator's (README).
    String values =
        """
        domain: "127.0.0.1:%d"
        scheme: http
        postgres: {host: "%s", port: %d, database: renku, username: renku, password: "%s"}
        redis: {host: "%s", port: %d, password: "%s"}
        authz: {engine: postgres}
        solr: {url: "http://%s:%d/solr", core: %s}
        oidc: {issuer: "%s", clientId: renku, clientSecret: "%s"}
        sessions: {oidc: {clientSecret: "%s"}}
        secretKeys: {existingSecret: renku-topology-keys}
        """
            .formatted(
                gatewayPort,
                host,
                postgres.port,
                pgPassword,
                host,
                redis.port,
                redisPassword,
                host,
                solr.port,
                SolrServer.CORE,
                keycloak.issuer(),
                clientSecret,
                sessionsClientSecret);
    // Helm's lookup asks a cluster: a fake one where every Secret is missing (a first install)
    try (FakeApiServer lookups = new FakeApiServer()) {
      lookups.writeKubeconfig(Path.of(System.getProperty("renku.kubeconfig")));
      chart = ChartWorkloads.render(ROOT.resolve("deploy/helm/renku"), values, List.of(keyPair()));
    }

    for (String c : COMPONENTS) {
      Workload w = chart.workload(c);
      assertThat(w.image()).isEqualTo("renku/java-" + c + ":" + VERSION);
      containers.put(c, runAsTheChartSays(w, dir, gatewayPort));
    }
    for (String c : COMPONENTS) {
      awaitReady(c);
    }
    System.out.printf("topology: every service ready after %d s%n", seconds(started));
  }

  @AfterAll
  void stopTheTopology() {
    if (started != null) {
      System.out.printf("topology: whole test %d s%n", seconds(started));
    }
    if (network != null) {
      network.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {cluster, keycloak, solr, redis, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // next one
      }
    }
  }

  @Test
  void aPersonLogsInMakesAProjectAndRunsASessionAcrossTheContainers() throws Exception {
    String username = "topo-" + random().substring(0, 8);
    keycloak.createUser(
        username, username + "@example.org", "Topo", "Logy", "pw-" + username, false);
    Browser browser = new Browser(publicUrl);
    browser.logIn(username, "pw-" + username);

    Browser.Answer user = browser.get("/api/data/user");
    assertThat(user.status()).as(user.body()).isEqualTo(200);
    String namespace = user.field("username");
    assertThat(namespace).isNotBlank();

    String slug = "topo-" + random().substring(0, 6);
    Browser.Answer project =
        browser.post(
            "/api/data/projects",
            Map.of(
                "name",
                "Topology " + slug,
                "namespace",
                namespace,
                "slug",
                slug,
                "visibility",
                "private"));
    assertThat(project.status()).as(project.body()).isEqualTo(201);
    String projectId = project.field("id");
    Browser.Answer read = browser.get("/api/data/projects/" + projectId);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.field("slug")).isEqualTo(slug);

    Browser.Answer launcher =
        browser.post(
            "/api/data/session_launchers",
            Map.of(
                "name",
                "Lab",
                "project_id",
                projectId,
                "environment",
                Map.of(
                    "environment_kind", "CUSTOM",
                    "name", "Lab",
                    "container_image", "quay.io/jupyter/minimal-notebook:2025-01-01",
                    "port", 8888,
                    "default_url", "/lab")));
    assertThat(launcher.status()).as(launcher.body()).isEqualTo(201);

    // A session secret: the data service has the secrets service (the key pair's other half, the
    // internal token) write it into the cluster as the session's Secret.
    Browser.Answer slot =
        browser.post(
            "/api/data/session_secret_slots",
            Map.of("project_id", projectId, "filename", "api_token"));
    assertThat(slot.status()).as(slot.body()).isEqualTo(201);
    String planted = "planted-" + random();
    Browser.Answer filled =
        browser.patch(
            "/api/data/projects/" + projectId + "/session_secrets",
            List.of(Map.of("secret_slot_id", slot.field("id"), "value", planted)));
    assertThat(filled.status()).as(filled.body()).isEqualTo(201);

    Browser.Answer session =
        browser.post("/api/data/sessions", Map.of("launcher_id", launcher.field("id")));
    assertThat(session.status()).as(session.body()).isEqualTo(201);
    String name = session.field("name");
    Secret delivered =
        cluster
            .client
            .secrets()
            .inNamespace(ChartWorkloads.NAMESPACE)
            .withName(name + "-secrets")
            .get();
    assertThat(delivered).as("the session's secrets, written by the secrets service").isNotNull();
    assertThat(delivered.getData().values())
        .containsExactly(
            Base64.getEncoder().encodeToString(planted.getBytes(StandardCharsets.UTF_8)));

    // The session's login proxy logs in with the sessions' own client: the gateway's client
    // secret never enters a session's Secret.
    Secret auth =
        cluster.client.secrets().inNamespace(ChartWorkloads.NAMESPACE).withName(name).get();
    assertThat(auth).as("the session's Secret (its login proxy's settings)").isNotNull();
    // (written as stringData; the mock API server keeps it so, a real one would fold it into data)
    String proxy =
        auth.getStringData() != null && auth.getStringData().containsKey("auth")
            ? auth.getStringData().get("auth")
            : new String(
                Base64.getDecoder().decode(auth.getData().get("auth")), StandardCharsets.UTF_8);
    assertThat(proxy)
        .contains("client_id = \"renku-sessions\"")
        .contains(sessionsClientSecret)
        .doesNotContain(gatewayClientSecret);

    // The operator (its container) made the StatefulSet; the test is the kubelet.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster
                        .client
                        .apps()
                        .statefulSets()
                        .inNamespace(ChartWorkloads.NAMESPACE)
                        .withName(name)
                        .get()
                    != null);
    kubeletRuns(name);
    // The operator writes the status, the watcher caches it in Postgres, the data service reads it.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                browser
                    .get("/api/data/sessions/" + name)
                    .json()
                    .path("status")
                    .path("state")
                    .asText(),
            "running"::equals);

    Browser.Answer deleted = browser.delete("/api/data/sessions/" + name);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster
                        .client
                        .genericKubernetesResources("amalthea.dev/v1alpha1", "AmaltheaSession")
                        .inNamespace(ChartWorkloads.NAMESPACE)
                        .withName(name)
                        .get()
                    == null);

    // data tasks indexed the project into Solr; the data service's search finds it.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> browser.get("/api/data/search/query?q=" + slug).body(),
            b -> b.contains(projectId));
  }

  @Test
  void theServicesAnswerTheirProbesInsideTheNetworkAndOnlyTheGatewayIsPublished() throws Exception {
    for (String c : List.of("gateway", "data-service", "secrets-service")) {
      assertThat(readiness(c))
          .as(c + " readiness from inside the network")
          .startsWith("HTTP/1.1 200")
          .contains("{\"status\":\"UP\"}");
    }
    for (String c : COMPONENTS) {
      assertThat(network.running(containers.get(c))).as(c + " still running").isTrue();
      String ports = network.ok("port", containers.get(c)).out().strip();
      if (c.equals("gateway")) {
        assertThat(ports).startsWith("8080/tcp -> 127.0.0.1:");
      } else {
        assertThat(ports).as(c + " publishes nothing").isEmpty();
      }
    }
  }

  private String runAsTheChartSays(Workload w, Path dir, int gatewayPort) throws Exception {
    String name = network.name + "-" + w.component();
    Path own = dir.resolve(w.component());
    Files.createDirectories(own);
    Map<String, String> env = new LinkedHashMap<>(chart.withServiceAddressesOfPodman(w.env()));
    if (KUBERNETES_CLIENTS.contains(w.component())) {
      // What a pod's service account mount gives fabric8 in a cluster: the API server and the
      // namespace (here the mock server, plain HTTP, no token).
      env.put("KUBERNETES_MASTER", cluster.url);
      env.put("KUBERNETES_NAMESPACE", ChartWorkloads.NAMESPACE);
      env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    }
    // An env file (0600) keeps the secrets off the process list.
    Path envFile = own.resolve("env");
    StringBuilder lines = new StringBuilder();
    env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
    Files.writeString(envFile, lines);
    Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));

    List<String> options = new ArrayList<>(List.of("--name", name, "--network", network.name));
    chart
        .serviceOf(w.component())
        .ifPresent(alias -> options.addAll(List.of("--network-alias", alias)));
    options.addAll(List.of("--env-file", envFile.toString()));
    if (w.runAsUser() != null) {
      options.addAll(
          List.of(
              "--user",
              w.runAsUser() + ":" + (w.runAsGroup() == null ? w.runAsUser() : w.runAsGroup())));
    }
    if (w.readOnlyRootFilesystem()) {
      options.add("--read-only");
    }
    if (w.dropAllCapabilities()) {
      options.add("--cap-drop=all");
    }
    if (w.noNewPrivileges()) {
      options.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    for (String mount : w.emptyDirMounts()) {
      options.addAll(List.of("--tmpfs", mount + ":rw,mode=1777,size=512m"));
    }
    // Secret volumes as read-only files (readable by the pod's user, as with the chart's fsGroup).
    for (var f : w.files().entrySet()) {
      Path file = own.resolve("files" + f.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, f.getValue());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      options.addAll(List.of("-v", file + ":" + f.getKey() + ":ro"));
    }
    if (w.component().equals("gateway")) {
      options.addAll(List.of("-p", "127.0.0.1:" + gatewayPort + ":" + w.ports().getFirst()));
    }
    options.add(w.image());
    return network.run(options, List.of());
  }

  /** Until the chart's readiness probe of the component answers 200, as a kubelet would ask. */
  private void awaitReady(String component) {
    Workload w = chart.workload(component);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              if (!network.running(containers.get(component))) {
                throw new IllegalStateException(component + " exited");
              }
              // The kubelet probes the pod itself: here the container, by its name.
              return network
                  .httpGet(containers.get(component), w.readinessPort(), w.readinessPath())
                  .out()
                  .startsWith("HTTP/1.1 200");
            });
  }

  /** GET /health/readiness of a service from the shell container, by its Service name. */
  private String readiness(String component) throws Exception {
    Workload w = chart.workload(component);
    String alias = chart.serviceOf(component).orElseThrow();
    return network.httpGet(alias, w.readinessPort(), w.readinessPath()).out();
  }

  /** The kubelet's part: the session's pod runs and is ready, the StatefulSet counts it. */
  private void kubeletRuns(String session) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(DesiredChildren.podName(session))
            .withNamespace(ChartWorkloads.NAMESPACE)
            .withLabels(DesiredChildren.selectorLabels(session))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(DesiredChildren.SESSION_CONTAINER)
            .withImage("quay.io/jupyter/minimal-notebook:2025-01-01")
            .endContainer()
            .endSpec()
            .build();
    var status =
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                new PodConditionBuilder().withType("Ready").withStatus("True").build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(DesiredChildren.SESSION_CONTAINER)
                    .withImage("quay.io/jupyter/minimal-notebook:2025-01-01")
                    .withReady(true)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(Instant.now().toString())
                    .endRunning()
                    .endState()
                    .build())
            .build();
    var pods = cluster.client.pods().inNamespace(ChartWorkloads.NAMESPACE);
    pods.resource(pod).createOr(NonDeletingOperation::update);
    retryOnConflict(
        () ->
            pods.withName(pod.getMetadata().getName())
                .editStatus(
                    p -> {
                      p.setStatus(status);
                      return p;
                    }));
    retryOnConflict(
        () ->
            cluster
                .client
                .apps()
                .statefulSets()
                .inNamespace(ChartWorkloads.NAMESPACE)
                .withName(session)
                .editStatus(
                    (StatefulSet s) -> {
                      s.setStatus(
                          new StatefulSetStatusBuilder()
                              .withReplicas(s.getSpec().getReplicas())
                              .withReadyReplicas(1)
                              .build());
                      return s;
                    }));
  }

  /** A read-modify-write again when the operator wrote the same object in between (409). */
  private static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  /** The secrets service's key pair, made before the install as the chart's README says. */
  private static Secret keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    return new SecretBuilder()
        .withNewMetadata()
        .withName("renku-topology-keys")
        .withNamespace(ChartWorkloads.NAMESPACE)
        .endMetadata()
        .addToStringData("private-key", pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
        .addToStringData("public-key", pem("PUBLIC KEY", pair.getPublic().getEncoded()))
        .build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String random() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long seconds(Instant since) {
    return Duration.between(since, Instant.now()).toSeconds();
  }

  /** On a failure: each container's last log lines (the containers are removed afterwards). */
  static final class LogsOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (network != null) {
        System.out.println(network.logs(60));
      }
    }
  }
}
