package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionRuntime} does, run against each of them (process, container,
 * Kubernetes), so that the session service and {@code SessionCuller} can rely on one behaviour:
 * states, pause and resume, logs, what culling expects of the runtime, and failures.
 *
 * <p>A binding gives a runtime and specs its runtime can run. Where a runtime genuinely differs,
 * the binding says so through a capability method ({@link #proxiedByGateway}, {@link #cullsItself},
 * {@link #failsSessionsThatNeverAnswer}, {@link #sessionsOutliveTheRuntime}) and the suite asserts
 * the runtime's behaviour on both sides of it: no case is skipped.
 *
 * <p>The session that serves ({@link #specThatServes}) prints {@code contract line 1} to {@code
 * contract line 5}, appends a line to {@code starts.txt} in its work directory on every start, and
 * then answers HTTP under its base path with a page {@code starts=<lines of starts.txt>}: that page
 * is how the suite sees, through the runtime's upstream, whether the work directory survived.
 */
public abstract class AbstractSessionRuntimeContractTest {
  /** The start timeout of the runtime for {@link #specThatNeverListens}. */
  protected static final Duration SHORT_START_TIMEOUT = Duration.ofSeconds(5);

  /** The start timeout of the runtime for every other case. */
  protected static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How long a session may take to become running here (two shared cores). */
  protected static final Duration WAIT = Duration.ofSeconds(60);

  /** The shell program of the serving session; {@code $HOME} is the session's own. */
  protected static final String SERVES_SCRIPT =
      """
      set -e
      for i in 1 2 3 4 5; do echo "contract line $i"; done
      echo start >> "$RENKU_MOUNT_DIR/starts.txt"
      www="$HOME/contract-www"
      mkdir -p "$www$RENKU_BASE_URL_PATH"
      echo "starts=$(wc -l < "$RENKU_MOUNT_DIR/starts.txt" | tr -d ' ')" \
        > "$www$RENKU_BASE_URL_PATH/index.html"
      sleep 1
      exec busybox httpd -f -p "$RENKU_SESSION_IP:$RENKU_SESSION_PORT" -h "$www"
      """;

  /** The last line the session that exits at once prints, and its exit code. */
  protected static final String EXIT_LINE = "contract: giving up";

  protected static final int EXIT_CODE = 3;

  protected static final String EXITS_SCRIPT = "echo '" + EXIT_LINE + "'; exit " + EXIT_CODE;

  /** Never listens, and leaves a child behind that must be stopped with it. */
  protected static final String NEVER_LISTENS_SCRIPT = "echo waiting; sleep 600 & sleep 601";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<SessionRuntime> runtimes = new ArrayList<>();
  private final Set<String> started = new LinkedHashSet<>();

  /** The runtime of the current test (a case may replace it by a new instance). */
  protected SessionRuntime runtime;

  // ---- what a binding provides --------------------------------------------------------------

  /** A new runtime instance on the binding's platform (same root, same cluster each time). */
  protected abstract SessionRuntime newRuntime(Duration startTimeout);

  /** A session that answers HTTP under its base path after about a second (see the class doc). */
  protected abstract SessionSpec specThatServes(String name);

  /** A session whose program prints {@link #EXIT_LINE} and exits with {@link #EXIT_CODE}. */
  protected abstract SessionSpec specThatExitsAtOnce(String name);

  /** A session whose program runs but never listens. */
  protected abstract SessionSpec specThatNeverListens(String name);

  /** A session whose program or image ({@link #missingProgramOrImage}) does not exist. */
  protected abstract SessionSpec specWithMissingProgramOrImage(String name);

  /**
   * The program or image of {@link #specWithMissingProgramOrImage}, as the message must name it.
   */
  protected abstract String missingProgramOrImage();

  /** Whether the gateway proxies the runtime's sessions ({@link SessionRuntime#upstream}). */
  protected abstract boolean proxiedByGateway();

  /**
   * Whether the runtime pauses idle sessions itself ({@link SessionRuntime#cullsItself}); such a
   * runtime also keeps paused sessions as objects that report {@link RuntimeState#HIBERNATED},
   * where the others report {@link RuntimeState#ABSENT}.
   */
  protected abstract boolean cullsItself();

  /** Whether a session that never answers ends in FAILED after the runtime's start timeout. */
  protected abstract boolean failsSessionsThatNeverAnswer();

  /** Whether sessions keep running after {@link SessionRuntime#close} (a cluster's do). */
  protected abstract boolean sessionsOutliveTheRuntime();

  /** Whether the runtime holds a work volume (directory) for the session. */
  protected abstract boolean workVolumeExists(String name);

  /** Whether anything of the session runs (a process, a container, a pod that is wanted). */
  protected abstract boolean anythingRunsFor(String name);

  /** What identifies the session's current run (a process id, a container id, an object uid). */
  protected abstract String runIdentity(String name);

  /** The culling settings the runtime holds for the session ({@code idle=1s hibernated=2s}). */
  protected abstract Optional<String> cullingSettingsOf(String name);

  // ---- set-up -------------------------------------------------------------------------------

  @BeforeEach
  void createRuntime() {
    runtime = runtime(START_TIMEOUT);
  }

  /** A new runtime instance, closed after the test; it becomes {@link #runtime}. */
  protected SessionRuntime runtime(Duration startTimeout) {
    SessionRuntime r = newRuntime(startTimeout);
    runtimes.add(r);
    return r;
  }

  @AfterEach
  void removeSessions() {
    runtimes.forEach(SessionRuntime::close);
    // a new instance removes what the test's instances left: files, volumes, objects
    try (SessionRuntime cleaner = newRuntime(START_TIMEOUT)) {
      started.forEach(cleaner::delete);
    }
  }

  /** A fresh session name; deleted after the test. */
  protected String newName() {
    String name = "ct-" + HexFormat.of().formatHex(randomBytes(5));
    started.add(name);
    return name;
  }

  /**
   * A spec with the defaults every binding shares: base path {@code /sessions/<name>}, a random
   * token, 0.5 CPU and 1 GB, uid and gid 1000, no repositories.
   */
  protected static SessionSpec spec(
      String name, String image, List<String> command, List<String> args, int port) {
    return new SessionSpec(
        name,
        image,
        command,
        args,
        Map.of("CONTRACT", "1"),
        port,
        "/sessions/" + name,
        null,
        HexFormat.of().formatHex(randomBytes(16)),
        0.5,
        1,
        0,
        1,
        "contract-user",
        Map.of("renku.io/project_id", "contract-project"),
        null,
        null,
        1000,
        1000,
        null,
        List.of());
  }

  /** {@code spec} with culling limits. */
  protected static SessionSpec withCulling(SessionSpec s, long idleSeconds, long hibernated) {
    return new SessionSpec(
        s.name(),
        s.image(),
        s.command(),
        s.args(),
        s.env(),
        s.port(),
        s.basePath(),
        s.workingDirectory(),
        s.token(),
        s.cpu(),
        s.memoryGb(),
        s.gpu(),
        s.diskGb(),
        s.ownerId(),
        s.annotations(),
        idleSeconds,
        hibernated,
        s.uid(),
        s.gid(),
        s.mountDirectory(),
        s.repositories());
  }

  // ---- the contract -------------------------------------------------------------------------

  @Test
  void aStartedSessionIsStartingThenRunning() {
    String name = newName();
    SessionSpec spec = specThatServes(name);
    runtime.start(spec);

    RuntimeState first = awaitNotAbsent(name);
    assertThat(first)
        .as("the first state after start (the program listens only after a second)")
        .isEqualTo(RuntimeState.STARTING);
    RuntimeStatus running = awaitState(name, RuntimeState.RUNNING);
    assertThat(running.readyContainers()).isPositive();
    assertThat(running.readyContainers()).isLessThanOrEqualTo(running.totalContainers());
    assertThat(runtime.names()).contains(name);
    assertThat(anythingRunsFor(name)).isTrue();

    assertThat(runtime.upstream(name).isPresent())
        .as("an upstream exactly where the gateway proxies sessions")
        .isEqualTo(proxiedByGateway());
    if (proxiedByGateway()) {
      assertThat(page(name)).isEqualTo("starts=1");
    }
  }

  @Test
  void startingTwiceIsOneRun() {
    String name = newName();
    SessionSpec spec = specThatServes(name);
    runtime.start(spec);
    runtime.start(spec); // while starting
    awaitState(name, RuntimeState.RUNNING);
    String run = runIdentity(name);
    runtime.start(spec); // while running

    assertThat(runtime.status(name).state()).isEqualTo(RuntimeState.RUNNING);
    assertThat(runIdentity(name)).as("the same run").isEqualTo(run);
    assertThat(runtime.names()).containsOnlyOnce(name);
    if (proxiedByGateway()) {
      assertThat(page(name)).as("the program started once").isEqualTo("starts=1");
    }
  }

  @Test
  void anUnknownSessionIsAbsent() {
    String name = newName();
    assertThat(runtime.status(name)).isEqualTo(RuntimeStatus.ABSENT);
    assertThat(runtime.upstream(name)).isEmpty();
    assertThat(runtime.logs(name, 10)).isEmpty();
    assertThat(runtime.names()).doesNotContain(name);
    runtime.hibernate(name); // ignored
    runtime.delete(name); // ignored
    assertThat(runtime.status(name)).isEqualTo(RuntimeStatus.ABSENT);
  }

  @Test
  void filesInTheWorkDirectorySurvivePauseAndResume() {
    String name = newName();
    SessionSpec spec = specThatServes(name);
    runtime.start(spec);
    awaitState(name, RuntimeState.RUNNING);

    runtime.hibernate(name);
    if (cullsItself()) {
      // kept as an object the session service reads as paused
      awaitState(name, RuntimeState.HIBERNATED);
      assertThat(runtime.names()).contains(name);
    } else {
      // SessionCuller starts what should run and is ABSENT, and only that
      assertThat(runtime.status(name)).isEqualTo(RuntimeStatus.ABSENT);
      assertThat(runtime.names()).doesNotContain(name);
    }
    assertThat(runtime.upstream(name)).isEmpty();
    assertThat(anythingRunsFor(name)).as("nothing runs while paused").isFalse();
    assertThat(workVolumeExists(name)).as("the work volume is kept").isTrue();

    runtime.start(spec);
    awaitState(name, RuntimeState.RUNNING);
    assertThat(workVolumeExists(name)).isTrue();
    assertThat(runtime.upstream(name).isPresent()).isEqualTo(proxiedByGateway());
    if (proxiedByGateway()) {
      assertThat(page(name))
          .as("the second start found the file the first one wrote")
          .isEqualTo("starts=2");
    }
  }

  @Test
  void deleteRemovesTheSessionAndItsFiles() {
    String name = newName();
    SessionSpec spec = specThatServes(name);
    runtime.start(spec);
    awaitState(name, RuntimeState.RUNNING);

    runtime.delete(name);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(runtime.status(name)).isEqualTo(RuntimeStatus.ABSENT));
    assertThat(runtime.names()).doesNotContain(name);
    assertThat(runtime.upstream(name)).isEmpty();
    assertThat(anythingRunsFor(name)).isFalse();
    assertThat(workVolumeExists(name)).as("the work volume is gone").isFalse();
    runtime.delete(name); // again: ignored

    runtime.start(spec);
    awaitState(name, RuntimeState.RUNNING);
    if (proxiedByGateway()) {
      assertThat(page(name)).as("a new start sees an empty work directory").isEqualTo("starts=1");
    }
  }

  @Test
  void logsAreTheLastLinesOfTheSessionsOutput() {
    String name = newName();
    runtime.start(specThatServes(name));
    awaitState(name, RuntimeState.RUNNING);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(runtime.logs(name, 2).lines().toList())
                    .containsExactly("contract line 4", "contract line 5"));
    assertThat(runtime.logs(name, 100)).contains("contract line 1");
    assertThat(runtime.logs(name, 0)).isEmpty();
    assertThat(runtime.logs(name, -1)).isEmpty();
  }

  @Test
  void aProgramThatExitsAtOnceFailsWithItsExitCode() {
    String name = newName();
    runtime.start(specThatExitsAtOnce(name));

    RuntimeStatus failed = awaitState(name, RuntimeState.FAILED);
    assertThat(failed.message()).as("names the exit code").containsPattern("code " + EXIT_CODE);
    assertThat(failed.readyContainers()).isZero();
    assertThat(runtime.upstream(name)).isEmpty();
    assertThat(runtime.names()).as("shown until deleted").contains(name);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(runtime.logs(name, 20))
                    .as("the program's last line is in the logs")
                    .contains(EXIT_LINE));
  }

  @Test
  void aSessionThatNeverListens() {
    runtime = runtime(SHORT_START_TIMEOUT);
    String name = newName();
    Instant start = Instant.now();
    runtime.start(specThatNeverListens(name));

    if (failsSessionsThatNeverAnswer()) {
      RuntimeStatus failed = awaitState(name, RuntimeState.FAILED);
      assertThat(Duration.between(start, Instant.now()))
          .as("fails after the start timeout, not much later")
          .isLessThan(SHORT_START_TIMEOUT.plusSeconds(20));
      assertThat(failed.message())
          .as("says it did not answer in time")
          .contains("did not answer")
          .contains(String.valueOf(SHORT_START_TIMEOUT.toSeconds()));
      assertThat(runtime.upstream(name)).isEmpty();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> assertThat(anythingRunsFor(name)).as("nothing left running").isFalse());
    } else {
      // the operator reports the pod not ready for as long as it is not: the session stays
      // starting, and the researcher sees it and its logs
      awaitState(name, RuntimeState.STARTING);
      sleep(SHORT_START_TIMEOUT.plusSeconds(1));
      assertThat(runtime.status(name).state()).isEqualTo(RuntimeState.STARTING);
      assertThat(anythingRunsFor(name)).isTrue();
    }
  }

  @Test
  void aMissingProgramOrImageFailsWithAMessageNamingIt() {
    String name = newName();
    runtime.start(specWithMissingProgramOrImage(name));

    RuntimeStatus failed = awaitState(name, RuntimeState.FAILED);
    assertThat(failed.message()).contains(missingProgramOrImage());
    assertThat(runtime.upstream(name)).isEmpty();
    assertThat(runtime.names()).contains(name);
  }

  @Test
  void namesAreTheSessionsStartedAndNotDeleted() {
    String a = newName();
    String b = newName();
    String c = newName();
    runtime.start(specThatServes(a));
    runtime.start(specThatServes(b));
    runtime.start(specWithMissingProgramOrImage(c));
    awaitState(a, RuntimeState.RUNNING);
    awaitState(b, RuntimeState.RUNNING);
    awaitState(c, RuntimeState.FAILED);
    assertThat(runtime.names()).containsExactlyInAnyOrder(a, b, c);

    runtime.delete(a);
    assertThat(runtime.names()).containsExactlyInAnyOrder(b, c);
    runtime.delete(c);
    assertThat(runtime.names()).containsExactlyInAnyOrder(b);
  }

  @Test
  void cullingIsTheRuntimesOwnOnlyWhereItSaysSo() {
    assertThat(runtime.cullsItself()).isEqualTo(cullsItself());
    String name = newName();
    runtime.start(withCulling(specThatServes(name), 1, 2));
    awaitState(name, RuntimeState.RUNNING);

    if (cullsItself()) {
      assertThat(cullingSettingsOf(name))
          .as("the limits reach the runtime, which pauses and deletes by itself")
          .contains("idle=1s hibernated=2s");
    } else {
      assertThat(cullingSettingsOf(name)).as("no culling settings in the runtime").isEmpty();
      sleep(Duration.ofSeconds(3));
      assertThat(runtime.status(name).state())
          .as("idle past its limit and still running: SessionCuller pauses it, not the runtime")
          .isEqualTo(RuntimeState.RUNNING);
    }
  }

  @Test
  void closeStopsWhatTheRuntimeRunsAsItPromises() {
    String name = newName();
    runtime.start(specThatServes(name));
    awaitState(name, RuntimeState.RUNNING);

    runtime.close();
    SessionRuntime next = runtime(START_TIMEOUT);
    if (sessionsOutliveTheRuntime()) {
      // a cluster runs sessions without the platform; a new instance sees them
      assertThat(next.names()).contains(name);
      assertThat(anythingRunsFor(name)).isTrue();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(next.status(name).state()).isEqualTo(RuntimeState.RUNNING));
    } else {
      // the platform's own processes or containers stop with it; their files stay, and the
      // session service starts them again from the wanted state in Postgres
      assertThat(anythingRunsFor(name)).as("nothing runs after close").isFalse();
      assertThat(next.names()).doesNotContain(name);
      assertThat(next.status(name)).isEqualTo(RuntimeStatus.ABSENT);
      assertThat(workVolumeExists(name)).isTrue();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Waits until the session is in {@code state}; fails early if it ends in another final state. */
  protected RuntimeStatus awaitState(String name, RuntimeState state) {
    Instant deadline = Instant.now().plus(WAIT);
    RuntimeStatus last = runtime.status(name);
    while (Instant.now().isBefore(deadline)) {
      last = runtime.status(name);
      if (last.state() == state) {
        return last;
      }
      if (last.state() == RuntimeState.FAILED) {
        throw new AssertionError(
            "Session " + name + " failed instead of being " + state + ": " + last.message());
      }
      sleep(Duration.ofMillis(50));
    }
    throw new AssertionError(
        "Session " + name + " is " + last + " after " + WAIT.toSeconds() + " s, not " + state);
  }

  private RuntimeState awaitNotAbsent(String name) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      RuntimeState s = runtime.status(name).state();
      if (s != RuntimeState.ABSENT) {
        return s;
      }
      sleep(Duration.ofMillis(20));
    }
    throw new AssertionError("Session " + name + " is still absent after start");
  }

  /** The session's page through its upstream, as the gateway would fetch it. */
  protected String page(String name) {
    SessionRuntime.Upstream u = runtime.upstream(name).orElseThrow();
    URI uri = URI.create("http://" + u.host() + ":" + u.port() + "/sessions/" + name + "/");
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET " + uri).isEqualTo(200);
      return r.body().strip();
    } catch (IOException e) {
      throw new AssertionError("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  protected static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
