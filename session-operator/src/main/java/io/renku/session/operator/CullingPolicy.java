package io.renku.session.operator;

import io.renku.core.Ulid;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.Culling;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a session is hibernated or deleted (reference §3.6), as a pure function.
 *
 * <p>A session that is not hibernated is hibernated at {@code willHibernateAt}, the earliest of:
 *
 * <ul>
 *   <li>{@code creationTimestamp + maxAge};
 *   <li>{@code runStart + maxStartingDuration}, while NotReady ({@code runStart} is the start of
 *       the current run, from the ULID in {@code status.runID}, or the creation time);
 *   <li>{@code failingSince + maxFailedDuration};
 *   <li>{@code max(idleSince, lastInteraction) + maxIdleDuration}, while idle.
 * </ul>
 *
 * A hibernated session is deleted once it has been Hibernated for longer than {@code
 * maxHibernatedDuration}. Nothing is deleted directly: failed, slow and old sessions are hibernated
 * first, as in the original. Zero or absent limits are off.
 */
public final class CullingPolicy {

  private CullingPolicy() {}

  public enum Action {
    NONE,
    HIBERNATE,
    DELETE
  }

  /**
   * The decision.
   *
   * @param action what to do now
   * @param reason why, for the log; {@code null} for {@link Action#NONE}
   * @param willHibernateAt when the session will be hibernated; {@code null} when no limit applies
   * @param nextCheck the next time the decision can change by the clock alone; {@code null} if none
   */
  public record Decision(Action action, String reason, Instant willHibernateAt, Instant nextCheck) {

    static Decision none(Instant willHibernateAt, Instant nextCheck) {
      return new Decision(Action.NONE, null, willHibernateAt, nextCheck);
    }
  }

  /** {@code spec.culling} parsed; unparsable durations count as zero (off). */
  public record Limits(
      Duration maxAge,
      Duration maxIdle,
      Duration maxStarting,
      Duration maxFailed,
      Duration maxHibernated,
      Instant lastInteraction) {

    public static final Limits NONE =
        new Limits(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, null);

    public static Limits from(Culling culling) {
      if (culling == null) {
        return NONE;
      }
      return new Limits(
          GoDuration.parseOr(culling.maxAge(), Duration.ZERO),
          GoDuration.parseOr(culling.maxIdleDuration(), Duration.ZERO),
          GoDuration.parseOr(culling.maxStartingDuration(), Duration.ZERO),
          GoDuration.parseOr(culling.maxFailedDuration(), Duration.ZERO),
          GoDuration.parseOr(culling.maxHibernatedDuration(), Duration.ZERO),
          StatusTransitions.parse(culling.lastInteraction()));
    }
  }

  /**
   * Decides for one session.
   *
   * @param now the current time
   * @param limits the culling limits
   * @param createdAt the session's creation time
   * @param hibernated {@code spec.hibernated}
   * @param status the session's status as just computed
   */
  public static Decision decide(
      Instant now,
      Limits limits,
      Instant createdAt,
      boolean hibernated,
      AmaltheaSessionStatus status) {
    SessionState state = status.stateOrDefault();
    if (hibernated) {
      Instant since = StatusTransitions.parse(status.hibernatedSince());
      if (state != SessionState.HIBERNATED || !positive(limits.maxHibernated()) || since == null) {
        return Decision.none(null, null);
      }
      Instant deleteAt = since.plus(limits.maxHibernated());
      if (now.isAfter(deleteAt)) {
        return new Decision(
            Action.DELETE,
            "hibernated since " + status.hibernatedSince() + ", longer than maxHibernatedDuration",
            null,
            null);
      }
      return Decision.none(null, deleteAt);
    }

    List<Deadline> deadlines = new ArrayList<>();
    if (positive(limits.maxAge())) {
      deadlines.add(new Deadline(createdAt.plus(limits.maxAge()), "older than maxAge"));
    }
    if (positive(limits.maxStarting()) && state == SessionState.NOT_READY) {
      Instant runStart = Ulid.timeOf(status.runID());
      Instant start = runStart == null || runStart.isBefore(createdAt) ? createdAt : runStart;
      deadlines.add(
          new Deadline(start.plus(limits.maxStarting()), "not ready within maxStartingDuration"));
    }
    Instant failingSince = StatusTransitions.parse(status.failingSince());
    if (positive(limits.maxFailed()) && failingSince != null) {
      deadlines.add(
          new Deadline(failingSince.plus(limits.maxFailed()), "failing for maxFailedDuration"));
    }
    Instant idleSince = StatusTransitions.parse(status.idleSince());
    if (positive(limits.maxIdle()) && status.idle() && idleSince != null) {
      Instant from =
          limits.lastInteraction() != null && limits.lastInteraction().isAfter(idleSince)
              ? limits.lastInteraction()
              : idleSince;
      deadlines.add(new Deadline(from.plus(limits.maxIdle()), "idle for maxIdleDuration"));
    }
    Deadline first = deadlines.stream().min(Comparator.comparing(Deadline::at)).orElse(null);
    if (first == null) {
      return Decision.none(null, null);
    }
    if (!now.isBefore(first.at())) {
      return new Decision(Action.HIBERNATE, first.reason(), first.at(), null);
    }
    return Decision.none(first.at(), first.at());
  }

  private record Deadline(Instant at, String reason) {}

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
