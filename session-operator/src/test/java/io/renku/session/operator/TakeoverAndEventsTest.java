package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.ReconcileStrategy;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.SessionState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the fabric8 mock API server: taking over a StatefulSet the Go operator
 * created, the remote session's tunnel secret, and the quota refusal reported through a StatefulSet
 * event.
 */
@EnableKubernetesMockClient(crud = true)
class TakeoverAndEventsTest {

  private static final String NS = "test";

  KubernetesClient client;
  private Operator operator;

  private void startOperator() throws Exception {
    SessionOperatorTest.installCrd(client);
    operator =
        SessionOperator.start(
            client,
            OperatorSettings.defaults(NS).withRequeueInterval(Duration.ofMillis(200)),
            new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
            new ManualIdleProbe());
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  /**
   * The StatefulSet of golden/token-auth (what the Go operator creates), as the API server stores
   * it (defaults filled in, a kubectl annotation added), owned by the session: the operator's first
   * full update brings its own sidecars image but leaves selector, serviceName, podManagementPolicy
   * and the server's fields alone. The API server refuses any change of the first three.
   */
  @Test
  void aStatefulSetTheGoOperatorCreatedIsUpdatedWithoutTouchingImmutableFields() throws Exception {
    SessionOperatorTest.installCrd(client);
    AmaltheaSession session =
        client
            .getKubernetesSerialization()
            .unmarshal(resource("/golden/token-auth/session.yaml"), AmaltheaSession.class);
    session.getMetadata().setNamespace(NS);
    session.getMetadata().setUid(null);
    session.setStatus(null);
    session.setSpec(
        session.getSpec().toBuilder().reconcileStrategy(ReconcileStrategy.ALWAYS).build());
    AmaltheaSession created = client.resource(session).create();

    KubernetesList goChildren =
        client
            .getKubernetesSerialization()
            .unmarshal(resource("/golden/token-auth/children.yaml"), KubernetesList.class);
    StatefulSet goSts =
        (StatefulSet)
            goChildren.getItems().stream()
                .filter(StatefulSet.class::isInstance)
                .findFirst()
                .orElseThrow();
    goSts.getMetadata().setNamespace(NS);
    goSts.getMetadata().getOwnerReferences().getFirst().setUid(created.getMetadata().getUid());
    goSts
        .getMetadata()
        .getAnnotations()
        .put("kubectl.kubernetes.io/last-applied-configuration", "{}");
    goSts.getSpec().setRevisionHistoryLimit(10);
    goSts
        .getSpec()
        .setUpdateStrategy(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder()
                .withType("RollingUpdate")
                .build());
    var goSelector = Map.copyOf(goSts.getSpec().getSelector().getMatchLabels());
    assertThat(goSts.getSpec().getServiceName()).isNull();
    client.resource(goSts).create();

    startOperator();

    await()
        .untilAsserted(
            () ->
                assertThat(statefulSet("anon-1").getSpec().getTemplate().getSpec().getContainers())
                    .filteredOn(c -> c.getName().equals("authproxy"))
                    .singleElement()
                    .satisfies(
                        c ->
                            assertThat(c.getImage())
                                .isEqualTo(OperatorSettings.DEFAULT_SIDECARS_IMAGE)));
    StatefulSet taken = statefulSet("anon-1");
    assertThat(taken.getSpec().getSelector().getMatchLabels()).isEqualTo(goSelector);
    assertThat(taken.getSpec().getServiceName()).isNull();
    assertThat(taken.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(taken.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(taken.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(taken.getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration")
        .containsKey(DesiredChildren.SPEC_HASH_ANNOTATION)
        .containsKey(DesiredChildren.RUN_ID_ANNOTATION);
  }

  @Test
  void aRemoteSessionsTunnelSecretIsMadeOnceAndKept() throws Exception {
    startOperator();
    create("r1", Sessions.spec("r1").location(SessionLocation.REMOTE).build());
    await()
        .untilAsserted(
            () -> assertThat(tunnelSecret("r1")).isNotNull().hasSizeGreaterThanOrEqualTo(20));
    String first = tunnelSecret("r1");
    // A spec change rewrites the children (strategy always): the secret keeps its value. A merge
    // patch, not edit(): edit() sends the resource version it read, and the operator writing the
    // status in between made it fail with a conflict now and then.
    client
        .resources(AmaltheaSession.class)
        .inNamespace(NS)
        .withName("r1")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"priorityClassName\":\"large\"}}");
    await()
        .untilAsserted(
            () ->
                assertThat(
                        statefulSet("r1").getSpec().getTemplate().getSpec().getPriorityClassName())
                    .isEqualTo("large"));
    assertThat(tunnelSecret("r1")).isEqualTo(first);
  }

  @Test
  void aQuotaRefusalOfThePodFailsTheSessionWithTheOriginalsMessage() throws Exception {
    startOperator();
    create("q1", Sessions.spec("q1").build());
    await().until(() -> statefulSet("q1") != null);
    await().untilAsserted(() -> assertThat(status("q1").state()).isEqualTo(SessionState.NOT_READY));

    // What the StatefulSet controller reports when the ResourceQuota admission refuses the pod.
    client
        .v1()
        .events()
        .inNamespace(NS)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("q1.18f0000000000001")
                .withNamespace(NS)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("StatefulSet")
                .withName("q1")
                .withNamespace(NS)
                .endInvolvedObject()
                .withReason("FailedCreate")
                .withType("Warning")
                .withMessage(
                    "create Pod q1-0 in StatefulSet q1 failed error: pods \"q1-0\" is forbidden:"
                        + " exceeded quota: renku-pool, requested: requests.cpu=520m, used:"
                        + " requests.cpu=3, limited: requests.cpu=3")
                .build())
        .create();

    await().untilAsserted(() -> assertThat(status("q1").state()).isEqualTo(SessionState.FAILED));
    assertThat(status("q1").error()).isEqualTo(SessionStateMachine.QUOTA_EXCEEDED);
  }

  private String tunnelSecret(String name) {
    var secret =
        client.secrets().inNamespace(NS).withName(DesiredChildren.internalSecretName(name)).get();
    return secret == null || secret.getData() == null
        ? null
        : secret.getData().get("WSTUNNEL_SECRET");
  }

  private void create(String name, io.renku.session.crd.AmaltheaSessionSpec spec) {
    AmaltheaSession s = new AmaltheaSession();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(NS);
    s.setSpec(spec);
    client.resource(s).create();
  }

  private AmaltheaSessionStatus status(String name) {
    AmaltheaSession s =
        client.resources(AmaltheaSession.class).inNamespace(NS).withName(name).get();
    return s == null || s.getStatus() == null ? AmaltheaSessionStatus.EMPTY : s.getStatus();
  }

  private StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = TakeoverAndEventsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50));
  }
}
