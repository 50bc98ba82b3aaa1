package io.renku.gateway.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentLoginsTest {
  private static final LoginSession LOGIN =
      new LoginSession("sub", "Name", "a@b.c", Instant.now(), Instant.now(), new byte[] {1});

  @Test
  void keepsALoginForItsTimeThenForgetsIt() throws Exception {
    RecentLogins recent = new RecentLogins(Duration.ofMillis(200));
    recent.put("s1", LOGIN, recent.epoch());
    assertThat(recent.get("s1")).isSameAs(LOGIN);
    assertThat(recent.get("s2")).isNull();
    assertThat(recent.get(null)).isNull();
    Thread.sleep(250);
    assertThat(recent.get("s1")).isNull();
  }

  @Test
  void anEvictedSessionIsGoneAtOnce() {
    RecentLogins recent = new RecentLogins(Duration.ofMinutes(1));
    recent.put("s1", LOGIN, recent.epoch());
    recent.put("s2", LOGIN, recent.epoch());
    recent.evict("s1");
    assertThat(recent.get("s1")).isNull();
    assertThat(recent.get("s2")).isSameAs(LOGIN);
  }

  @Test
  void aLoginReadBeforeAChangeIsNotKept() {
    RecentLogins recent = new RecentLogins(Duration.ofMinutes(1));
    long before = recent.epoch();
    // meanwhile, another request logs this session out
    recent.evict("s1");
    recent.put("s1", LOGIN, before);
    assertThat(recent.get("s1")).as("read before the logout").isNull();
    recent.put("s1", LOGIN, recent.epoch());
    assertThat(recent.get("s1")).as("read after it").isSameAs(LOGIN);
  }

  @Test
  void aZeroTimeKeepsNothing() {
    RecentLogins recent = new RecentLogins(Duration.ZERO);
    assertThat(recent.enabled()).isFalse();
    recent.put("s1", LOGIN, recent.epoch());
    assertThat(recent.get("s1")).isNull();
  }

  @Test
  void staysBounded() {
    RecentLogins recent = new RecentLogins(Duration.ofMinutes(1));
    for (int i = 0; i <= RecentLogins.MAX_ENTRIES; i++) {
      recent.put("s" + i, LOGIN, recent.epoch());
    }
    assertThat(recent.get("s0")).isNull();
    assertThat(recent.get("s" + RecentLogins.MAX_ENTRIES)).isSameAs(LOGIN);
  }
}
