package io.renku.it.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.cache.TestDatabase;
import io.renku.k8s.watcher.Watcher;
import io.renku.k8s.watcher.WatcherConfig;
import io.renku.session.operator.OperatorSettings;
import io.renku.session.operator.SessionOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session operator and the k8s watcher, each started against fabric8's mock API server with the
 * chart's CRD, Roles, RoleBindings and ServiceAccounts applied. The mock does not enforce RBAC, so
 * the test does: every request each sends (told apart by its user agent) must be one the chart's
 * Role allows, in the release's namespace. A verb one of them needs and its Role lacks fails here
 * instead of in a cluster.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRbacTest {
  private static final String NS = "renku";
  private static final String OPERATOR = "renku-session-operator-under-test";
  private static final String WATCHER = "renku-k8s-watcher-under-test";

  KubernetesMockServer server;
  KubernetesClient client;

  private Path chart;

  @BeforeEach
  void applyTheChart() throws Exception {
    chart = Path.of(System.getProperty("renku.chart.dir"));
    // Helm's lookup asks the fake API server; the chart's objects are applied to the mock.
    Path kubeconfig = Path.of(System.getProperty("renku.kubeconfig"));
    try (FakeApiServer lookups = new FakeApiServer()) {
      lookups.writeKubeconfig(kubeconfig);
      String yaml =
          new Helm(chart)
              .template()
              .withName("renku")
              .withNamespace(NS)
              .withKubeVersion("1.31.0")
              .withValuesFile(chart.resolve("examples/minimal.yaml"))
              .call();
      for (String doc : yaml.split("(?m)^---\\s*$")) {
        if (doc.contains("kind: Role") || doc.contains("kind: ServiceAccount")) {
          HasMetadata o = client.getKubernetesSerialization().unmarshal(doc);
          client.resource(o).inNamespace(NS).createOr(NonDeletingOperation::update);
        }
      }
    }
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    Files.readString(chart.resolve("crds/amaltheasessions.amalthea.dev.yaml")),
                    HasMetadata.class))
        .createOr(NonDeletingOperation::update);
  }

  @Test
  void theOperatorRunsASessionWithinTheChartsRole() throws Exception {
    KubernetesClient operatorClient = clientAs(OPERATOR);
    Operator operator =
        SessionOperator.start(
            operatorClient,
            OperatorSettings.defaults(NS),
            Clock.systemUTC(),
            (session, pod) -> Optional.empty());
    try {
      createSession("s1");
      // Until the operator has made the children and written the session's status: both paths
      // (children, status subresource) are then in the recorded requests.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client.resources(StatefulSet.class).inNamespace(NS).withName("s1").get() != null
                      && session("s1").get("status") != null);
    } finally {
      operator.stop();
      operatorClient.close();
    }
    Set<String> seen = assertWithinRole("renku-session-operator", OPERATOR);
    assertThat(seen)
        .contains(
            "patch amalthea.dev/amaltheasessions/status in renku",
            "create apps/statefulsets in renku");
  }

  @Test
  void theWatcherCachesASessionWithinTheChartsRole() throws Exception {
    // The settings the chart gives the watcher: only the database, the rest from its defaults.
    TestDatabase db = TestDatabase.get();
    db.clear();
    CacheStore store = new CacheStore(db.dataSource());
    KubernetesClient watcherClient = clientAs(WATCHER);
    try (Watcher watcher = new Watcher(watcherClient, store, WatcherConfig.fromEnv(Map.of(), NS))) {
      watcher.start();
      createSession("w1");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> store.get(ResourceKind.AMALTHEA_SESSION, NS, "w1").isPresent());
    } finally {
      watcherClient.close();
    }
    Set<String> seen = assertWithinRole("renku-k8s-watcher", WATCHER);
    assertThat(seen).contains("watch amalthea.dev/amaltheasessions in renku");
  }

  private KubernetesClient clientAs(String agent) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration())
                .withNamespace(NS)
                .withUserAgent(agent)
                .build())
        .build();
  }

  private void createSession(String name) {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: amalthea.dev/v1alpha1
                    kind: AmaltheaSession
                    metadata:
                      name: %s
                      namespace: renku
                      labels: {renku.io/safe-username: alice}
                    spec:
                      session:
                        image: renku/renkulab-py:3.12
                        port: 8888
                        urlPath: /sessions/%s
                    """
                        .formatted(name, name),
                    GenericKubernetesResource.class))
        .create();
  }

  private GenericKubernetesResource session(String name) {
    return client
        .genericKubernetesResources("amalthea.dev/v1alpha1", "AmaltheaSession")
        .inNamespace(NS)
        .withName(name)
        .get();
  }

  /**
   * Every request the mock recorded from {@code agent} must be one the chart's Role {@code role}
   * allows, in the release's namespace; returns what was seen.
   */
  private Set<String> assertWithinRole(String roleName, String agent) throws Exception {
    Role role = client.rbac().roles().inNamespace(NS).withName(roleName).get();
    assertThat(role).as(roleName).isNotNull();
    List<String> denied = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    int recorded = server.getRequestCount();
    for (int i = 0; i < recorded; i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      if (r == null) {
        break;
      }
      String ua = r.getHeader("User-Agent");
      if (ua == null || !ua.contains(agent)) {
        continue;
      }
      ApiRequest a = ApiRequest.of(r.getMethod(), r.getPath());
      seen.add(a.toString());
      if (!NS.equals(a.namespace()) || !allowed(role, a)) {
        denied.add(a.toString());
      }
    }
    assertThat(seen).as(agent + "'s requests").isNotEmpty();
    assertThat(denied).as("requests the chart's Role does not allow (seen: %s)", seen).isEmpty();
    return seen;
  }

  private static boolean allowed(Role role, ApiRequest a) {
    for (PolicyRule rule : role.getRules()) {
      if (rule.getApiGroups().contains(a.group())
          && rule.getResources().contains(a.resource())
          && rule.getVerbs().contains(a.verb())) {
        return true;
      }
    }
    return false;
  }

  /** A Kubernetes API request as RBAC sees it: group, resource (with subresource), verb. */
  record ApiRequest(String group, String namespace, String resource, String verb) {
    static ApiRequest of(String method, String pathAndQuery) {
      String path = pathAndQuery.split("\\?")[0];
      boolean watch = pathAndQuery.contains("watch=true") || pathAndQuery.contains("watch=1");
      String[] p = path.substring(1).split("/");
      int i;
      String group;
      if (p[0].equals("api")) {
        group = "";
        i = 2;
      } else {
        group = p[1];
        i = 3;
      }
      String namespace = null;
      if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
        namespace = p[i + 1];
        i += 2;
      }
      String resource = p[i];
      String name = i + 1 < p.length ? p[i + 1] : null;
      if (i + 2 < p.length) {
        resource = resource + "/" + p[i + 2];
      }
      String verb =
          switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method;
          };
      return new ApiRequest(group, namespace, resource, verb);
    }

    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " in " + namespace;
    }
  }
}
