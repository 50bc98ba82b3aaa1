package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.Culling;
import io.renku.session.crd.ReconcileStrategy;
import io.renku.session.crd.SessionState;
import io.renku.session.crd.SessionType;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the fabric8 mock API server in CRUD mode. There is no kubelet or StatefulSet
 * controller in the mock: the tests play their part by writing pods and StatefulSet status.
 * Time-based culling uses a {@link MutableClock}, so no test sleeps for a limit.
 */
@EnableKubernetesMockClient(crud = true)
class SessionOperatorTest {

  private static final String NS = "test";

  /** Written by the CRD generator into the session-crd jar; equal to deploy/crds (CrdDriftTest). */
  static final String CRD = "/META-INF/fabric8/amaltheasessions.amalthea.dev-v1.yml";

  KubernetesClient client;

  private MutableClock clock;
  private ManualIdleProbe idle;
  private Operator operator;

  @BeforeEach
  void startOperator() throws Exception {
    installCrd(client);
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    idle = new ManualIdleProbe();
    operator =
        SessionOperator.start(
            client,
            OperatorSettings.defaults(NS).withRequeueInterval(Duration.ofMillis(200)),
            clock,
            idle);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  /** The generated CRD, so that the mock treats {@code status} as a subresource. */
  static void installCrd(KubernetesClient client) throws Exception {
    try (InputStream in = SessionOperatorTest.class.getResourceAsStream(CRD)) {
      var crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.resource(crd).createOr(NonDeletingOperation::update);
    }
  }

  @Test
  void createsTheChildrenWithTheSpecAndOwnerReferences() {
    AmaltheaSession created = create("s1", Sessions.spec("s1").build());

    StatefulSet sts = awaitStatefulSet("s1");
    var container = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getImage()).isEqualTo(Pods.IMAGE);
    assertThat(container.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8888);
    assertThat(container.getArgs())
        .containsExactly("jupyter server --ServerApp.base_url=/sessions/s1");
    assertThat(container.getWorkingDir()).isEqualTo("/home/jovyan/work");
    assertThat(container.getSecurityContext().getRunAsGroup()).isEqualTo(100L);
    assertThat(container.getResources().getLimits()).containsKey("nvidia.com/gpu");
    assertOwnedBy(sts, created);

    await()
        .untilAsserted(
            () -> {
              var pvc = client.persistentVolumeClaims().inNamespace(NS).withName("s1").get();
              var svc = client.services().inNamespace(NS).withName("s1").get();
              var ingress = ingress("s1");
              var secret = client.secrets().inNamespace(NS).withName("s1---internal").get();
              assertThat(pvc).isNotNull();
              assertThat(svc).isNotNull();
              assertThat(ingress).isNotNull();
              assertThat(secret).isNotNull();
              assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
                  .isEqualTo("2G");
              assertThat(svc.getSpec().getPorts().getFirst().getTargetPort().getIntVal())
                  .isEqualTo(65535);
              assertThat(ingress.getSpec().getRules().getFirst().getHost())
                  .isEqualTo("renku.example.org");
              assertOwnedBy(pvc, created);
              assertOwnedBy(svc, created);
              assertOwnedBy(ingress, created);
              assertOwnedBy(secret, created);
            });

    AmaltheaSessionStatus status = awaitState("s1", SessionState.NOT_READY);
    assertThat(status.url()).isEqualTo("https://renku.example.org/sessions/s1/");
    assertThat(status.runID()).hasSize(26);
    assertThat(get("s1").getMetadata().getFinalizers())
        .contains(AmaltheaSessionReconciler.FINALIZER);
  }

