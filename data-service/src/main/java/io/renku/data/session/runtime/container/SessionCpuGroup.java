package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU group sessions' containers are put in on a cgroup v1 machine where podman runs as root
 * with the cgroupfs manager (these machines).
 *
 * <p>Why: in cgroup v1 every process of the root group (the platform's JVM threads, Postgres, a
 * benchmark's client) competes one by one with each child group, and podman's default parent {@code
 * libpod_parent} is one child group with the weight of one thread. Ten Jupyter sessions starting
 * while the platform answered 500 requests a second got as much CPU together as one of the
 * platform's threads: 24 s until all ran, 7 s with this group. The group weighs as much as two busy
 * threads per core ({@code cpu.shares} 2048 per CPU), so sessions keep their share of the machine
 * while the platform stays responsive when they burn CPU; inside it, each session's {@code
 * --cpu-shares} divides the group by class.
 *
 * <p>Failure modes: a group that cannot be made or set (no permission, another layout) is logged
 * and the engine's default parent is used; nothing is thrown.
 */
final class SessionCpuGroup {
  private static final Logger log = LoggerFactory.getLogger(SessionCpuGroup.class);
  static final String NAME = "renku-sessions";

  private SessionCpuGroup() {}

  /**
   * Makes the group where it helps and returns the {@code --cgroup-parent} for the containers, or
   * empty to keep the engine's default.
   *
   * @param cgroupRoot {@code /sys/fs/cgroup} (another directory in tests)
   */
  static Optional<String> prepare(EngineFacts facts, Path cgroupRoot, int cpus) {
    return prepareGroup(facts, cgroupRoot, cpus).map(g -> "/" + NAME);
  }

  /**
   * Sets the group's weight for {@code sessions} running or starting sessions; does nothing where
   * no group was made.
   */
  static void resize(Path cgroupRoot, int cpus, int sessions) {
    Path shares = cgroupRoot.resolve("cpu").resolve(NAME).resolve("cpu.shares");
    if (!Files.isRegularFile(shares)) {
      return;
    }
    try {
      Files.writeString(shares, String.valueOf(shares(cpus, sessions)));
    } catch (IOException | RuntimeException e) {
      log.debug("Cannot set {}", shares, e);
    }
  }

  /** One busy thread's weight per session, at least two per core; at most cgroup v1's maximum. */
  static long shares(int cpus, int sessions) {
    return Math.min(262_144L, Math.max(2048L * Math.max(1, cpus), 1024L * sessions));
  }

  private static Optional<Path> prepareGroup(EngineFacts facts, Path cgroupRoot, int cpus) {
    if (facts.cgroupVersion() != 1
        || facts.rootless()
        || !"cgroupfs".equals(facts.cgroupManager())) {
      return Optional.empty();
    }
    Path cpu = cgroupRoot.resolve("cpu");
    if (!Files.isDirectory(cpu)) {
      return Optional.empty();
    }
    Path group = cpu.resolve(NAME);
    long shares = shares(cpus, 0);
    try {
      if (!Files.isDirectory(group)) {
        Files.createDirectory(group); // in cgroupfs, a new directory is a new group
      }
      Files.writeString(group.resolve("cpu.shares"), String.valueOf(shares));
      log.info("Session containers run in the CPU group /{} (cpu.shares {})", NAME, shares);
      return Optional.of(group);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Cannot prepare the CPU group {} ({}); session containers share podman's default group,"
              + " where a busy platform can starve them",
          group,
          e.getMessage());
      return Optional.empty();
    }
  }
}
