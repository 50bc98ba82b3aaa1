package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.renku.session.crd.ContainerCounts;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The state of a session from what is observed of its children, pod and events; the original's
 * {@code State()} and {@code Status()} ({@code internal/controller/children.go}), evaluated top to
 * bottom:
 *
 * <ol>
 *   <li>being deleted: NotReady;
 *   <li>a spec this operator cannot run: Failed;
 *   <li>hibernated and the StatefulSet scaled to 0: Hibernated;
 *   <li>a failure of the pod ({@link PodFailures}) or of a claim, the Service or the Ingress
 *       ({@link ChildFailures}): Failed, with the original's message;
 *   <li>StatefulSet ready (1 of 1) and pod Ready (and not terminating): Running;
 *   <li>pod completed: Succeeded;
 *   <li>otherwise NotReady, which covers a pod that is stopping.
 * </ol>
 *
 * Then, as the original does: a NotReady session looks at its pod's events ({@link
 * SchedulingEvents}: a {@code FailedScheduling} starts {@code failedSchedulingSince} and fails the
 * session after the timeout); a session without a pod looks at its StatefulSet's events, where a
 * {@code FailedCreate} for an exceeded quota fails it with "Quota exceeded: ..."; an {@code
 * Unschedulable} pod condition is a warning in {@code error}.
 */
public final class SessionStateMachine {

  /** The original's message when a ResourceQuota refuses the pod. */
  public static final String QUOTA_EXCEEDED =
      "Quota exceeded: Your resource pool does not contain enough free resources (CPU / Memory /"
          + " GPU / Storage) to schedule the session";

  private SessionStateMachine() {}

  /**
   * What the reconciler saw.
   *
   * @param deleting the session has a deletion timestamp
   * @param hibernated {@code spec.hibernated}
   * @param statefulSet the session's StatefulSet (for its status), or {@code null} when absent
   * @param replicas the StatefulSet's replicas as just written, or as read when nothing was
   *     written; {@code null} without a StatefulSet
   * @param pod the session's pod ({@code <name>-0}), or {@code null} when absent
   * @param configurationError why the spec cannot be run, or {@code null}
   * @param childFailure a failure of a claim, the Service or the Ingress, or {@code null}
   * @param podEvents the events of the pod; only asked for while NotReady
   * @param statefulSetEvents the events of the StatefulSet; only asked for without a pod
   * @param failedSchedulingSince from the previous status, or {@code null}
   * @param now the current time
   * @param failedSchedulingTimeout how long failed scheduling is tolerated
   */
  public record Observation(
      boolean deleting,
      boolean hibernated,
      StatefulSet statefulSet,
      Integer replicas,
      Pod pod,
      String configurationError,
      String childFailure,
      Supplier<List<Event>> podEvents,
      Supplier<List<Event>> statefulSetEvents,
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
   * @param failedSchedulingSince since when the pod fails to be scheduled, or {@code null}
   * @param sessionStartedAt when the {@code amalthea-session} container started running, or {@code
   *     null}
   */
  public record Evaluation(
      SessionState state,
      String message,
      ContainerCounts containers,
      ContainerCounts initContainers,
      Instant failedSchedulingSince,
      Instant sessionStartedAt) {}

  public static Evaluation evaluate(Observation o) {
    Pod pod = o.pod();
    SessionState state;
    String message = null;
    if (o.deleting()) {
      state = SessionState.NOT_READY;
    } else if (o.configurationError() != null) {
      state = SessionState.FAILED;
      message = o.configurationError();
    } else if (o.hibernated() && Objects.equals(o.replicas(), 0)) {
      state = SessionState.HIBERNATED;
    } else {
      message = PodFailures.of(pod).orElse(o.childFailure());
      if (message != null && message.isEmpty()) {
        message = null;
      }
      if (message != null) {
        state = SessionState.FAILED;
      } else if (running(o.statefulSet(), pod)) {
        state = SessionState.RUNNING;
      } else if (PodFailures.completed(pod)) {
        state = SessionState.SUCCEEDED;
      } else {
        state = SessionState.NOT_READY;
      }
    }

    Instant failedSchedulingSince = o.failedSchedulingSince();
    if (state == SessionState.NOT_READY && !o.deleting()) {
      var scheduling =
          SchedulingEvents.infer(
              o.podEvents().get(), failedSchedulingSince, o.now(), o.failedSchedulingTimeout());
      switch (scheduling.result()) {
        case SCHEDULED -> failedSchedulingSince = null;
        case INITIALLY_FAILED -> failedSchedulingSince = o.now();
        case FINALLY_FAILED -> {
          state = SessionState.FAILED;
          message = scheduling.message();
        }
        case TEMPORARILY_FAILED, NONE -> {}
      }
    }
    // Not while hibernated: an old FailedCreate event (they live an hour) would fail a session
    // that was hibernated after it.
    if (pod == null
        && !o.deleting()
        && o.configurationError() == null
        && state != SessionState.HIBERNATED
        && quotaExceeded(o.statefulSetEvents().get())) {
      state = SessionState.FAILED;
      message = QUOTA_EXCEEDED;
    }
    if (message == null || message.isEmpty()) {
      message = PodFailures.schedulingWarning(pod).orElse(null);
    }

    ContainerCounts containers = PodFailures.containerCounts(pod);
    ContainerCounts inits = PodFailures.initContainerCounts(pod);
    if (state == SessionState.HIBERNATED || o.deleting()) {
      containers = new ContainerCounts(0, containers.total());
      inits = new ContainerCounts(0, inits.total());
    }
    if (state == SessionState.HIBERNATED
        || state == SessionState.RUNNING
        || state == SessionState.SUCCEEDED) {
      failedSchedulingSince = null;
    }
    return new Evaluation(
        state, message, containers, inits, failedSchedulingSince, sessionStartedAt(pod));
  }

  private static boolean running(StatefulSet sts, Pod pod) {
    boolean stsReady =
        sts != null
            && sts.getStatus() != null
            && Objects.equals(sts.getStatus().getReadyReplicas(), 1)
            && Objects.equals(sts.getStatus().getReplicas(), 1);
    return stsReady && PodFailures.ready(pod);
  }

  static boolean quotaExceeded(List<Event> events) {
    return events != null
        && events.stream()
            .anyMatch(
                e ->
                    "FailedCreate".equals(e.getReason())
                        && e.getMessage() != null
                        && e.getMessage().contains("exceeded quota"));
  }

  static Instant sessionStartedAt(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(cs -> DesiredChildren.SESSION_CONTAINER.equals(cs.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getRunning() != null && s.getRunning().getStartedAt() != null)
        .map(s -> Instant.parse(s.getRunning().getStartedAt()))
        .findFirst()
        .orElse(null);
  }
}
