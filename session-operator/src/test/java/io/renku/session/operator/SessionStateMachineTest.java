package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.renku.session.crd.ContainerCounts;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The original's states and messages (children.go, children_conditions.go, status.go). */
class SessionStateMachineTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration SCHEDULING_TIMEOUT = Duration.ofMinutes(10);

  private static StatefulSet sts(int replicas, Integer ready) {
    return new StatefulSetBuilder()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  private record Case(
      boolean deleting,
      boolean hibernated,
      StatefulSet sts,
      Pod pod,
      String childFailure,
      List<Event> podEvents,
      List<Event> stsEvents,
      Instant failedSchedulingSince) {

    static Case of(StatefulSet sts, Pod pod) {
      return new Case(false, false, sts, pod, null, List.of(), List.of(), null);
    }

    Case asHibernated() {
      return new Case(deleting, true, sts, pod, childFailure, podEvents, stsEvents, null);
    }

    Case asDeleting() {
      return new Case(true, hibernated, sts, pod, childFailure, podEvents, stsEvents, null);
    }

    Case withChildFailure(String failure) {
      return new Case(deleting, hibernated, sts, pod, failure, podEvents, stsEvents, null);
    }

    Case podEvents(Instant since, Event... events) {
      return new Case(
          deleting, hibernated, sts, pod, childFailure, List.of(events), stsEvents, since);
    }

    Case stsEvents(Event... events) {
      return new Case(
          deleting, hibernated, sts, pod, childFailure, podEvents, List.of(events), null);
    }

    SessionStateMachine.Evaluation evaluate() {
      return SessionStateMachine.evaluate(
          new SessionStateMachine.Observation(
              deleting,
              hibernated,
              sts,
              sts == null ? null : sts.getSpec().getReplicas(),
              pod,
              null,
              childFailure,
              () -> podEvents,
              () -> stsEvents,
              failedSchedulingSince,
              NOW,
              SCHEDULING_TIMEOUT));
    }
  }

  private static SessionStateMachine.Evaluation evaluate(StatefulSet sts, Pod pod) {
    return Case.of(sts, pod).evaluate();
  }

  private static Event event(String reason, String message, Instant at) {
    return new EventBuilder()
        .withReason(reason)
        .withMessage(message)
        .withLastTimestamp(at.toString())
        .withFirstTimestamp(at.toString())
        .build();
  }

  @Test
  void noChildrenYetIsNotReady() {
    var e = evaluate(null, null);
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(ContainerCounts.ZERO);
  }

  @Test
  void creatingContainerIsNotReadyWithoutError() {
    var e = evaluate(sts(1, null), Pods.creating("s"));
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(new ContainerCounts(0, 1));
  }

  @Test
  void readyPodAndStatefulSetIsRunning() {
    var e = evaluate(sts(1, 1), Pods.running("s", NOW));
    assertThat(e.state()).isEqualTo(SessionState.RUNNING);
    assertThat(e.containers()).isEqualTo(new ContainerCounts(1, 1));
    assertThat(e.sessionStartedAt()).isEqualTo(NOW);
  }

  @Test
  void readyPodButStatefulSetNotReadyIsNotReady() {
    assertThat(evaluate(sts(1, 0), Pods.running("s", NOW)).state())
        .isEqualTo(SessionState.NOT_READY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ErrImagePull", "ImagePullBackOff"})
  void imageFailuresFailWithTheOriginalsMessage(String reason) {
    var e = evaluate(sts(1, 0), Pods.imagePullFailure("s", reason));
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .isEqualTo(
            "failure to retrieve image for container amalthea-session: rpc error: manifest unknown");
  }

  @Test
  void crashLoopFailsWithTheOriginalsMessageAndQuotedReason() {
    Pod pod =
        Pods.pod(
            "s",
            "Running",
            List.of(),
            new ContainerStatusBuilder(Pods.waiting("CrashLoopBackOff", "back-off 5m0s \"x\""))
                .build());
    var e = evaluate(sts(1, 0), pod);
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .isEqualTo(
            "the command in container amalthea-session is crashing, this can occur when you run"
                + " out of disk space, this is the best reason for the crash we could extract:"
                + " \"back-off 5m0s \\\"x\\\"\"");
  }

  @Test
  void nonZeroExitFailsWithTheMessageOrTheDiskSpaceHint() {
    var withMessage = terminated(128, "fatal: repository not found");
    assertThat(evaluate(sts(1, 0), withMessage).message())
        .isEqualTo(
            "the container git-clone-0 terminated with an error fatal: repository not found");
    var without = terminated(1, null);
    assertThat(evaluate(sts(1, 0), without).message())
        .isEqualTo(
            "the command in container git-clone-0 terminated with an error exit code, this could"
                + " be because you are running out of disk space");
  }

  private static Pod terminated(int exitCode, String message) {
    return new PodBuilder(Pods.pod("s", "Pending", List.of()))
        .editStatus()
        .addNewInitContainerStatus()
        .withName("git-clone-0")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason("Error")
        .withMessage(message)
        .endTerminated()
        .endState()
        .endInitContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void otherWaitingReasonsFailWithTheMessage() {
    var e =
        evaluate(
            sts(1, 0),
            Pods.pod(
                "s",
                "Pending",
                List.of(),
                Pods.waiting("CreateContainerConfigError", "secret \"x\" not found")));
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .isEqualTo("the container amalthea-session is failing because secret \"x\" not found");
  }

  @Test
  void disruptionTargetFails() {
    Pod pod =
        Pods.pod(
            "s",
            "Running",
            List.of(
                Pods.condition(
                    "DisruptionTarget",
                    "True",
                    "TerminationByKubelet",
                    "The node was low on resource: memory.")));
    var e = evaluate(sts(1, 0), pod);
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message()).isEqualTo("The node was low on resource: memory.");
  }

  @Test
  void aStoppingPodIsNotReadyWithoutFailure() {
    // Containers killed while the pod stops (hibernation, eviction, restart) exit non-zero; the
    // original looks past a pod that is being deleted and reports NotReady.
    Pod stopping =
        new PodBuilder(Pods.running("s", NOW))
            .editMetadata()
            .withDeletionTimestamp(NOW.toString())
            .endMetadata()
            .editStatus()
            .editFirstContainerStatus()
            .withReady(false)
            .withNewState()
            .withNewTerminated()
            .withExitCode(143)
            .withReason("Error")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    var e = evaluate(sts(1, 1), stopping);
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.message()).isNull();

    Pod stoppingButStillReady =
        new PodBuilder(Pods.running("s", NOW))
            .editMetadata()
            .withDeletionTimestamp(NOW.toString())
            .endMetadata()
            .build();
    assertThat(evaluate(sts(1, 1), stoppingButStillReady).state())
        .isEqualTo(SessionState.NOT_READY);
  }

  @Test
  void beingDeletedIsNotReady() {
    var e = Case.of(sts(1, 1), Pods.running("s", NOW)).asDeleting().evaluate();
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.containers()).isEqualTo(new ContainerCounts(0, 1));
  }

  @Test
  void hibernatedAsSoonAsTheStatefulSetIsScaledToZeroEvenWithALeftoverPod() {
    var e =
        Case.of(sts(0, 1), Pods.imagePullFailure("s", "ErrImagePull")).asHibernated().evaluate();
    assertThat(e.state()).isEqualTo(SessionState.HIBERNATED);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(new ContainerCounts(0, 1));
  }

  @Test
  void failuresOfClaimsServiceOrIngressFail() {
    var e =
        Case.of(sts(1, 0), Pods.creating("s")).withChildFailure("the PVC \"s\" failed").evaluate();
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message()).isEqualTo("the PVC \"s\" failed");
  }

  @Test
  void failedSchedulingStartsTheClockAndFailsAfterTheTimeout() {
    Pod pending = Pods.unschedulable("s");
    Event failed =
        event(
            "FailedScheduling",
            "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.",
            NOW.minusSeconds(30));

    var first = Case.of(sts(1, 0), pending).podEvents(null, failed).evaluate();
    assertThat(first.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(first.failedSchedulingSince()).isEqualTo(NOW);
    // The Unschedulable pod condition is a warning meanwhile.
    assertThat(first.message())
        .isEqualTo(
            "the session cannot be scheduled due to: 0/3 nodes are available: 3 Insufficient"
                + " nvidia.com/gpu.. Please contact an administrator.");

    var within =
        Case.of(sts(1, 0), pending).podEvents(NOW.minus(Duration.ofMinutes(9)), failed).evaluate();
    assertThat(within.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(within.failedSchedulingSince()).isEqualTo(NOW.minus(Duration.ofMinutes(9)));

    var late =
        Case.of(sts(1, 0), pending).podEvents(NOW.minus(Duration.ofMinutes(10)), failed).evaluate();
    assertThat(late.state()).isEqualTo(SessionState.FAILED);
    assertThat(late.message())
        .isEqualTo("failed scheduling: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");
  }

  @Test
  void aLaterScheduledEventClearsFailedScheduling() {
    var e =
        Case.of(sts(1, 0), Pods.creating("s"))
            .podEvents(
                NOW.minus(Duration.ofMinutes(20)),
                event("Scheduled", "assigned to node-1", NOW.minusSeconds(5)),
                event("FailedScheduling", "0/3 nodes are available", NOW.minusSeconds(60)))
            .evaluate();
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.failedSchedulingSince()).isNull();
  }

  @Test
  void aQuotaRefusalOfThePodFailsTheSessionWithTheOriginalsMessage() {
    Event refused =
        event(
            "FailedCreate",
            "create Pod s-0 in StatefulSet s failed error: pods \"s-0\" is forbidden: exceeded"
                + " quota: renku-pool, requested: requests.cpu=520m, used: requests.cpu=3,"
                + " limited: requests.cpu=3",
            NOW);
    var e = Case.of(sts(1, 0), null).stsEvents(refused).evaluate();
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .isEqualTo(
            "Quota exceeded: Your resource pool does not contain enough free resources (CPU /"
                + " Memory / GPU / Storage) to schedule the session");

    var otherFailure =
        Case.of(sts(1, 0), null)
            .stsEvents(event("FailedCreate", "pods \"s-0\" is forbidden: no PriorityClass", NOW))
            .evaluate();
    assertThat(otherFailure.state()).isEqualTo(SessionState.NOT_READY);
    var hibernated = Case.of(sts(0, 0), null).asHibernated().stsEvents(refused).evaluate();
    assertThat(hibernated.state()).isEqualTo(SessionState.HIBERNATED);
  }

  @Test
  void completedPodSucceeds() {
    Pod done =
        Pods.pod(
            "s",
            "Succeeded",
            List.of(),
            new ContainerStatusBuilder()
                .withName("amalthea-session")
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withReason("Completed")
                .endTerminated()
                .endState()
                .build());
    var e = evaluate(sts(1, 0), done);
    assertThat(e.state()).isEqualTo(SessionState.SUCCEEDED);
    assertThat(e.containers()).isEqualTo(new ContainerCounts(1, 1));
  }

  @Test
  void initContainersCountAsReadyWhenCompletedOrRunningAsSidecars() {
    Pod pod =
        new PodBuilder(Pods.running("s", NOW))
            .editSpec()
            .addNewInitContainer()
            .withName("git-clone-0")
            .endInitContainer()
            .addNewInitContainer()
            .withName("sidecar")
            .withRestartPolicy("Always")
            .endInitContainer()
            .addNewInitContainer()
            .withName("late")
            .endInitContainer()
            .endSpec()
            .editStatus()
            .addNewInitContainerStatus()
            .withName("git-clone-0")
            .withReady(false)
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withReason("Completed")
            .endTerminated()
            .endState()
            .endInitContainerStatus()
            .addNewInitContainerStatus()
            .withName("sidecar")
            .withReady(true)
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .endInitContainerStatus()
            .addNewInitContainerStatus()
            .withName("late")
            .withReady(false)
            .withNewState()
            .withNewWaiting()
            .withReason("PodInitializing")
            .endWaiting()
            .endState()
            .endInitContainerStatus()
            .endStatus()
            .build();
    var e = evaluate(sts(1, 1), pod);
    assertThat(e.initContainers()).isEqualTo(new ContainerCounts(2, 3));
  }

  @Test
  void childFailuresReadTheStatusesAsTheOriginal() {
    PersistentVolumeClaim infeasible =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .withAllocatedResourceStatuses(Map.of("storage", "ControllerResizeInfeasible"))
            .endStatus()
            .build();
    assertThat(ChildFailures.of(infeasible, List.of(), null, null))
        .contains(
            "the PVC \"s\" failed with status \"ControllerResizeInfeasible\" for resource storage");
    var bound =
        new PersistentVolumeClaimBuilder(infeasible)
            .editStatus()
            .withPhase("Bound")
            .endStatus()
            .build();
    assertThat(ChildFailures.of(bound, List.of(), null, null)).isEmpty();
    assertThat(ChildFailures.of(bound, List.of(infeasible), null, null)).isPresent();

    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .addNewPort()
            .withPort(80)
            .withError("service port broken")
            .endPort()
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    assertThat(ChildFailures.of(null, List.of(), service, null)).contains("service port broken");
    var ingress =
        new IngressBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .addNewPort()
            .withPort(443)
            .withError("no certificate")
            .endPort()
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    assertThat(ChildFailures.of(null, List.of(), null, ingress)).contains("no certificate");
  }
}
