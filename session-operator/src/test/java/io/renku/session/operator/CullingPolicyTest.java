package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.Culling;
import io.renku.session.crd.SessionState;
import io.renku.session.operator.CullingPolicy.Action;
import io.renku.session.operator.CullingPolicy.Limits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CullingPolicyTest {

  private static final Instant CREATED = Instant.parse("2025-03-01T08:00:00Z");
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private static AmaltheaSessionStatus status(
      SessionState state,
      boolean idle,
      Instant idleSince,
      Instant failingSince,
      Instant hibernatedSince,
      String runId) {
    return new AmaltheaSessionStatus(
        null,
        state,
        null,
        null,
        null,
        idle,
        idleSince == null ? null : idleSince.toString(),
        failingSince == null ? null : failingSince.toString(),
        null,
        hibernatedSince == null ? null : hibernatedSince.toString(),
        null,
        runId,
        null);
  }

  private static AmaltheaSessionStatus running() {
    return status(SessionState.RUNNING, false, null, null, null, null);
  }

  @Test
  void noLimitsNoAction() {
    var d = CullingPolicy.decide(NOW, Limits.NONE, CREATED, false, running());
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt()).isNull();
    assertThat(d.nextCheck()).isNull();
    assertThat(CullingPolicy.decide(NOW, Limits.from(null), CREATED, false, running()).action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void idleLongerThanMaxIdleHibernates() {
    var limits = Limits.from(Culling.NONE.withMaxIdleDuration("1h"));
    var idleFor59m =
        status(SessionState.RUNNING, true, NOW.minus(Duration.ofMinutes(59)), null, null, null);
    var d = CullingPolicy.decide(NOW, limits, CREATED, false, idleFor59m);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    assertThat(d.nextCheck()).isEqualTo(d.willHibernateAt());

    var idleFor1h =
        status(SessionState.RUNNING, true, NOW.minus(Duration.ofHours(1)), null, null, null);
    var hibernate = CullingPolicy.decide(NOW, limits, CREATED, false, idleFor1h);
    assertThat(hibernate.action()).isEqualTo(Action.HIBERNATE);
    assertThat(hibernate.reason()).contains("idle");
  }

  @Test
  void busySessionIsNotCulledForIdleness() {
    var limits = Limits.from(Culling.NONE.withMaxIdleDuration("1m"));
    var d = CullingPolicy.decide(NOW, limits, CREATED, false, running());
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt()).isNull();
  }

  @Test
  void lastInteractionRestartsTheIdleCountdown() {
    Instant idleSince = NOW.minus(Duration.ofHours(2));
    Instant interaction = NOW.minus(Duration.ofMinutes(30));
    var limits =
        Limits.from(
            Culling.NONE.withMaxIdleDuration("1h").withLastInteraction(interaction.toString()));
    var d =
        CullingPolicy.decide(
            NOW,
            limits,
            CREATED,
            false,
            status(SessionState.RUNNING, true, idleSince, null, null, null));
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt()).isEqualTo(interaction.plus(Duration.ofHours(1)));
  }

  @Test
  void maxAgeCountsFromCreation() {
    var d =
        CullingPolicy.decide(
            NOW, Limits.from(Culling.NONE.withMaxAge("2h")), CREATED, false, running());
    assertThat(d.action()).isEqualTo(Action.HIBERNATE);
    assertThat(d.reason()).contains("maxAge");
    var later =
        CullingPolicy.decide(
            NOW, Limits.from(Culling.NONE.withMaxAge("3h")), CREATED, false, running());
    assertThat(later.action()).isEqualTo(Action.NONE);
    assertThat(later.willHibernateAt()).isEqualTo(CREATED.plus(Duration.ofHours(3)));
  }

  @Test
  void maxStartingCountsFromTheCurrentRunWhileNotReady() {
    var limits = Limits.from(Culling.NONE.withMaxStartingDuration("10m"));
    // Resumed 5 minutes ago: the run started then, not at creation two hours ago.
    String runId = Ulid.at(NOW.minus(Duration.ofMinutes(5)));
    var starting = status(SessionState.NOT_READY, false, null, null, null, runId);
    var d = CullingPolicy.decide(NOW, limits, CREATED, false, starting);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt())
        .isBetween(
            NOW.plus(Duration.ofMinutes(5)).minusSeconds(1), NOW.plus(Duration.ofMinutes(5)));

    var stuck =
        status(
            SessionState.NOT_READY,
            false,
            null,
            null,
            null,
            Ulid.at(NOW.minus(Duration.ofMinutes(11))));
    assertThat(CullingPolicy.decide(NOW, limits, CREATED, false, stuck).action())
        .isEqualTo(Action.HIBERNATE);
    // Without a run id the creation time counts.
    var noRun = status(SessionState.NOT_READY, false, null, null, null, null);
    assertThat(CullingPolicy.decide(NOW, limits, CREATED, false, noRun).action())
        .isEqualTo(Action.HIBERNATE);
    // Running sessions are not "starting".
    assertThat(CullingPolicy.decide(NOW, limits, CREATED, false, running()).action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void failingLongerThanMaxFailedHibernates() {
    var limits = Limits.from(Culling.NONE.withMaxFailedDuration("15m"));
    var failing =
        status(SessionState.FAILED, false, null, NOW.minus(Duration.ofMinutes(16)), null, null);
    var d = CullingPolicy.decide(NOW, limits, CREATED, false, failing);
    assertThat(d.action()).isEqualTo(Action.HIBERNATE);
    assertThat(d.reason()).contains("failing");
  }

  @Test
  void earliestDeadlineWins() {
    var limits =
        Limits.from(
            Culling.NONE.withMaxAge("5h").withMaxIdleDuration("30m").withMaxFailedDuration("1h"));
    var idle =
        status(SessionState.RUNNING, true, NOW.minus(Duration.ofMinutes(10)), null, null, null);
    var d = CullingPolicy.decide(NOW, limits, CREATED, false, idle);
    assertThat(d.willHibernateAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
  }

  @Test
  void hibernatedLongerThanMaxHibernatedIsDeleted() {
    var limits = Limits.from(Culling.NONE.withMaxHibernatedDuration("72h").withMaxAge("1h"));
    var since = NOW.minus(Duration.ofHours(71));
    var d =
        CullingPolicy.decide(
            NOW,
            limits,
            CREATED,
            true,
            status(SessionState.HIBERNATED, false, null, null, since, null));
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.willHibernateAt()).isNull();
    assertThat(d.nextCheck()).isEqualTo(since.plus(Duration.ofHours(72)));

    var old = NOW.minus(Duration.ofHours(73));
    var delete =
        CullingPolicy.decide(
            NOW,
            limits,
            CREATED,
            true,
            status(SessionState.HIBERNATED, false, null, null, old, null));
    assertThat(delete.action()).isEqualTo(Action.DELETE);
  }

  @Test
  void notYetScaledDownOrUnlimitedHibernationIsNotDeleted() {
    var old = NOW.minus(Duration.ofDays(30));
    var limits = Limits.from(Culling.NONE.withMaxHibernatedDuration("1h"));
    var scalingDown = status(SessionState.RUNNING, false, null, null, old, null);
    assertThat(CullingPolicy.decide(NOW, limits, CREATED, true, scalingDown).action())
        .isEqualTo(Action.NONE);
    var unlimited = status(SessionState.HIBERNATED, false, null, null, old, null);
    assertThat(
            CullingPolicy.decide(
                    NOW,
                    Limits.from(Culling.NONE.withMaxHibernatedDuration("0s")),
                    CREATED,
                    true,
                    unlimited)
                .action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void unparsableDurationsAreOff() {
    var limits = Limits.from(Culling.NONE.withMaxAge("one hour"));
    assertThat(limits.maxAge()).isZero();
    assertThat(CullingPolicy.decide(NOW, limits, CREATED, false, running()).action())
        .isEqualTo(Action.NONE);
  }
}
