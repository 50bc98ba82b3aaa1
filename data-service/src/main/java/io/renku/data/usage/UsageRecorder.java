package io.renku.data.usage;

import io.renku.data.session.Session;
import io.renku.data.session.SessionService;
import io.renku.data.session.runtime.RuntimeState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples what the running sessions use, every {@code renku.usage.capture-interval} (10 minutes, as
 * the original's task), one row per session whose runtime reports it running (decision 0042).
 */
@Component
public class UsageRecorder {
  private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

  private final SessionService sessions;
  private final UsageRepository usage;
  private final Duration interval;

  public UsageRecorder(
      SessionService sessions,
      UsageRepository usage,
      @Value("${renku.usage.capture-interval:10m}") Duration interval) {
    this.sessions = sessions;
    this.usage = usage;
    this.interval = interval;
  }

  @Scheduled(
      fixedDelayString = "${renku.usage.capture-interval:10m}",
      initialDelayString = "${renku.usage.capture-interval:10m}")
  public void scheduled() {
    try {
      int n = capture(OffsetDateTime.now(ZoneOffset.UTC));
      log.debug("Recorded the resource usage of {} running sessions", n);
    } catch (RuntimeException e) {
      log.warn("Recording resource usage failed; the next capture tries again", e);
    }
  }

  /** Records one capture at {@code at} of every running session; returns how many. */
  public int capture(OffsetDateTime at) {
    OffsetDateTime captured = at.truncatedTo(ChronoUnit.SECONDS);
    List<UsageSample> samples =
        sessions.allWantingToRun().stream()
            .filter(v -> v.runtime().state() == RuntimeState.RUNNING)
            .map(v -> sample(v.session(), captured))
            .toList();
    usage.insert(samples);
    return samples.size();
  }

  private UsageSample sample(Session s, OffsetDateTime at) {
    return new UsageSample(
        s.name(),
        s.startedAt(),
        s.ownerId(),
        s.projectId(),
        s.launcherId(),
        s.resourcePoolId(),
        s.resourceClassId(),
        s.cpu(),
        s.memoryGb(),
        s.gpu(),
        s.diskGb(),
        at,
        interval);
  }
}
