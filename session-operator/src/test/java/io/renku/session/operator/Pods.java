package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.List;

/** Session pods as the kubelet would report them, for the state machine and the mock server. */
final class Pods {

  static final String IMAGE = "renku/renkulab-py:3.12";

  private Pods() {}

  static Pod pod(
      String session, String phase, List<PodCondition> conditions, ContainerStatus... statuses) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(DesiredChildren.podName(session))
        .withNamespace("test")
        .withLabels(DesiredChildren.selectorLabels(session))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(DesiredChildren.SESSION_CONTAINER)
        .withImage(IMAGE)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withConditions(conditions)
        .withContainerStatuses(statuses)
        .endStatus()
        .build();
  }

  static Pod creating(String session) {
    return pod(
        session,
        "Pending",
        List.of(condition("Ready", "False", null, null)),
        waiting("ContainerCreating", null));
  }

  static Pod running(String session, Instant startedAt) {
    return pod(
        session,
        "Running",
        List.of(
            condition("PodScheduled", "True", null, null), condition("Ready", "True", null, null)),
        new ContainerStatusBuilder()
            .withName(DesiredChildren.SESSION_CONTAINER)
            .withImage(IMAGE)
            .withReady(true)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning()
            .withStartedAt(startedAt.toString())
            .endRunning()
            .endState()
            .build());
  }

  static Pod imagePullFailure(String session, String reason) {
    return pod(
        session,
        "Pending",
        List.of(condition("Ready", "False", null, null)),
        waiting(reason, "rpc error: manifest unknown"));
  }

  static Pod crashLooping(String session) {
    return pod(
        session,
        "Running",
        List.of(condition("Ready", "False", null, null)),
        new ContainerStatusBuilder()
            .withName(DesiredChildren.SESSION_CONTAINER)
            .withImage(IMAGE)
            .withReady(false)
            .withRestartCount(5)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endLastState()
            .build());
  }

  static Pod unschedulable(String session) {
    return pod(
        session,
        "Pending",
        List.of(
            condition(
                "PodScheduled",
                "False",
                "Unschedulable",
                "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")));
  }

  static ContainerStatus waiting(String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(DesiredChildren.SESSION_CONTAINER)
        .withImage(IMAGE)
        .withReady(false)
        .withRestartCount(0)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  static PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
