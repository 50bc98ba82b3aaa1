package io.renku.session.operator;

import io.renku.session.crd.AmaltheaSessionCondition;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.SessionState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The next status from the previous one and a fresh {@link SessionStateMachine.Evaluation}: keeps
 * the "since" timestamps while their condition lasts, resets them on hibernation, and keeps the
 * conditions' transition times while they do not change.
 */
public final class StatusTransitions {

  private StatusTransitions() {}

  /**
   * What the status is computed from besides the previous status.
   *
   * @param evaluation the state machine's outcome
   * @param hibernated {@code spec.hibernated}
   * @param idle whether the session is idle now; empty when unknown (not running, no metrics)
   * @param url the session URL
   * @param hasIngressSpec {@code spec.ingress} is set
   * @param ingressExists the session's Ingress exists
   * @param now the current time
   * @param newRunId makes a new run id (a ULID) when a run starts
   */
  public record Input(
      SessionStateMachine.Evaluation evaluation,
      boolean hibernated,
      Optional<Boolean> idle,
      String url,
      boolean hasIngressSpec,
      boolean ingressExists,
      Instant now,
      Supplier<String> newRunId) {}

  public static AmaltheaSessionStatus next(AmaltheaSessionStatus previous, Input in) {
    AmaltheaSessionStatus prev = previous == null ? AmaltheaSessionStatus.EMPTY : previous;
    var eval = in.evaluation();
    String now = format(in.now());
    SessionState state = eval.state();

    boolean idle;
    String idleSince;
    if (state == SessionState.RUNNING && in.idle().isPresent()) {
      idle = in.idle().get();
      idleSince = idle ? orElse(prev.idleSince(), now) : null;
    } else if (state == SessionState.RUNNING) {
      // Unknown (grace period or no metrics): keep what was known.
      idle = prev.idle();
      idleSince = prev.idleSince();
    } else {
      idle = false;
      idleSince = null;
    }

    String failingSince = state == SessionState.FAILED ? orElse(prev.failingSince(), now) : null;
    String failedSchedulingSince =
        eval.failedSchedulingSince() == null ? null : format(eval.failedSchedulingSince());
    String hibernatedSince = in.hibernated() ? orElse(prev.hibernatedSince(), now) : null;
    String runId = in.hibernated() ? null : orElse(prev.runID(), null);
    if (!in.hibernated() && runId == null) {
      runId = in.newRunId().get();
    }
    if (in.hibernated()) {
      idle = false;
      idleSince = null;
      failingSince = null;
      failedSchedulingSince = null;
    }

    List<AmaltheaSessionCondition> conditions =
        List.of(
            condition(
                prev,
                AmaltheaSessionCondition.READY,
                state == SessionState.RUNNING,
                state.wireName(),
                eval.message(),
                now),
            condition(
                prev,
                AmaltheaSessionCondition.ROUTING_READY,
                in.ingressExists(),
                in.ingressExists()
                    ? "IngressOperational"
                    : !in.hasIngressSpec()
                        ? "NoIngress"
                        : in.hibernated() ? "IngressDeleted" : "SessionCreated",
                null,
                now));

    return new AmaltheaSessionStatus(
        conditions,
        state,
        in.url(),
        eval.containers(),
        eval.initContainers(),
        idle,
        idleSince,
        failingSince,
        failedSchedulingSince,
        hibernatedSince,
        prev.willHibernateAt(),
        runId,
        eval.message());
  }

  /** {@code status} with {@code willHibernateAt} set (or cleared when {@code null}). */
  public static AmaltheaSessionStatus withWillHibernateAt(
      AmaltheaSessionStatus status, Instant willHibernateAt) {
    return new AmaltheaSessionStatus(
        status.conditions(),
        status.state(),
        status.url(),
        status.containerCounts(),
        status.initContainerCounts(),
        status.idle(),
        status.idleSince(),
        status.failingSince(),
        status.failedSchedulingSince(),
        status.hibernatedSince(),
        willHibernateAt == null ? null : format(willHibernateAt),
        status.runID(),
        status.error());
  }

  /** RFC 3339 with whole seconds, as Kubernetes writes times. */
  public static String format(Instant time) {
    return time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses an RFC 3339 time; {@code null} for absent or unparsable text. */
  public static Instant parse(String time) {
    if (time == null || time.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(time).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static AmaltheaSessionCondition condition(
      AmaltheaSessionStatus prev,
      String type,
      boolean value,
      String reason,
      String message,
      String now) {
    String status = value ? "True" : "False";
    String since =
        prev.conditions() == null
            ? now
            : prev.conditions().stream()
                .filter(c -> type.equals(c.type()) && status.equals(c.status()))
                .map(AmaltheaSessionCondition::lastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(now);
    return new AmaltheaSessionCondition(type, status, since, reason, message);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
