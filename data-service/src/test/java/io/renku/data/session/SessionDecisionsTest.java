package io.renku.data.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.session.runtime.LocalProcessRuntime;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions about sessions that depend on nothing but their inputs. */
class SessionDecisionsTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneOffset.UTC);

  private static Session session(
      String state,
      OffsetDateTime lastInteraction,
      OffsetDateTime hibernatedAt,
      Long idle,
      Long keep) {
    return new Session(
        "renku-abc",
        "u",
        false,
        "p",
        "l",
        "interactive",
        1,
        1,
        0.5,
        1,
        0,
        1,
        true,
        idle,
        keep,
        "img",
        List.of("x"),
        List.of(),
        List.of(),
        8888,
        "/lab",
        null,
        1000,
        1000,
        null,
        List.of(),
        "t",
        state,
        T0,
        T0,
        lastInteraction,
        hibernatedAt);
  }

  @Test
  void idleSessionsArePausedAndLongPausedOnesDeleted() {
    Session active = session(Session.RUNNING, T0, null, 600L, 3600L);
    assertThat(SessionCuller.decide(active, T0.plusSeconds(599), null))
        .isEqualTo(SessionCuller.Action.NONE);
    assertThat(SessionCuller.decide(active, T0.plusSeconds(601), null))
        .isEqualTo(SessionCuller.Action.HIBERNATE_IDLE);
    assertThat(
            SessionCuller.decide(
                session(Session.RUNNING, T0, null, null, null), T0.plusDays(30), null))
        .as("no idle threshold: never paused for idleness")
        .isEqualTo(SessionCuller.Action.NONE);
    assertThat(SessionCuller.decide(active, T0.plusSeconds(60), Duration.ofSeconds(30)))
        .as("older than the maximum age")
        .isEqualTo(SessionCuller.Action.HIBERNATE_AGE);

    Session paused = session(Session.HIBERNATED, T0, T0, 600L, 3600L);
    assertThat(SessionCuller.decide(paused, T0.plusSeconds(3599), null))
        .isEqualTo(SessionCuller.Action.NONE);
    assertThat(SessionCuller.decide(paused, T0.plusSeconds(3601), null))
        .isEqualTo(SessionCuller.Action.DELETE);
  }

  @Test
  void theReportedStateCombinesTheWantedStateAndTheRuntime() {
    Session running = session(Session.RUNNING, T0, null, 600L, 3600L);
    var r =
        SessionController.status(
            running, new RuntimeStatus(RuntimeState.RUNNING, null, 1, 1, null));
    assertThat(r.getState().getValue()).isEqualTo("running");
    assertThat(r.getWillHibernateAt()).isEqualTo(T0.plusSeconds(600));
    var failed =
        SessionController.status(
            running, new RuntimeStatus(RuntimeState.FAILED, "exit code 3", 0, 1, null));
    assertThat(failed.getState().getValue()).isEqualTo("failed");
    assertThat(failed.getMessage()).isEqualTo("exit code 3");
    assertThat(SessionController.status(running, RuntimeStatus.ABSENT).getState().getValue())
        .isEqualTo("starting");

    Session paused = session(Session.HIBERNATED, T0, T0, 600L, 3600L);
    var p = SessionController.status(paused, RuntimeStatus.ABSENT);
    assertThat(p.getState().getValue()).isEqualTo("hibernated");
    assertThat(p.getWillDeleteAt()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void variablesInCommandsAreFilledInLikeKubernetesDoes() {
    Map<String, String> vars = Map.of("RENKU_SESSION_PORT", "8123", "A", "$1\\x");
    assertThat(LocalProcessRuntime.expand("--port=$(RENKU_SESSION_PORT)", vars))
        .isEqualTo("--port=8123");
    assertThat(LocalProcessRuntime.expand("$(A)-$(UNKNOWN)", vars)).isEqualTo("$1\\x-$(UNKNOWN)");
    assertThat(LocalProcessRuntime.expand("$HOME", vars)).isEqualTo("$HOME");
  }

  @Test
  void namesAreStablePerCallerProjectAndLauncher() {
    String a = SessionService.nameOf("user-1", "p1", "l1");
    assertThat(a).isEqualTo(SessionService.nameOf("user-1", "p1", "l1"));
    assertThat(a).isNotEqualTo(SessionService.nameOf("user-2", "p1", "l1"));
    assertThat(a).matches("^[a-z]([-a-z0-9]*[a-z0-9])?$").hasSizeBetween(5, 50);
  }
}
