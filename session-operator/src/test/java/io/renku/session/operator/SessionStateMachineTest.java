package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.renku.session.crd.ContainerCounts;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  private static SessionStateMachine.Evaluation evaluate(
      boolean hibernated, StatefulSet sts, Pod pod) {
    return evaluate(hibernated, sts, pod, null);
  }

  private static SessionStateMachine.Evaluation evaluate(
      boolean hibernated, StatefulSet sts, Pod pod, Instant failedSchedulingSince) {
    return SessionStateMachine.evaluate(
        new SessionStateMachine.Observation(
            false, hibernated, sts, pod, null, failedSchedulingSince, NOW, SCHEDULING_TIMEOUT));
  }

  @Test
  void noChildrenYetIsNotReady() {
    var e = evaluate(false, null, null);
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(ContainerCounts.ZERO);
  }

  @Test
  void creatingContainerIsNotReadyWithoutError() {
    var e = evaluate(false, sts(1, null), Pods.creating("s"));
    assertThat(e.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(new ContainerCounts(0, 1));
  }

  @Test
  void readyPodAndStatefulSetIsRunning() {
    Instant started = NOW.minusSeconds(60);
    var e = evaluate(false, sts(1, 1), Pods.running("s", started));
    assertThat(e.state()).isEqualTo(SessionState.RUNNING);
    assertThat(e.containers()).isEqualTo(new ContainerCounts(1, 1));
    assertThat(e.sessionStartedAt()).isEqualTo(started);
  }

  @Test
  void readyPodButStatefulSetNotReadyIsNotReady() {
    assertThat(evaluate(false, sts(1, 0), Pods.running("s", NOW)).state())
        .isEqualTo(SessionState.NOT_READY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ErrImagePull", "ImagePullBackOff", "InvalidImageName"})
  void imageFailuresFailWithTheReason(String reason) {
    var e = evaluate(false, sts(1, 0), Pods.imagePullFailure("s", reason));
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .startsWith("failure to retrieve image " + Pods.IMAGE)
        .contains(reason)
        .contains("manifest unknown");
  }

  @Test
  void crashLoopFailsWithTheLastExit() {
    var e = evaluate(false, sts(1, 0), Pods.crashLooping("s"));
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .contains("CrashLoopBackOff")
        .contains("137")
        .contains("OOMKilled")
        .contains("disk space");
  }

  @Test
  void nonZeroExitFails() {
    Pod pod =
        Pods.pod(
            "s",
            "Running",
            List.of(),
            new ContainerStatusBuilder()
                .withName("git-clone-0")
                .withNewState()
                .withNewTerminated()
                .withExitCode(128)
                .withReason("Error")
                .endTerminated()
                .endState()
                .build());
    var e = evaluate(false, sts(1, 0), pod);
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message()).isEqualTo("the container git-clone-0 exited with code 128 (Error)");
  }

  @Test
  void otherWaitingReasonsFail() {
    var e =
        evaluate(
            false,
            sts(1, 0),
            Pods.pod(
                "s",
                "Pending",
                List.of(),
                Pods.waiting("CreateContainerConfigError", "secret \"x\" not found")));
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message())
        .contains("CreateContainerConfigError")
        .contains("secret \"x\" not found");
  }

  @Test
  void failedPodPhaseFails() {
    Pod pod =
        new PodBuilder(Pods.pod("s", "Failed", List.of()))
            .editStatus()
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .endStatus()
            .build();
    var e = evaluate(false, sts(1, 0), pod);
    assertThat(e.state()).isEqualTo(SessionState.FAILED);
    assertThat(e.message()).contains("Evicted").contains("low on resource");
  }

  @Test
  void hibernatedAndScaledDownIsHibernatedEvenWithALeftoverPod() {
    var e = evaluate(true, sts(0, 1), Pods.imagePullFailure("s", "ErrImagePull"));
    assertThat(e.state()).isEqualTo(SessionState.HIBERNATED);
    assertThat(e.message()).isNull();
    assertThat(e.containers()).isEqualTo(ContainerCounts.ZERO);
  }

  @Test
  void hibernatedButNotYetScaledDownIsNotHibernated() {
    assertThat(evaluate(true, sts(1, 1), Pods.running("s", NOW)).state())
        .isEqualTo(SessionState.RUNNING);
  }

  @Test
  void unschedulableWarnsThenFailsAfterTheTimeout() {
    var fresh = evaluate(false, sts(1, 0), Pods.unschedulable("s"), null);
    assertThat(fresh.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(fresh.unschedulable()).isTrue();
    assertThat(fresh.message()).contains("Insufficient nvidia.com/gpu");

    var stillWithin =
        evaluate(false, sts(1, 0), Pods.unschedulable("s"), NOW.minus(Duration.ofMinutes(9)));
    assertThat(stillWithin.state()).isEqualTo(SessionState.NOT_READY);

    var late =
        evaluate(false, sts(1, 0), Pods.unschedulable("s"), NOW.minus(Duration.ofMinutes(10)));
    assertThat(late.state()).isEqualTo(SessionState.FAILED);
    assertThat(late.message()).startsWith("failed scheduling: 0/3 nodes are available");
  }

  @Test
  void deletingIsNotReadyAndConfigurationErrorsFail() {
    var deleting =
        SessionStateMachine.evaluate(
            new SessionStateMachine.Observation(
                true,
                false,
                sts(1, 1),
                Pods.running("s", NOW),
                null,
                null,
                NOW,
                SCHEDULING_TIMEOUT));
    assertThat(deleting.state()).isEqualTo(SessionState.NOT_READY);

    var unsupported =
        SessionStateMachine.evaluate(
            new SessionStateMachine.Observation(
                false,
                false,
                null,
                null,
                "remote sessions are not supported",
                null,
                NOW,
                SCHEDULING_TIMEOUT));
    assertThat(unsupported.state()).isEqualTo(SessionState.FAILED);
    assertThat(unsupported.message()).isEqualTo("remote sessions are not supported");
  }

  @Test
  void succeededPod() {
    assertThat(evaluate(false, sts(1, 0), Pods.pod("s", "Succeeded", List.of())).state())
        .isEqualTo(SessionState.SUCCEEDED);
  }

  @Test
  void initContainersCountAsReadyWhenDoneOrRunningAsSidecars() {
    Pod pod =
        new PodBuilder(Pods.running("s", NOW))
            .editSpec()
            .addNewInitContainer()
            .withName("git-clone-0")
            .endInitContainer()
            .addNewInitContainer()
            .withName("sidecar")
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
    var e = evaluate(false, sts(1, 1), pod);
    assertThat(e.initContainers()).isEqualTo(new ContainerCounts(2, 3));
  }
}
