package io.renku.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.identity.config.IdentityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The delay rules: growing, bounded, forgotten; per account and per address. */
class LoginThrottleTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LoginThrottle throttle =
      new LoginThrottle(
          new IdentityProperties.LoginThrottle(
              5, 20, Duration.ofSeconds(60), Duration.ofMinutes(15)),
          clock);

  @Test
  void theDelayDoublesAfterTheFreeAttemptsAndStaysBounded() {
    for (int i = 1; i <= 4; i++) {
      throttle.failed("Alice", "10.0.0." + i);
      assertThat(throttle.wait("alice", "10.0.0.99")).isZero();
    }
    throttle.failed("alice", "10.0.0.5");
    assertThat(throttle.wait("ALICE", "10.0.0.99")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("bob", "10.0.0.99")).as("other accounts go ahead").isZero();
    throttle.failed("alice", "10.0.0.6");
    assertThat(throttle.wait("alice", null)).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 40; i++) {
      throttle.failed("alice", "10.0.1." + i);
    }
    assertThat(throttle.wait("alice", null)).isEqualTo(Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    assertThat(throttle.wait("alice", null)).as("never longer than the cap").isZero();
  }

  @Test
  void failuresAreForgottenAndASuccessClearsTheAccount() {
    for (int i = 0; i < 6; i++) {
      throttle.failed("carol", "10.0.2.1");
    }
    assertThat(throttle.wait("carol", null)).isPositive();
    clock.advance(Duration.ofMinutes(16));
    throttle.failed("carol", "10.0.2.1");
    assertThat(throttle.wait("carol", null)).as("counted afresh after a quiet while").isZero();

    for (int i = 0; i < 6; i++) {
      throttle.failed("dave", "10.0.2.2");
    }
    throttle.succeeded("Dave");
    throttle.failed("dave", "10.0.2.3");
    assertThat(throttle.wait("dave", null)).isZero();
  }

  @Test
  void oneAddressTryingManyAccountsWaitsAfterMoreFailures() {
    for (int i = 0; i < 19; i++) {
      throttle.failed("user" + i, "10.0.3.1");
    }
    assertThat(throttle.wait("someone", "10.0.3.1")).isZero();
    throttle.failed("user19", "10.0.3.1");
    assertThat(throttle.wait("someone", "10.0.3.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("someone", "10.0.3.2")).isZero();
    throttle.succeeded("user0");
    assertThat(throttle.wait("someone", "10.0.3.1"))
        .as("an own account's login does not reset the address")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void secondsAreRoundedUp() {
    assertThat(LoginThrottle.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(LoginThrottle.seconds(Duration.ofMillis(2000))).isEqualTo(2);
    assertThat(LoginThrottle.seconds(Duration.ofMillis(2001))).isEqualTo(3);
  }
}
