package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.Ulid;
import io.renku.session.crd.AmaltheaSessionCondition;
import io.renku.session.crd.AmaltheaSessionStatus;
import io.renku.session.crd.ContainerCounts;
import io.renku.session.crd.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusTransitionsTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private static SessionStateMachine.Evaluation eval(SessionState state, String message) {
    return new SessionStateMachine.Evaluation(
        state, message, new ContainerCounts(1, 1), ContainerCounts.ZERO, null, T0);
  }

  private static StatusTransitions.Input input(
      SessionStateMachine.Evaluation e, boolean hibernated, Optional<Boolean> idle, Instant now) {
    return new StatusTransitions.Input(
        e,
        hibernated,
        idle,
        "https://h/s/",
        true,
        !hibernated,
        now,
        () -> "RUN-" + now.getEpochSecond());
  }

  @Test
  void firstStatusGetsARunIdAndConditions() {
    var s =
        StatusTransitions.next(
            null, input(eval(SessionState.NOT_READY, null), false, Optional.empty(), T0));
    assertThat(s.state()).isEqualTo(SessionState.NOT_READY);
    assertThat(s.url()).isEqualTo("https://h/s/");
    assertThat(s.runID()).isEqualTo("RUN-" + T0.getEpochSecond());
    assertThat(s.conditions())
        .extracting(AmaltheaSessionCondition::type, AmaltheaSessionCondition::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "False"),
            org.assertj.core.groups.Tuple.tuple("RoutingReady", "True"));
  }

  @Test
  void idleSinceIsKeptWhileIdleAndClearedWhenBusy() {
    var running = eval(SessionState.RUNNING, null);
    var s1 = StatusTransitions.next(null, input(running, false, Optional.of(true), T0));
    assertThat(s1.idle()).isTrue();
    assertThat(s1.idleSince()).isEqualTo("2025-03-01T10:00:00Z");

    var s2 =
        StatusTransitions.next(s1, input(running, false, Optional.of(true), T0.plusSeconds(60)));
    assertThat(s2.idleSince()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(s2.runID()).isEqualTo(s1.runID());

    var unknown =
        StatusTransitions.next(s2, input(running, false, Optional.empty(), T0.plusSeconds(90)));
    assertThat(unknown.idle()).isTrue();
    assertThat(unknown.idleSince()).isEqualTo(s1.idleSince());

    var busy =
        StatusTransitions.next(s2, input(running, false, Optional.of(false), T0.plusSeconds(120)));
    assertThat(busy.idle()).isFalse();
    assertThat(busy.idleSince()).isNull();
  }

  @Test
  void failingSinceIsKeptWhileFailed() {
    var failed = eval(SessionState.FAILED, "failure to retrieve image x");
    var s1 = StatusTransitions.next(null, input(failed, false, Optional.empty(), T0));
    var s2 =
        StatusTransitions.next(s1, input(failed, false, Optional.empty(), T0.plusSeconds(300)));
    assertThat(s2.failingSince()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(s2.error()).isEqualTo("failure to retrieve image x");
    var recovered =
        StatusTransitions.next(
            s2,
            input(eval(SessionState.RUNNING, null), false, Optional.empty(), T0.plusSeconds(400)));
    assertThat(recovered.failingSince()).isNull();
    assertThat(recovered.error()).isNull();
  }

  @Test
  void hibernationResetsTimestampsAndTheRunAndResumeStartsANewRun() {
    var running =
        StatusTransitions.next(
            null, input(eval(SessionState.RUNNING, null), false, Optional.of(true), T0));
    var hibernating =
        StatusTransitions.next(
            running,
            input(eval(SessionState.HIBERNATED, null), true, Optional.empty(), T0.plusSeconds(10)));
    assertThat(hibernating.hibernatedSince()).isEqualTo("2025-03-01T10:00:10Z");
    assertThat(hibernating.idle()).isFalse();
    assertThat(hibernating.idleSince()).isNull();
    assertThat(hibernating.runID()).isNull();
    assertThat(hibernating.conditions().get(1).reason()).isEqualTo("IngressDeleted");

    var resumed =
        StatusTransitions.next(
            hibernating,
            input(
                eval(SessionState.NOT_READY, null), false, Optional.empty(), T0.plusSeconds(3600)));
    assertThat(resumed.hibernatedSince()).isNull();
    assertThat(resumed.runID()).isEqualTo("RUN-" + T0.plusSeconds(3600).getEpochSecond());
  }

  @Test
  void conditionTransitionTimesOnlyMoveOnChange() {
    var s1 =
        StatusTransitions.next(
            null, input(eval(SessionState.RUNNING, null), false, Optional.empty(), T0));
    var s2 =
        StatusTransitions.next(
            s1,
            input(
                eval(SessionState.RUNNING, null),
                false,
                Optional.empty(),
                T0.plus(Duration.ofMinutes(5))));
    assertThat(s2.conditions().get(0).lastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
    var s3 =
        StatusTransitions.next(
            s2,
            input(
                eval(SessionState.FAILED, "x"),
                false,
                Optional.empty(),
                T0.plus(Duration.ofMinutes(6))));
    assertThat(s3.conditions().get(0).status()).isEqualTo("False");
    assertThat(s3.conditions().get(0).lastTransitionTime()).isEqualTo("2025-03-01T10:06:00Z");
  }

  @Test
  void sameInputSameStatus() {
    var s1 =
        StatusTransitions.next(
            null, input(eval(SessionState.RUNNING, null), false, Optional.empty(), T0));
    var s2 =
        StatusTransitions.next(
            s1,
            input(eval(SessionState.RUNNING, null), false, Optional.empty(), T0.plusSeconds(10)));
    assertThat(s2).isEqualTo(s1);
  }

  @Test
  void willHibernateAtAndTimeFormats() {
    var s =
        StatusTransitions.withWillHibernateAt(
            AmaltheaSessionStatus.EMPTY, Instant.parse("2025-03-01T10:00:00.700Z"));
    assertThat(s.willHibernateAt()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(StatusTransitions.withWillHibernateAt(s, null).willHibernateAt()).isNull();
    assertThat(StatusTransitions.parse("2025-03-01T12:00:00+02:00")).isEqualTo(T0);
    assertThat(StatusTransitions.parse("not a time")).isNull();
  }

  @Test
  void ulidEncodesItsTime() {
    Instant t = Instant.parse("2025-03-01T10:00:00.123Z");
    String id = Ulid.at(t);
    assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(Ulid.timeOf(id)).isEqualTo(t);
    assertThat(Ulid.at(t)).isNotEqualTo(id);
    assertThat(Ulid.timeOf("short")).isNull();
  }
}
