package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.renku.session.crd.ContainerCounts;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The state of a session from what is observed of its StatefulSet and pod; the original's {@code
 * State()}, evaluated top to bottom:
 *
 * <ol>
 *   <li>being deleted: NotReady;
 *   <li>a spec this operator cannot run: Failed;
 *   <li>hibernated and the StatefulSet scaled to 0: Hibernated;
 *   <li>any failure (image pull, crash loop, non-zero exit, failed pod): Failed, with a message;
 *   <li>StatefulSet ready (1 of 1) and pod Ready: Running;
 *   <li>pod Succeeded: Succeeded;
 *   <li>otherwise NotReady; an unschedulable pod becomes Failed once it has been unschedulable for
 *       longer than the timeout, and is only a warning in {@code error} until then.
 * </ol>
 */
public final class SessionStateMachine {

  /** Waiting reasons of a container that is simply on its way. */
  static final Set<String> STARTING_REASONS = Set.of("ContainerCreating", "PodInitializing");

  /** Waiting reasons meaning the image cannot be had. */
  static final Set<String> IMAGE_REASONS =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable",
          "ImageInspectError",
          "SignatureValidationFailed");

  private SessionStateMachine() {}

  /**
   * What the reconciler saw.
   *
   * @param deleting the session has a deletion timestamp
   * @param hibernated {@code spec.hibernated}
   * @param statefulSet the session's StatefulSet, or {@code null} when absent
   * @param pod the session's pod ({@code <name>-0}), or {@code null} when absent
   * @param configurationError why the spec cannot be run, or {@code null}
   * @param failedSchedulingSince from the previous status, or {@code null}
   * @param now the current time
   * @param failedSchedulingTimeout how long an unschedulable pod is tolerated
   */
  public record Observation(
      boolean deleting,
      boolean hibernated,
      StatefulSet statefulSet,
      Pod pod,
      String configurationError,
      Instant failedSchedulingSince,
      Instant now,
      Duration failedSchedulingTimeout) {}

  /**
   * The outcome.
   *
   * @param state the session state
   * @param message the failure (or scheduling warning) for {@code status.error}; {@code null} if
   *     none
   * @param containers ready/total of the pod's containers
   * @param initContainers ready/total of the pod's init containers
   * @param unschedulable the pod cannot be scheduled (for {@code failedSchedulingSince})
   * @param sessionStartedAt when the {@code amalthea-session} container started running, or {@code
   *     null}
   */
  public record Evaluation(
      SessionState state,
      String message,
      ContainerCounts containers,
      ContainerCounts initContainers,
      boolean unschedulable,
      Instant sessionStartedAt) {}

  public static Evaluation evaluate(Observation o) {
    Pod pod = o.pod();
    ContainerCounts containers = containerCounts(pod);
    ContainerCounts inits = initContainerCounts(pod);
    Instant startedAt = sessionStartedAt(pod);

    if (o.deleting()) {
      return new Evaluation(SessionState.NOT_READY, null, containers, inits, false, startedAt);
    }
    if (o.configurationError() != null) {
      return new Evaluation(
          SessionState.FAILED, o.configurationError(), containers, inits, false, startedAt);
    }
    if (o.hibernated() && replicas(o.statefulSet()) == 0) {
      return new Evaluation(
          SessionState.HIBERNATED, null, ContainerCounts.ZERO, ContainerCounts.ZERO, false, null);
    }
    Optional<String> failure = failure(pod);
    if (failure.isPresent()) {
      return new Evaluation(
          SessionState.FAILED, failure.get(), containers, inits, false, startedAt);
    }
    StatefulSet sts = o.statefulSet();
    if (sts != null
        && replicas(sts) == 1
        && sts.getStatus() != null
        && Objects.equals(sts.getStatus().getReadyReplicas(), 1)
        && podReady(pod)) {
      return new Evaluation(SessionState.RUNNING, null, containers, inits, false, startedAt);
    }
    if (pod != null && pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
      return new Evaluation(SessionState.SUCCEEDED, null, containers, inits, false, startedAt);
    }
    Optional<PodCondition> unschedulable = unschedulable(pod);
    if (unschedulable.isPresent()) {
      String reason = Objects.toString(unschedulable.get().getMessage(), "Unschedulable");
      Instant since = o.failedSchedulingSince() == null ? o.now() : o.failedSchedulingSince();
      if (!o.now().isBefore(since.plus(o.failedSchedulingTimeout()))) {
        return new Evaluation(
            SessionState.FAILED,
            "failed scheduling: " + reason,
            containers,
            inits,
            true,
            startedAt);
      }
      return new Evaluation(
          SessionState.NOT_READY,
          "the session cannot be scheduled yet: " + reason,
          containers,
          inits,
          true,
          startedAt);
    }
    return new Evaluation(SessionState.NOT_READY, null, containers, inits, false, startedAt);
  }

  /** The first failure found in the pod, as a message for the user. */
  static Optional<String> failure(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    var status = pod.getStatus();
    for (ContainerStatus cs :
        concat(status.getInitContainerStatuses(), status.getContainerStatuses())) {
      Optional<String> f = containerFailure(cs);
      if (f.isPresent()) {
        return f;
      }
    }
    if ("Failed".equals(status.getPhase())) {
      return Optional.of(
          "the session pod failed: "
              + Objects.toString(status.getReason(), "unknown reason")
              + (status.getMessage() == null ? "" : ": " + status.getMessage()));
    }
    return Optional.empty();
  }

  private static Optional<String> containerFailure(ContainerStatus cs) {
    ContainerState state = cs.getState();
    if (state == null) {
      return Optional.empty();
    }
    if (state.getWaiting() != null) {
      String reason = state.getWaiting().getReason();
      String message = state.getWaiting().getMessage();
      if (reason == null || reason.isEmpty() || STARTING_REASONS.contains(reason)) {
        return Optional.empty();
      }
      if (IMAGE_REASONS.contains(reason)) {
        return Optional.of(
            "failure to retrieve image "
                + Objects.toString(cs.getImage(), "")
                + " for container "
                + cs.getName()
                + ": "
                + reason
                + (message == null ? "" : " (" + message + ")"));
      }
      if ("CrashLoopBackOff".equals(reason)) {
        return Optional.of(
            "the container "
                + cs.getName()
                + " keeps crashing (CrashLoopBackOff)"
                + lastExit(cs)
                + "; this can occur when you run out of disk space or memory, or when the session"
                + " command fails");
      }
      return Optional.of(
          "the container "
              + cs.getName()
              + " cannot start: "
              + reason
              + (message == null ? "" : " (" + message + ")"));
    }
    if (state.getTerminated() != null) {
      Integer code = state.getTerminated().getExitCode();
      if (code != null && code != 0) {
        return Optional.of(
            "the container "
                + cs.getName()
                + " exited with code "
                + code
                + (state.getTerminated().getReason() == null
                    ? ""
                    : " (" + state.getTerminated().getReason() + ")"));
      }
    }
    return Optional.empty();
  }

  private static String lastExit(ContainerStatus cs) {
    if (cs.getLastState() == null || cs.getLastState().getTerminated() == null) {
      return "";
    }
    var t = cs.getLastState().getTerminated();
    return ", last exit code "
        + t.getExitCode()
        + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
  }

  static ContainerCounts containerCounts(Pod pod) {
    if (pod == null) {
      return ContainerCounts.ZERO;
    }
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? List.of() : orEmpty(pod.getStatus().getContainerStatuses());
    int total =
        pod.getSpec() == null ? statuses.size() : orEmpty(pod.getSpec().getContainers()).size();
    int ready = (int) statuses.stream().filter(cs -> Boolean.TRUE.equals(cs.getReady())).count();
    return new ContainerCounts(ready, total);
  }

  /** Init containers count as ready once completed, or while running as sidecars. */
  static ContainerCounts initContainerCounts(Pod pod) {
    if (pod == null) {
      return ContainerCounts.ZERO;
    }
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? List.of() : orEmpty(pod.getStatus().getInitContainerStatuses());
    int total =
        pod.getSpec() == null ? statuses.size() : orEmpty(pod.getSpec().getInitContainers()).size();
    int ready =
        (int)
            statuses.stream()
                .filter(
                    cs ->
                        Boolean.TRUE.equals(cs.getReady())
                            || (cs.getState() != null
                                && cs.getState().getTerminated() != null
                                && Objects.equals(cs.getState().getTerminated().getExitCode(), 0)))
                .count();
    return new ContainerCounts(ready, total);
  }

  static Instant sessionStartedAt(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return null;
    }
    return orEmpty(pod.getStatus().getContainerStatuses()).stream()
        .filter(cs -> DesiredChildren.SESSION_CONTAINER.equals(cs.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getRunning() != null && s.getRunning().getStartedAt() != null)
        .map(s -> Instant.parse(s.getRunning().getStartedAt()))
        .findFirst()
        .orElse(null);
  }

  private static boolean podReady(Pod pod) {
    return pod != null
        && pod.getStatus() != null
        && orEmpty(pod.getStatus().getConditions()).stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<PodCondition> unschedulable(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    return orEmpty(pod.getStatus().getConditions()).stream()
        .filter(
            c ->
                "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason()))
        .findFirst();
  }

  private static int replicas(StatefulSet sts) {
    if (sts == null || sts.getSpec() == null || sts.getSpec().getReplicas() == null) {
      return -1;
    }
    return sts.getSpec().getReplicas();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    var all = new java.util.ArrayList<T>(orEmpty(a));
    all.addAll(orEmpty(b));
    return all;
  }
}
