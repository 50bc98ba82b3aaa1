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
import io.renku.session.operator.OperatorSettings;
import io.renku.session.operator.SessionOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The session operator started against fabric8's mock API server with the chart's CRD, Role,
 * RoleBinding and ServiceAccount applied. The mock does not enforce RBAC, so the test does: every
 * request the operator sends (told apart by its user agent) must be one the chart's Role allows, in
 * the release's namespace. A verb the operator needs and the Role lacks fails here instead of in a
 * cluster.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRbacTest {
  private static final String NS = "renku";
  private static final String AGENT = "renku-session-operator-under-test";

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theOperatorRunsASessionWithinTheChartsRole() throws Exception {
    Path chart = Path.of(System.getProperty("renku.chart.dir"));
    // Helm's lookup reaches the mock (it answers discovery); the chart's objects are applied to it.
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
    Role role = client.rbac().roles().inNamespace(NS).withName("renku-session-operator").get();
    assertThat(role).isNotNull();

    int before = server.getRequestCount();
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withNamespace(NS)
                    .withUserAgent(AGENT)
                    .build())
            .build();
    Operator operator =
        SessionOperator.start(
            operatorClient,
            OperatorSettings.defaults(NS),
            Clock.systemUTC(),
            (session, pod) -> Optional.empty());
    try {
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
                      apiVersion: amalthea.dev/v1alpha1
                      kind: AmaltheaSession
                      metadata: {name: s1, namespace: renku}
                      spec:
                        session:
                          image: renku/renkulab-py:3.12
                          port: 8888
                          urlPath: /sessions/s1
                      """,
                      GenericKubernetesResource.class))
          .create();
      // Until the operator has made the children and written the session's status: both paths
      // (children, status subresource) are then in the recorded requests.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client.resources(StatefulSet.class).inNamespace(NS).withName("s1").get() != null
                      && client
                              .genericKubernetesResources(
                                  "amalthea.dev/v1alpha1", "AmaltheaSession")
                              .inNamespace(NS)
                              .withName("s1")
                              .get()
                              .get("status")
                          != null);
    } finally {
      operator.stop();
      operatorClient.close();
    }

    List<String> denied = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    int count = server.getRequestCount() - before;
    // The recorded requests include those made before `before`: take them all, keep the operator's.
    List<RecordedRequest> all = new ArrayList<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
      if (r == null) {
        break;
      }
      all.add(r);
    }
    assertThat(count).isPositive();
    for (RecordedRequest r : all) {
      String agent = r.getHeader("User-Agent");
      if (agent == null || !agent.contains(AGENT)) {
        continue;
      }
      ApiRequest a = ApiRequest.of(r.getMethod(), r.getPath());
      seen.add(a.toString());
      if (!NS.equals(a.namespace()) || !allowed(role, a)) {
        denied.add(a.toString());
      }
    }
    assertThat(seen)
        .as("the operator's requests")
        .contains(
            "patch amalthea.dev/amaltheasessions/status in renku",
            "create apps/statefulsets in renku");
    assertThat(denied).as("requests the chart's Role does not allow (seen: %s)", seen).isEmpty();
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
