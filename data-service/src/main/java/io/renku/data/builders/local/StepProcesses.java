package io.renku.data.builders.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The processes of one build, one at a time ({@code git}, {@code podman build}, {@code podman
 * push}): each followed to its end or its deadline, its output line by line to the step's log, and
 * stopped by a cancel. After a cancel, following anything throws {@link BuildFailure}.
 */
final class StepProcesses {
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private volatile boolean cancelled;
  private volatile Process current;
  private volatile boolean currentIsBuild;

  /** How long a cancel may take at most: podman's grace, and a little. */
  static Duration stopGrace() {
    return STOP_GRACE.plusSeconds(5);
  }

  boolean cancelled() {
    return cancelled;
  }

  /** From now on every process is stopped as it starts, and following one throws. */
  void markCancelled() {
    cancelled = true;
  }

  /** Stops the process that runs, if any (it may take podman's grace period). */
  void stopCurrent() {
    Process p = current;
    if (p != null) {
      stop(p, currentIsBuild);
    }
  }

  /** How a process ended. */
  record Ran(int exitCode, boolean timedOut) {}

  /**
   * Follows {@code p} to its end or deadline, each line of its output to {@code lines}; {@code
   * isBuild} for {@code podman build} (see {@link #stop}).
   */
  Ran follow(Process p, boolean isBuild, Duration timeout, Consumer<String> lines) {
    current = p;
    currentIsBuild = isBuild;
    if (cancelled) {
      stop(p, isBuild);
    }
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      lines.accept(line);
                    }
                  } catch (IOException e) {
                    // the process ended; what was read is kept
                  }
                });
    try {
      boolean timedOut = !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (timedOut) {
        stop(p, isBuild);
      }
      reader.join(Duration.ofSeconds(5));
      if (cancelled) {
        throw new BuildFailure("cancelled");
      }
      return new Ran(timedOut ? -1 : p.exitValue(), timedOut);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(p, isBuild);
      throw new BuildFailure("The build was interrupted (the platform is stopping).");
    } finally {
      current = null;
    }
  }

  /**
   * Stops a process of the build. For {@code podman build}, the processes of the {@code RUN} step
   * (podman's grandchildren: they run in the step's container) are killed, again while podman
   * lives: the step then fails and podman removes its build containers itself, which it does not
   * when it is killed. Only if podman outlives the grace period is it killed too.
   */
  static void stop(Process p, boolean isBuild) {
    if (isBuild) {
      long deadline = System.nanoTime() + STOP_GRACE.toNanos();
      while (p.isAlive() && System.nanoTime() < deadline) {
        p.descendants()
            .filter(h -> h.parent().map(parent -> parent.pid() != p.pid()).orElse(true))
            .forEach(ProcessHandle::destroyForcibly);
        try {
          p.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
