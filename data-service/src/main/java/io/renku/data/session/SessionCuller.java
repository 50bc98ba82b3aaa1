package io.renku.data.session;

import io.renku.data.config.SessionProperties;
import io.renku.data.launcher.HostCommandRule;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.SessionRuntime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps runtimes in line with the sessions table, every {@code renku.sessions.cull-interval} and
 * once at start-up: pauses sessions idle longer than their pool allows (or older than the maximum
 * age), deletes paused sessions kept longer than the pool's hibernation threshold, starts sessions
 * that should run but do not (after a platform restart), and stops what runs without a row (its
 * project or launcher was deleted).
 */
@Component
public class SessionCuller {
  private static final Logger log = LoggerFactory.getLogger(SessionCuller.class);

  private final SessionRepository sessions;
  private final SessionService service;
  private final SessionRuntime runtime;
  private final SessionProperties properties;
  private final HostCommandRule hostCommands;

  public SessionCuller(
      SessionRepository sessions,
      SessionService service,
      SessionRuntime runtime,
      SessionProperties properties,
      HostCommandRule hostCommands) {
    this.sessions = sessions;
    this.service = service;
    this.runtime = runtime;
    this.properties = properties;
    this.hostCommands = hostCommands;
  }

  /** What one pass should do with a session, decided from its row and the time alone. */
  enum Action {
    NONE,
    HIBERNATE_IDLE,
    HIBERNATE_AGE,
    DELETE,
  }

  static Action decide(Session s, OffsetDateTime now, Duration maxAge) {
    if (s.wantsRunning()) {
      if (s.idleThresholdSeconds() != null
          && s.idleThresholdSeconds() > 0
          && s.lastInteraction().plusSeconds(s.idleThresholdSeconds()).isBefore(now)) {
        return Action.HIBERNATE_IDLE;
      }
      if (maxAge != null && s.startedAt().plus(maxAge).isBefore(now)) {
        return Action.HIBERNATE_AGE;
      }
      return Action.NONE;
    }
    if (s.hibernationThresholdSeconds() != null
        && s.hibernationThresholdSeconds() > 0
        && s.hibernatedAt() != null
        && s.hibernatedAt().plusSeconds(s.hibernationThresholdSeconds()).isBefore(now)) {
      return Action.DELETE;
    }
    return Action.NONE;
  }

  /**
   * A runtime that culls by itself deletes sessions paused too long; the row of a session whose
   * runtime object is gone (and that is not just being created) goes too.
   */
  private void forgetIfGone(Session s, OffsetDateTime now) {
    if (runtime.status(s.name()).state() == RuntimeState.ABSENT
        && s.startedAt().plus(Duration.ofMinutes(2)).isBefore(now)
        && sessions.delete(s.name())) {
      log.info(
          "Session {} is gone from the runtime (culled there); its record is removed", s.name());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  public void onStart() {
    Thread.ofVirtual().name("session-recovery").start(this::pass);
  }

  @Scheduled(
      fixedDelayString = "${renku.sessions.cull-interval:15s}",
      initialDelayString = "${renku.sessions.cull-interval:15s}")
  public void scheduled() {
    pass();
  }

  public synchronized void pass() {
    // What runs is read before the table: a session started after this had its row committed
    // first, so nothing freshly started is taken for a leftover.
    java.util.Set<String> running;
    List<Session> all;
    try {
      running = runtime.keptNames();
      all = sessions.all();
    } catch (RuntimeException e) {
      // the runtime (e.g. the Kubernetes API) or the database is away: the next pass tries again;
      // thrown, it would end the start-up pass's thread with a stack trace
      log.warn("Cannot read sessions to cull them: {}", e.getMessage());
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    java.util.Set<String> known = new java.util.HashSet<>();
    for (Session s : all) {
      known.add(s.name());
      try {
        if (runtime.cullsItself()) {
          forgetIfGone(s, now);
          continue;
        }
        switch (decide(s, now, properties.maxAge())) {
          case HIBERNATE_IDLE ->
              service.hibernate(s, "idle for more than " + s.idleThresholdSeconds() + " s");
          case HIBERNATE_AGE -> service.hibernate(s, "older than " + properties.maxAge());
          case DELETE -> {
            sessions.delete(s.name());
            runtime.delete(s.name());
            log.info(
                "Session {} deleted: paused for more than {} s",
                s.name(),
                s.hibernationThresholdSeconds());
          }
          case NONE -> {
            if (s.wantsRunning() && runtime.status(s.name()).state() == RuntimeState.ABSENT) {
              // read again: its owner may have paused it since the list was read
              sessions
                  .get(s.name())
                  .filter(Session::wantsRunning)
                  .ifPresent(
                      fresh -> {
                        if (!hostCommands.mayRunAgain(
                            fresh.launcherId(), fresh.command(), fresh.args())) {
                          // e.g. started before only administrators could set commands
                          service.hibernate(
                              fresh, "its command was not set by a platform administrator");
                          return;
                        }
                        log.info("Session {} should run but does not; starting it", s.name());
                        runtime.start(fresh.spec());
                      });
            }
          }
        }
      } catch (RuntimeException e) {
        log.warn("Cannot look after session {}: {}", s.name(), e.getMessage());
      }
    }
    for (String name : running) {
      if (!known.contains(name)) {
        log.info(
            "Session {} is kept without a record (its project or launcher is gone); removing it",
            name);
        try {
          runtime.delete(name);
        } catch (RuntimeException e) {
          log.warn("Cannot remove session {}: {}", name, e.getMessage());
        }
      }
    }
  }
}
