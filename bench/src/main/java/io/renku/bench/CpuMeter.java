package io.renku.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CPU time used by this JVM and by the embedded Postgres (the postmaster, its live backends and the
 * ones it has reaped), from /proc. On a machine shared with other work, wall-clock rates say how
 * much CPU the benchmark got; CPU per document or per query says what the work costs, and two cores
 * divided by it bounds what an idle machine would do.
 */
final class CpuMeter {
  /** Linux's USER_HZ: /proc reports CPU times in these ticks. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long postmasterPid;

  private CpuMeter(long postmasterPid) {
    this.postmasterPid = postmasterPid;
  }

  /** For the Postgres whose data directory is {@code pgData} (first line of postmaster.pid). */
  static CpuMeter forPostgres(Path pgData) throws IOException {
    List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
    return new CpuMeter(Long.parseLong(lines.getFirst().trim()));
  }

  record Sample(double jvmSeconds, double postgresSeconds, long nanos) {
    /** "JVM x s + Postgres y s of CPU over z s" since {@code start}. */
    String since(Sample start) {
      return String.format(
          Locale.ROOT,
          "CPU: JVM %.1f s + Postgres %.1f s over %.1f s wall",
          jvmSeconds - start.jvmSeconds,
          postgresSeconds - start.postgresSeconds,
          (nanos - start.nanos) / 1e9);
    }

    double cpuSince(Sample start) {
      return jvmSeconds - start.jvmSeconds + postgresSeconds - start.postgresSeconds;
    }
  }

  Sample sample() {
    return new Sample(jvmSeconds(), postgresSeconds(), System.nanoTime());
  }

  static double jvmSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private double postgresSeconds() {
    long ticks = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f = stat(p);
        if (f == null) {
          continue;
        }
        long pid = Long.parseLong(name);
        long ppid = Long.parseLong(f[1]);
        if (pid == postmasterPid) {
          // own time plus that of the backends it has reaped
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } else if (ppid == postmasterPid) {
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [11] utime, ... */
  private static String[] stat(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The 1-minute load average, to say how loaded the machine was. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
