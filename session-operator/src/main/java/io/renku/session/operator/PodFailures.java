package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.renku.session.crd.ContainerCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the session pod says, read as the original's {@code podFailureReason}, {@code
 * handleBadWaitingState}, {@code podIsReady}, {@code podIsCompleted}, {@code containerCounts} and
 * {@code warningMessage} read it, with their messages: the data service and the UI show them to the
 * user. A pod that is being deleted (stopping) has no failure and is not ready.
 */
final class PodFailures {

  /** Waiting reasons of a container that is simply on its way. */
  static final Set<String> STARTING_REASONS = Set.of("ContainerCreating", "PodInitializing");

  private PodFailures() {}

  /** The first failure of the pod, as a message for the user. */
  static Optional<String> of(Pod pod) {
    if (pod == null
        || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null) {
      return Optional.empty();
    }
    var status = pod.getStatus();
    List<ContainerStatus> all = new ArrayList<>(orEmpty(status.getInitContainerStatuses()));
    all.addAll(orEmpty(status.getContainerStatuses()));
    for (ContainerStatus cs : all) {
      ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
      if (Boolean.TRUE.equals(cs.getStarted()) && Boolean.TRUE.equals(cs.getReady())) {
        continue;
      }
      if (state.getWaiting() != null) {
        if (STARTING_REASONS.contains(state.getWaiting().getReason())) {
          continue;
        }
        return Optional.of(badWaitingState(cs));
      }
      if (state.getTerminated() != null
          && state.getTerminated().getExitCode() != null
          && state.getTerminated().getExitCode() != 0) {
        String message = state.getTerminated().getMessage();
        if (message != null && !message.isEmpty()) {
          return Optional.of(
              "the container " + cs.getName() + " terminated with an error " + message);
        }
        return Optional.of(
            "the command in container "
                + cs.getName()
                + " terminated with an error exit code, this could be because you are running out"
                + " of disk space");
      }
    }
    for (PodCondition c : orEmpty(status.getConditions())) {
      if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())) {
        return Optional.of(
            c.getMessage() != null && !c.getMessage().isEmpty() ? c.getMessage() : c.getReason());
      }
    }
    return Optional.empty();
  }

  private static String badWaitingState(ContainerStatus cs) {
    var waiting = cs.getState().getWaiting();
    String reason = Objects.toString(waiting.getReason(), "");
    String message = Objects.toString(waiting.getMessage(), "");
    return switch (reason) {
      case "ErrImagePull", "ImagePullBackOff" ->
          "failure to retrieve image for container " + cs.getName() + ": " + message;
      case "CrashLoopBackOff" ->
          "the command in container "
              + cs.getName()
              + " is crashing, this can occur when you run out of disk space, this is the best"
              + " reason for the crash we could extract: "
              + goQuote(message);
      default ->
          "the container "
              + cs.getName()
              + " is failing because "
              + (message.isEmpty() ? reason : message);
    };
  }

  /** Running or Succeeded, with the Ready condition, and not being deleted. */
  static boolean ready(Pod pod) {
    if (pod == null
        || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null) {
      return false;
    }
    String phase = pod.getStatus().getPhase();
    return ("Running".equals(phase) || "Succeeded".equals(phase))
        && orEmpty(pod.getStatus().getConditions()).stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Succeeded or Failed with all containers terminated, and not being deleted. */
  static boolean completed(Pod pod) {
    if (pod == null
        || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null) {
      return false;
    }
    String phase = pod.getStatus().getPhase();
    return ("Succeeded".equals(phase) || "Failed".equals(phase))
        && orEmpty(pod.getStatus().getContainerStatuses()).stream()
            .allMatch(cs -> cs.getState() != null && cs.getState().getTerminated() != null);
  }

  /** The original's warning for an {@code Unschedulable} pod condition. */
  static Optional<String> schedulingWarning(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    return orEmpty(pod.getStatus().getConditions()).stream()
        .filter(c -> "Unschedulable".equals(c.getReason()))
        .findFirst()
        .map(
            c ->
                "the session cannot be scheduled due to: "
                    + Objects.toString(c.getMessage(), "")
                    + ". Please contact an administrator.");
  }

  /** Containers reported by the kubelet; ready when running and ready, or completed. */
  static ContainerCounts containerCounts(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return ContainerCounts.ZERO;
    }
    var statuses = orEmpty(pod.getStatus().getContainerStatuses());
    int ready =
        (int)
            statuses.stream()
                .filter(cs -> (Boolean.TRUE.equals(cs.getReady()) && running(cs)) || completed(cs))
                .count();
    return new ContainerCounts(ready, statuses.size());
  }

  /**
   * Init containers reported by the kubelet; ready when completed, or, for sidecars ({@code
   * restartPolicy: Always}), while running and ready. (The original looks the restart policy up
   * among the regular containers, so it never finds a sidecar; this is what it means to count.)
   */
  static ContainerCounts initContainerCounts(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return ContainerCounts.ZERO;
    }
    var statuses = orEmpty(pod.getStatus().getInitContainerStatuses());
    List<Container> specs =
        pod.getSpec() == null ? List.of() : orEmpty(pod.getSpec().getInitContainers());
    int ready = 0;
    for (ContainerStatus cs : statuses) {
      boolean sidecar =
          specs.stream()
              .anyMatch(
                  c -> c.getName().equals(cs.getName()) && "Always".equals(c.getRestartPolicy()));
      boolean ok = sidecar ? Boolean.TRUE.equals(cs.getReady()) && running(cs) : completed(cs);
      if (ok) {
        ready++;
      }
    }
    return new ContainerCounts(ready, statuses.size());
  }

  private static boolean running(ContainerStatus cs) {
    return cs.getState() != null && cs.getState().getRunning() != null;
  }

  private static boolean completed(ContainerStatus cs) {
    var t = cs.getState() == null ? null : cs.getState().getTerminated();
    return t != null && Objects.equals(t.getExitCode(), 0) && "Completed".equals(t.getReason());
  }

  /** A string quoted as Go's {@code %q} quotes it (for the crash message, as in the original). */
  static String goQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x07 -> out.append("\\a");
                case 0x08 -> out.append("\\b");
                case 0x0c -> out.append("\\f");
                case 0x0b -> out.append("\\v");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    out.append(String.format("\\x%02x", cp));
                  } else if (!Character.isDefined(cp) || Character.isISOControl(cp)) {
                    out.append(
                        cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
