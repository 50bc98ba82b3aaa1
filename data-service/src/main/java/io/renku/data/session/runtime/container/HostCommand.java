package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of the host that is not podman ({@code debootstrap}, {@code tar}, {@code rm}), run to
 * its end with a deadline; standard output and error together, of which the last lines are kept.
 */
final class HostCommand {
  private HostCommand() {}

  /** How it ended: exit code (-1 if it could not start or was killed) and its last lines. */
  record Outcome(int exitCode, String tail) {
    boolean ok() {
      return exitCode == 0;
    }

    /** For a message: the exit code and the last lines. */
    String summary() {
      return "exit code " + exitCode + (tail.isEmpty() ? "" : "; last output:\n" + tail);
    }
  }

  static Outcome run(List<String> argv, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Outcome(-1, "cannot run " + argv.getFirst() + ": " + e.getMessage());
    }
    OutputTail tail = new OutputTail(20);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      tail.add(line);
                    }
                  } catch (IOException e) {
                    // the process ended; what was read is kept
                  }
                });
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        reader.join(Duration.ofSeconds(5));
        tail.add(argv.getFirst() + " did not finish within " + timeout.toSeconds() + " s");
        return new Outcome(-1, tail.text());
      }
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new Outcome(-1, "interrupted");
    }
    return new Outcome(p.exitValue(), tail.text());
  }
}