  @Test
  void statusFollowsThePod() {
    create("s1", Sessions.spec("s1").build());
    awaitStatefulSet("s1");

    kubelet(Pods.creating("s1"));
    var starting = awaitState("s1", SessionState.NOT_READY);
    await()
        .untilAsserted(
            () ->
                assertThat(status("s1").containerCounts())
                    .isNotNull()
                    .extracting("total")
                    .isEqualTo(1));
    assertThat(starting.error()).isNull();

    kubelet(Pods.running("s1", clock.instant()));
    statefulSetReady("s1", 1);
    var running = awaitState("s1", SessionState.RUNNING);
    assertThat(running.containerCounts().ready()).isEqualTo(1);
    assertThat(running.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.status()).isEqualTo("True");
            });

    kubelet(Pods.crashLooping("s1"));
    var crashing = awaitState("s1", SessionState.FAILED);
    assertThat(crashing.error())
        .startsWith("the command in container amalthea-session is crashing");
  }

  @Test
  void missingImageFailsWithTheReasonAndIsHibernatedAfterMaxFailedDuration() {
    create("s1", Sessions.spec("s1").culling(Culling.NONE.withMaxFailedDuration("5m")).build());
    awaitStatefulSet("s1");

    kubelet(Pods.imagePullFailure("s1", "ErrImagePull"));
    var failed = awaitState("s1", SessionState.FAILED);
    assertThat(failed.error())
        .isEqualTo(
            "failure to retrieve image for container amalthea-session: rpc error: manifest unknown");
    assertThat(failed.failingSince()).isNotNull();
    assertThat(failed.willHibernateAt()).isNotNull();
    assertThat(get("s1").getSpec().hibernated()).isFalse();

    clock.advance(Duration.ofMinutes(6));
    await().untilAsserted(() -> assertThat(get("s1").getSpec().hibernated()).isTrue());
    await().untilAsserted(() -> assertThat(statefulSet("s1").getSpec().getReplicas()).isZero());
  }

  @Test
  void hibernationScalesDownAndRemovesTheIngressAndResumeRestoresThem() {
    create("s1", Sessions.spec("s1").build());
    awaitStatefulSet("s1");
    await().until(() -> ingress("s1") != null);
    kubelet(Pods.running("s1", clock.instant()));
    statefulSetReady("s1", 1);
    String firstRun = awaitState("s1", SessionState.RUNNING).runID();

    setHibernated("s1", true);
    await()
        .untilAsserted(
            () -> {
              assertThat(statefulSet("s1").getSpec().getReplicas()).isZero();
              assertThat(ingress("s1")).isNull();
            });
    var hibernated = awaitState("s1", SessionState.HIBERNATED);
    assertThat(hibernated.hibernatedSince()).isNotNull();
    assertThat(hibernated.runID()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("s1").get()).isNotNull();
    // What the StatefulSet controller would do.
    client.pods().inNamespace(NS).withName(DesiredChildren.podName("s1")).delete();
    statefulSetReady("s1", 0);

    setHibernated("s1", false);
    await()
        .untilAsserted(
            () -> {
              assertThat(statefulSet("s1").getSpec().getReplicas()).isEqualTo(1);
              assertThat(ingress("s1")).isNotNull();
            });
    var resumed = awaitState("s1", SessionState.NOT_READY);
    assertThat(resumed.hibernatedSince()).isNull();
    assertThat(resumed.runID()).isNotNull().isNotEqualTo(firstRun);

    kubelet(Pods.running("s1", clock.instant()));
    statefulSetReady("s1", 1);
    awaitState("s1", SessionState.RUNNING);
  }

  @Test
  void idleSessionIsHibernatedThenDeletedWithItsAdoptedSecret() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s1")
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("auth", "authproxy: {token: t, cookie_key: _renku_session}"))
                .build())
        .create();
    create(
        "s1",
        Sessions.spec("s1")
            .culling(Culling.NONE.withMaxIdleDuration("10m").withMaxHibernatedDuration("1h"))
            .build());
    awaitStatefulSet("s1");
    kubelet(Pods.running("s1", clock.instant().minus(Duration.ofMinutes(1))));
    statefulSetReady("s1", 1);
    awaitState("s1", SessionState.RUNNING);

    idle.set("s1", true);
    await().untilAsserted(() -> assertThat(status("s1").idleSince()).isNotNull());
    assertThat(status("s1").idle()).isTrue();
    assertThat(get("s1").getSpec().hibernated()).isFalse();

    clock.advance(Duration.ofMinutes(11));
    await().untilAsserted(() -> assertThat(get("s1").getSpec().hibernated()).isTrue());
    var hibernated = awaitState("s1", SessionState.HIBERNATED);
    assertThat(ingress("s1")).isNull();
    assertThat(hibernated.idle()).isFalse();

    clock.advance(Duration.ofMinutes(30));
    // Still within maxHibernatedDuration: the session stays.
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get("s1") != null);

    clock.advance(Duration.ofMinutes(31));
    await().untilAsserted(() -> assertThat(get("s1")).isNull());
    assertThat(client.secrets().inNamespace(NS).withName("s1").get()).isNull();
  }

  @Test
  void maxAgeHibernatesEvenABusySession() {
    create("s1", Sessions.spec("s1").culling(Culling.NONE.withMaxAge("2h")).build());
    awaitStatefulSet("s1");
    kubelet(Pods.running("s1", clock.instant()));
    statefulSetReady("s1", 1);
    idle.set("s1", false);
    var running = awaitState("s1", SessionState.RUNNING);
    Instant created = Instant.parse(get("s1").getMetadata().getCreationTimestamp());
    assertThat(Instant.parse(running.willHibernateAt()))
        .isEqualTo(created.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));

    clock.advance(Duration.ofMinutes(121));
    await().untilAsserted(() -> assertThat(get("s1").getSpec().hibernated()).isTrue());
  }

  @Test
  void unsupportedSpecFailsWithoutChildren() {
    create("s1", Sessions.spec("s1").sessionType(SessionType.NON_INTERACTIVE).build());
    var failed = awaitState("s1", SessionState.FAILED);
    assertThat(failed.error()).contains("non-interactive");
    assertThat(statefulSet("s1")).isNull();
  }

  @Test
  void whenFailedOrHibernatedKeepsARunningSessionButStillPatchesScheduling() {
    create(
        "s1",
        Sessions.spec("s1").reconcileStrategy(ReconcileStrategy.WHEN_FAILED_OR_HIBERNATED).build());
    awaitStatefulSet("s1");
    kubelet(Pods.running("s1", clock.instant()));
    statefulSetReady("s1", 1);
    awaitState("s1", SessionState.RUNNING);

    var toleration =
        new TolerationBuilder().withKey("renku.io/dedicated").withOperator("Exists").build();
    retryOnConflict(
        () ->
            client
                .resources(AmaltheaSession.class)
                .inNamespace(NS)
                .withName("s1")
                .edit(
                    s -> {
                      var spec = s.getSpec();
                      s.setSpec(
                          spec.toBuilder()
                              .session(spec.session().toBuilder().image("renku/other:2").build())
                              .tolerations(List.of(toleration))
                              .build());
                      return s;
                    }));

    await()
        .untilAsserted(
            () ->
                assertThat(statefulSet("s1").getSpec().getTemplate().getSpec().getTolerations())
                    .containsExactly(toleration));
    assertThat(
            statefulSet("s1")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo(Pods.IMAGE);
    assertThat(status("s1").state()).isEqualTo(SessionState.RUNNING);
  }

  // --- helpers

  private AmaltheaSession create(String name, AmaltheaSessionSpec spec) {
    AmaltheaSession s = new AmaltheaSession();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(NS);
    s.setSpec(spec);
    return client.resource(s).create();
  }

  private AmaltheaSession get(String name) {
    return client.resources(AmaltheaSession.class).inNamespace(NS).withName(name).get();
  }

  private AmaltheaSessionStatus status(String name) {
    AmaltheaSession s = get(name);
    return s == null || s.getStatus() == null ? AmaltheaSessionStatus.EMPTY : s.getStatus();
  }

  private AmaltheaSessionStatus awaitState(String name, SessionState state) {
    await().untilAsserted(() -> assertThat(status(name).state()).isEqualTo(state));
    return status(name);
  }

  private StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private StatefulSet awaitStatefulSet(String name) {
    await().until(() -> statefulSet(name) != null);
    return statefulSet(name);
  }

  private Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace(NS).withName(name).get();
  }

  private void setHibernated(String name, boolean value) {
    client
        .resources(AmaltheaSession.class)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hibernated\":" + value + "}}");
  }

  /** Writes the pod with its status, as the kubelet would. */
  private void kubelet(Pod pod) {
    var status = pod.getStatus();
    client.resource(pod).createOr(NonDeletingOperation::update);
    retryOnConflict(
        () ->
            client
                .pods()
                .inNamespace(NS)
                .withName(pod.getMetadata().getName())
                .editStatus(
                    p -> {
                      p.setStatus(status);
                      return p;
                    }));
  }

  private void statefulSetReady(String name, int ready) {
    retryOnConflict(
        () ->
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName(name)
                .editStatus(
                    s -> {
                      s.setStatus(
                          new StatefulSetStatusBuilder()
                              .withReplicas(s.getSpec().getReplicas())
                              .withReadyReplicas(ready)
                              .build());
                      return s;
                    }));
  }

  /**
   * Runs a read-modify-write again when the operator wrote the same object in between (409), as the
   * kubelet and controllers do; under load the operator's own update can land between the read and
   * the write.
   */
  private static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  private static void assertOwnedBy(
      io.fabric8.kubernetes.api.model.HasMetadata child, AmaltheaSession owner) {
    assertThat(child.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(ref.getKind()).isEqualTo("AmaltheaSession");
              assertThat(ref.getController()).isTrue();
            });
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50));
  }
}
