package io.renku.it.helm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart deploy/helm/renku as Helm itself (helm-java: Helm's Go library) lints and renders it,
 * every rendered object read into fabric8's typed model with nothing left over, and the rules the
 * chart exists to enforce: who may reach whom, who may do what, which images, no secret in clear.
 */
class ChartRenderTest {
  private static final Path CHART = Path.of(System.getProperty("renku.chart.dir"));
  private static final String VERSION = System.getProperty("renku.project.version");
  private static final String RELEASE = "renku";
  private static final List<String> DEPLOYABLES =
      List.of(
          "gateway",
          "data-service",
          "secrets-service",
          "data-tasks",
          "session-operator",
          "k8s-watcher");

  private static FakeApiServer cluster;

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @BeforeAll
  static void startFakeCluster() throws Exception {
    cluster = new FakeApiServer();
    cluster.writeKubeconfig(Path.of(System.getProperty("renku.kubeconfig")));
  }

  @AfterAll
  static void stopFakeCluster() {
    cluster.close();
  }

  @AfterEach
  void forgetSecrets() {
    cluster.clear();
  }

  @Test
  void generatedSecretsAreKeptOnUpgradeAndGivenOnesWin() throws Exception {
    // First install: nothing in the cluster, every key generated.
    Secret first = only(render("minimal.yaml"), Secret.class, RELEASE);
    String generated = first.getData().get("internal-token");
    assertThat(generated).isNotBlank();
    // Upgrade: the Secret is in the cluster; its generated values come back unchanged.
    cluster.putSecret("renku", RELEASE, serialization.asJson(first));
    Secret second = only(render("minimal.yaml"), Secret.class, RELEASE);
    assertThat(second.getData()).isEqualTo(first.getData());
    // A fresh install elsewhere generates another value (it is random, not a constant).
    cluster.clear();
    assertThat(only(render("minimal.yaml"), Secret.class, RELEASE).getData().get("internal-token"))
        .isNotEqualTo(generated);
    // A value given in the values wins over the kept one.
    assertThat(first.getData().get("postgres-password"))
        .isEqualTo(Base64.getEncoder().encodeToString("change-me".getBytes(UTF_8)));
  }

  @Test
  void helmLintFindsNothingInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void minimalValuesRenderTypedObjectsWithTheBuildsImages() throws Exception {
    List<HasMetadata> objects = render("minimal.yaml");
    assertThat(kinds(objects))
        .contains(
            "Deployment",
            "Service",
            "Ingress",
            "Secret",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "CustomResourceDefinition");
    Map<String, String> images = deploymentImages(objects);
    assertThat(images.keySet()).containsExactlyInAnyOrderElementsOf(DEPLOYABLES);
    // The names the Maven build's Jib gives the images (decision 0046):
    // renku/java-<module>:<version>
    images.forEach((c, image) -> assertThat(image).isEqualTo("renku/java-" + c + ":" + VERSION));
  }

  @Test
  void productionValuesUseTheRegistryAndTagAndTheDatabaseInitHook() throws Exception {
    List<HasMetadata> objects = render("production.yaml");
    deploymentImages(objects)
        .forEach(
            (c, image) ->
                assertThat(image).isEqualTo("registry.example.org/renku/java-" + c + ":0.1.0"));
    // (The hook Jobs, database init among them: thePlatformJobsRenderAsHooks... below.)
    assertThat(objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast))
        .filteredOn(d -> d.getSpec().getReplicas() > 1)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            RELEASE + "-gateway", RELEASE + "-data-service", RELEASE + "-secrets-service");
  }

  @Test
  void onlyTheGatewayReachesTheDataServiceAndOnlyTheDataServiceTheSecretsService()
      throws Exception {
    for (String values : List.of("minimal.yaml", "production.yaml")) {
      List<HasMetadata> objects = render(values);
      NetworkPolicy deny = only(objects, NetworkPolicy.class, RELEASE + "-default-deny");
      assertThat(deny.getSpec().getIngress()).isEmpty();
      assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(deny.getSpec().getPodSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/part-of", "renku");
      assertThat(sources(only(objects, NetworkPolicy.class, RELEASE + "-data-service")))
          .containsExactly("renku-gateway");
      assertThat(sources(only(objects, NetworkPolicy.class, RELEASE + "-secrets-service")))
          .containsExactly("renku-data-service");
      // /metrics of the three HTTP services: only from networkPolicies.metricsFrom, only its port
      for (String c : List.of("gateway", "data-service", "secrets-service")) {
        List<NetworkPolicyPeer> scrapers =
            metricsSources(only(objects, NetworkPolicy.class, RELEASE + "-" + c));
        if (values.equals("minimal.yaml")) {
          assertThat(scrapers).as(c).isEmpty();
        } else {
          assertThat(scrapers)
              .as(c)
              .singleElement()
              .satisfies(
                  p ->
                      assertThat(p.getNamespaceSelector().getMatchLabels())
                          .containsEntry("kubernetes.io/metadata.name", "monitoring"));
        }
      }
      // Every pod of the chart carries the labels the default deny selects.
      for (Deployment d : typed(objects, Deployment.class)) {
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
            .containsEntry("app.kubernetes.io/part-of", "renku")
            .containsEntry("app.kubernetes.io/instance", RELEASE);
      }
      // No other policy opens a port of the data service or the secrets service.
      assertThat(typed(objects, NetworkPolicy.class))
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder(
              RELEASE + "-default-deny",
              RELEASE + "-gateway",
              RELEASE + "-data-service",
              RELEASE + "-secrets-service");
    }
  }

  @Test
  void eachServiceAccountHasOnlyTheVerbsItNeeds() throws Exception {
    List<HasMetadata> objects = render("minimal.yaml");
    Set<String> readOnly = Set.of("get", "list", "watch");
    Role watcher = only(objects, Role.class, RELEASE + "-k8s-watcher");
    assertThat(watcher.getRules()).allSatisfy(r -> assertThat(readOnly).containsAll(r.getVerbs()));
    assertThat(verbs(watcher, "amalthea.dev", "amaltheasessions"))
        .containsOnly("get", "list", "watch");
    // what it watches with the chart's settings (K8S_WATCHER_KINDS unset), and nothing more
    assertThat(watcher.getRules())
        .flatExtracting(PolicyRule::getResources)
        .containsExactly("amaltheasessions");

    Role data = only(objects, Role.class, RELEASE + "-data-service");
    assertThat(verbs(data, "amalthea.dev", "amaltheasessions")).contains("create", "delete");
    assertThat(verbs(data, "shipwright.io", "buildruns")).contains("create", "delete");
    assertThat(verbs(data, "", "secrets")).contains("create").doesNotContain("list", "watch");

    Role operator = only(objects, Role.class, RELEASE + "-session-operator");
    // The operator runs sessions; creating them is the data service's alone.
    assertThat(verbs(operator, "amalthea.dev", "amaltheasessions"))
        .contains("watch", "patch")
        .doesNotContain("create", "delete");
    assertThat(verbs(operator, "apps", "statefulsets")).contains("create", "delete");
    assertThat(verbs(operator, "networking.k8s.io", "ingresses")).contains("create", "delete");

    // No ClusterRole at all: everything is namespaced.
    assertThat(kinds(objects)).doesNotContain("ClusterRole", "ClusterRoleBinding");
    // The gateway and data tasks never talk to the Kubernetes API: no token in their pods.
    for (String c : List.of("gateway", "data-tasks")) {
      PodSpec pod =
          only(objects, Deployment.class, RELEASE + "-" + c).getSpec().getTemplate().getSpec();
      String account = pod.getServiceAccountName();
      assertThat(
              only(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class, account)
                  .getAutomountServiceAccountToken())
          .isFalse();
    }
  }

  @Test
  void secretsGivenByReferenceAreNeverRenderedAndNoEnvCarriesOneInClear() throws Exception {
    List<HasMetadata> objects = render("production.yaml");
    Secret own = only(objects, Secret.class, RELEASE);
    // Every secret of the production example is an existing Secret: the chart's own holds nothing.
    assertThat(own.getData()).isNullOrEmpty();
    assertThat(own.getStringData()).isNullOrEmpty();
    Set<String> secretEnv =
        Set.of(
            "SPRING_DATASOURCE_PASSWORD",
            "SPRING_DATA_REDIS_PASSWORD",
            "RENKU_OIDC_CLIENT_SECRET",
            "RENKU_SESSIONS_KUBERNETES_OIDC_CLIENTSECRET",
            "RENKU_TOKEN_ENCRYPTION_KEY",
            "RENKU_GATEWAY_SECRET",
            "RENKU_SECRETS_INTERNALTOKEN",
            "RENKU_SPICEDB_PRESHAREDKEY");
    List<EnvVar> carried =
        containers(objects).stream()
            .flatMap(c -> c.getEnv().stream())
            .filter(e -> secretEnv.contains(e.getName()))
            .toList();
    assertThat(carried).extracting(EnvVar::getName).containsAll(secretEnv);
    for (EnvVar e : carried) {
      assertThat(e.getValue()).as(e.getName()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName())
          .as(e.getName())
          .isNotEqualTo(RELEASE);
    }

    // The key pair and the at-rest key are files from the given Secrets, the same in every replica.
    assertThat(secretVolumes(objects, "data-service"))
        .containsEntry("keys", "renku-secrets-service-keys")
        .containsEntry("encryption", "renku-shared-secrets");
    assertThat(secretVolumes(objects, "secrets-service"))
        .containsEntry("keys", "renku-secrets-service-keys");

    // With values in clear (minimal example), they land in the chart's Secret, not in any env.
    List<HasMetadata> minimal = render("minimal.yaml");
    assertThat(only(minimal, Secret.class, RELEASE).getData())
        .containsKeys(
            "postgres-password",
            "oidc-client-secret",
            "sessions-oidc-client-secret",
            "spicedb-preshared-key",
            "gateway-secret",
            "token-encryption-key",
            "internal-token",
            "encryption-key");
    assertThat(containers(minimal))
        .flatExtracting(Container::getEnv)
        .extracting(EnvVar::getValue)
        .doesNotContain("change-me");
  }

  @Test
  void everyContainerRunsNonRootReadOnlyAndIsProbedOnItsHealthEndpoints() throws Exception {
    List<HasMetadata> objects = render("production.yaml");
    for (Deployment d : typed(objects, Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      for (Container c : pod.getContainers()) {
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        // The services' actuator probes; the workers' health port (core's HealthServer).
        assertThat(c.getReadinessProbe().getHttpGet().getPath())
            .as(c.getName())
            .isEqualTo("/health/readiness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
        String probed = c.getReadinessProbe().getHttpGet().getPort().getStrVal();
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(probed);
        ContainerPort port =
            c.getPorts().stream()
                .filter(p -> p.getName().equals(probed))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + ": no port " + probed));
        boolean http = List.of("gateway", "data-service", "secrets-service").contains(c.getName());
        if (!http) {
          // the worker listens where the probe knocks
          assertThat(c.getEnv())
              .filteredOn(e -> e.getName().equals("HEALTH_PORT"))
              .singleElement()
              .extracting(EnvVar::getValue)
              .isEqualTo(port.getContainerPort().toString());
        }
      }
    }
  }

  @Test
  void theChartsCrdIsTheOneTheBuildGenerates() throws Exception {
    Path generated = CHART.resolve("../../crds/amaltheasessions.amalthea.dev.yaml");
    assertThat(Files.readString(CHART.resolve("crds/amaltheasessions.amalthea.dev.yaml")))
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void thePlatformJobsRenderAsHooksWithTheirSettingsAndTheRealmFile() throws Exception {
    // The realm the Job imports is the repository's realm file (Helm reads only inside the chart).
    String realmFile = Files.readString(CHART.resolve("../../keycloak/Renku-realm.json"));
    assertThat(Files.readString(CHART.resolve("files/Renku-realm.json"))).isEqualTo(realmFile);

    // Off by default: the minimal example renders neither the hooks nor their ConfigMap.
    assertThat(typed(renderWithHooks("minimal.yaml"), Job.class)).isEmpty();

    List<HasMetadata> objects = renderWithHooks("production.yaml");
    assertThat(typed(objects, Job.class))
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(
            RELEASE + "-database-init", RELEASE + "-realm-init", RELEASE + "-search-reprovision");

    Job realm = only(objects, Job.class, RELEASE + "-realm-init");
    Container init = realm.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(init.getImage()).isEqualTo("registry.example.org/renku/java-data-tasks:0.1.0");
    assertThat(init.getArgs()).containsExactly("realm-init");
    Map<String, EnvVar> env =
        init.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    // Keycloak's address and the realm's name come from oidc.issuer.
    assertThat(env.get("KEYCLOAK_URL").getValue()).isEqualTo("https://auth.example.org");
    assertThat(env.get("KEYCLOAK_REALM").getValue()).isEqualTo("Renku");
    assertThat(env.get("RENKU_PUBLIC_URL").getValue()).isEqualTo("https://renku.example.org");
    // Every secret by reference: the administrator's, the client's, the initial admin's password.
    assertThat(env.get("KEYCLOAK_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("keycloak-admin");
    assertThat(env.get("RENKU_OIDC_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("renku-oidc-client");
    assertThat(env.get("RENKU_INITIAL_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("renku-initial-admin");
    assertThat(env.get("RENKU_SESSIONS_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("renku-sessions-oidc-client");
    assertThat(init.getEnv())
        .allMatch(e -> e.getValue() == null || !e.getName().endsWith("PASSWORD"));
    assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    // The mounted ConfigMap holds the realm file as it is.
    var configMap =
        only(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, RELEASE + "-keycloak-realm");
    assertThat(configMap.getData().get("Renku-realm.json")).isEqualTo(realmFile.strip());

    Job reprovision = only(objects, Job.class, RELEASE + "-search-reprovision");
    Container request = reprovision.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(request.getArgs()).containsExactly("request-reprovision");
    assertThat(request.getEnv())
        .extracting(EnvVar::getName)
        .contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD");
  }

  @Test
  void theDatabaseInitHookMakesTheRoleTheDatabaseAndTheExtensionsAndRunsAgainSafely()
      throws Exception {
    Job job = only(renderWithHooks("production.yaml"), Job.class, RELEASE + "-database-init");
    Container init = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(init.getCommand()).containsExactly("/bin/sh", "-ec");
    String script = init.getArgs().getFirst();
    // Its script as the postgres image would run it, with the psql of the Debian package
    // (./renku test installs postgresql-client), against a real Postgres and its superuser.
    try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
      String password = "it's a \"quoted\" password";
      for (int run = 1; run <= 2; run++) { // pre-install, then pre-upgrade: nothing fails twice
        ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-ec", script).redirectErrorStream(true);
        Map<String, String> env = sh.environment();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(postgres.getPort()));
        env.put("PGUSER", "postgres");
        env.put("PGPASSWORD", "postgres");
        env.put("RENKU_DB", "renku-db");
        env.put("RENKU_USER", "renku-app");
        env.put("RENKU_PASSWORD", password);
        Process p = sh.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor()).as("run " + run + ":\n" + out).isZero();
      }
      // the role logs in with its password and owns the database with both extensions
      String url = postgres.getJdbcUrl("renku-app", "renku-db").replaceAll("[?&]user=[^&]*", "");
      try (var c = java.sql.DriverManager.getConnection(url, "renku-app", password);
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname ="
                          + " current_database()), (SELECT string_agg(extname, ',' ORDER BY"
                          + " extname) FROM pg_extension WHERE extname <> 'plpgsql')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("renku-app");
        assertThat(rs.getString(2)).isEqualTo("pg_trgm,pgcrypto");
      }
    }
  }

  /**
   * Renders with the hooks as plain objects: helm-java's template leaves hooks out, so a copy of
   * the chart without the {@code helm.sh/hook} annotations is rendered (nothing else changes).
   */
  private List<HasMetadata> renderWithHooks(String example) throws Exception {
    Path copy = Files.createTempDirectory(Path.of("target"), "chart-with-hooks-");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(CHART.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (f.getParent().endsWith("templates")) {
          Files.writeString(
              to, Files.readString(f).replaceAll("(?m)^\\s*helm\\.sh/hook:.*$\\n", ""));
        } else {
          Files.copy(f, to);
        }
      }
    }
    return render(copy, example);
  }

  // -- rendering and typed reading

  private List<HasMetadata> render(String example) throws Exception {
    return render(CHART, example);
  }

  private List<HasMetadata> render(Path chart, String example) throws Exception {
    String yaml =
        new Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace("renku")
            .withKubeVersion("1.31.0")
            .withValuesFile(chart.resolve("examples").resolve(example))
            .call();
    // Kept for a look after a failure: target/rendered-<example>.
    Files.writeString(Path.of("target", "rendered-" + example), yaml);
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      Object parsed = serialization.unmarshal(doc);
      assertThat(parsed).as(doc).isInstanceOf(HasMetadata.class);
      assertThat(parsed)
          .as("no typed model for:\n" + doc)
          .isNotInstanceOf(GenericKubernetesResource.class);
      UnknownFields.assertNone(parsed, ((HasMetadata) parsed).getKind());
      objects.add((HasMetadata) parsed);
    }
    if (objects.stream().noneMatch(o -> o.getKind().equals("CustomResourceDefinition"))) {
      // Helm's template leaves the crds/ directory out unless asked: read it as Helm installs it.
      Object crd =
          serialization.unmarshal(
              Files.readString(CHART.resolve("crds/amaltheasessions.amalthea.dev.yaml")));
      UnknownFields.assertNone(crd, "CustomResourceDefinition");
      objects.add((HasMetadata) crd);
    }
    return objects;
  }

  private static Set<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
  }

  private static <T extends HasMetadata> List<T> typed(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T only(
      List<HasMetadata> objects, Class<T> type, String name) {
    List<T> found =
        typed(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
    return found.getFirst();
  }

  private static Map<String, String> deploymentImages(List<HasMetadata> objects) {
    return typed(objects, Deployment.class).stream()
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .collect(Collectors.toMap(Container::getName, Container::getImage));
  }

  private static Map<String, String> secretVolumes(List<HasMetadata> objects, String component) {
    return only(objects, Deployment.class, RELEASE + "-" + component)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getVolumes()
        .stream()
        .filter(v -> v.getSecret() != null)
        .collect(Collectors.toMap(v -> v.getName(), v -> v.getSecret().getSecretName()));
  }

  private static List<Container> containers(List<HasMetadata> objects) {
    return Stream.concat(
            typed(objects, Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
            typed(objects, Job.class).stream().map(j -> j.getSpec().getTemplate().getSpec()))
        .flatMap(p -> p.getContainers().stream())
        .toList();
  }

  /** The app names of the pods a policy admits (each peer must be a pod selector). */
  /** The named ports a rule opens (a rule with none would open every port: refused). */
  private static List<String> ports(
      io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule rule) {
    assertThat(rule.getPorts()).as("a rule without ports opens every port").isNotEmpty();
    return rule.getPorts().stream().map(p -> p.getPort().getStrVal()).toList();
  }

  /** The rules that open the metrics port, and from where. */
  private static List<NetworkPolicyPeer> metricsSources(NetworkPolicy policy) {
    return policy.getSpec().getIngress().stream()
        .filter(r -> ports(r).contains("metrics"))
        .flatMap(r -> r.getFrom().stream())
        .toList();
  }

  /** The pods allowed to the API port ("http"); every other rule may open the metrics port only. */
  private static List<String> sources(NetworkPolicy policy) {
    List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule> api =
        policy.getSpec().getIngress().stream().filter(r -> ports(r).contains("http")).toList();
    assertThat(api).hasSize(1);
    assertThat(ports(api.getFirst())).containsExactly("http");
    assertThat(policy.getSpec().getIngress())
        .filteredOn(r -> !api.contains(r))
        .allSatisfy(r -> assertThat(ports(r)).containsExactly("metrics"));
    List<NetworkPolicyPeer> from = api.getFirst().getFrom();
    assertThat(from).allSatisfy(p -> assertThat(p.getNamespaceSelector()).isNull());
    return from.stream()
        .map(p -> p.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
        .toList();
  }

  private static List<String> verbs(Role role, String group, String resource) {
    return role.getRules().stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .map(PolicyRule::getVerbs)
        .flatMap(List::stream)
        .toList();
  }
}
