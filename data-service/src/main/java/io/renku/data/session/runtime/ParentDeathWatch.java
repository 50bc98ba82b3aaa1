package io.renku.data.session.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a process this JVM started when the JVM dies, however it dies ({@code kill -9} included),
 * so that no Postgres server or session is left running without its platform.
 *
 * <p>Linux has no portable parent-death signal for grandchildren (Postgres is started through
 * {@code pg_ctl}, which detaches it), and Java offers no {@code prctl}. So a tiny {@code sh}
 * watcher runs next to each watched process: it reads its standard input, a pipe whose only writer
 * is this JVM; the kernel closes that pipe when the JVM ends, the watcher's {@code read} returns,
 * and it signals the process (and, for sessions, its descendants), then sends the last-resort
 * signal after a grace period. It checks the process's start time first, so a recycled pid is never
 * signalled. The watcher ignores the terminal's signals (Ctrl-C reaches the whole foreground
 * group): the JVM stops its processes in order itself and then ends the watcher with {@link
 * #cancel()}.
 */
public final class ParentDeathWatch {
  private static final Logger log = LoggerFactory.getLogger(ParentDeathWatch.class);

  // $1 pid, $2 its start time (field 22 of /proc/<pid>/stat), $3 first signal, $4 grace in
  // seconds, $5 last signal, $6 "tree" to signal the descendants too.
  private static final String SCRIPT =
      """
      trap '' INT HUP QUIT TSTP TTIN TTOU PIPE
      while read -r _; do :; done
      start_of() { s=$(cat /proc/$1/stat 2>/dev/null) || return 1; s=${s##*) }; set -- $s; echo "${20}"; }
      tree() {
        echo "$1:$(start_of $1)"
        if [ "$TREE" = tree ]; then
          for t in /proc/$1/task/*/children; do
            for c in $(cat "$t" 2>/dev/null); do tree "$c"; done
          done
        fi
      }
      signal() {
        for p in $2; do
          [ "$(start_of ${p%%:*})" = "${p#*:}" ] && kill -"$1" "${p%%:*}" 2>/dev/null
        done
      }
      PID=$1; START=$2; TREE=$6
      [ "$(start_of $PID)" = "$START" ] || exit 0
      procs=$(tree $PID)
      signal "$3" "$procs"
      i=0
      while [ $i -lt "$4" ] && [ "$(start_of $PID)" = "$START" ]; do sleep 1; i=$((i+1)); done
      signal "$5" "$procs"
      """;

  private final Process watcher;

  private ParentDeathWatch(Process watcher) {
    this.watcher = watcher;
  }

  /**
   * Watches {@code pid}: when this JVM ends, the process gets {@code firstSignal} (e.g. {@code
   * TERM}), and {@code lastSignal} (e.g. {@code KILL}) if it still runs {@code graceSeconds} later.
   * With {@code tree}, its descendants (as they were when the JVM ended) get the same signals.
   * Empty where there is no {@code /proc} (not Linux) or no {@code sh}: then only the next start
   * cleans up.
   */
  public static Optional<ParentDeathWatch> watch(
      long pid, String firstSignal, int graceSeconds, String lastSignal, boolean tree) {
    Optional<String> started = startTime(pid);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                SCRIPT,
                "renku-watch",
                String.valueOf(pid),
                started.get(),
                firstSignal,
                String.valueOf(graceSeconds),
                lastSignal,
                tree ? "tree" : "one")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    // The pipe to its standard input is the point: this JVM holds the only writing end.
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      return Optional.of(new ParentDeathWatch(pb.start()));
    } catch (IOException e) {
      log.warn(
          "Cannot watch process {}; it may outlive a crash of this JVM: {}", pid, e.toString());
      return Optional.empty();
    }
  }

  /** The kernel's start time of {@code pid} (clock ticks since boot), if the process exists. */
  public static Optional<String> startTime(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // The command name (field 2) may hold spaces and parentheses; fields count from its end.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return rest.length > 19 ? Optional.of(rest[19]) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The watcher's own pid (for tests). */
  public long watcherPid() {
    return watcher.pid();
  }

  /** Ends the watcher without touching the watched process: the JVM stopped it itself. */
  public void cancel() {
    watcher.destroy();
  }
}
