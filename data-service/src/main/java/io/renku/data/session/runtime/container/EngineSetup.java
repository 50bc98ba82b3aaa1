package io.renku.data.session.runtime.container;

import io.renku.data.session.runtime.container.EngineFacts.Limit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * This machine's podman, made ready for sessions: at start the platform finds out what the machine
 * allows, writes its own {@code containers.conf} into the data directory and from then on runs
 * every podman command with {@code CONTAINERS_CONF} pointing at it, so that neither the machine's
 * configuration nor a user's is changed.
 *
 * <p>What the file holds, and why:
 *
 * <ul>
 *   <li>Always {@code [containers] default_ulimits = []}. Podman's packaged defaults raise the
 *       container's {@code nofile}/{@code nproc} limits, which needs {@code CAP_SYS_RESOURCE}; in a
 *       sandbox the OCI runtime then fails with {@code setrlimit ...: Operation not permitted}.
 *       Without the list the container inherits the limits of the platform's own process, which are
 *       the machine's ordinary ones, so the setting is harmless on every machine.
 *   <li>With cgroups v1 (legacy or hybrid): {@code [engine] runtime = "runc"} and {@code
 *       cgroup_manager = "cgroupfs"}. {@code crun}, podman's first choice, refuses hybrid cgroups
 *       ("cgroups in hybrid mode not supported"); {@code runc} with the cgroupfs manager works
 *       there and needs no systemd. With unified cgroups v2 the engine keeps its defaults.
 * </ul>
 *
 * <p>Failure modes: no podman on this machine: {@link #detect} answers {@link Optional#empty()}
 * (local mode then runs sessions as processes); podman present but {@code podman info} failing, or
 * hybrid cgroups without {@code runc}: {@link EngineUnusableException} with podman's own message or
 * what to install; the data directory not writable: {@link UncheckedIOException}.
 *
 * @param podman the engine's command line, with {@code CONTAINERS_CONF} set
 * @param facts what the engine reported with that configuration
 * @param containersConf the file written
 */
public record EngineSetup(Podman podman, EngineFacts facts, Path containersConf) {
  /** The file written into the data directory. */
  public static final String CONF_FILE = "containers.conf";

  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final List<Path> RUNC_PATHS =
      List.of(
          Path.of("/usr/sbin/runc"),
          Path.of("/usr/bin/runc"),
          Path.of("/usr/local/sbin/runc"),
          Path.of("/usr/local/bin/runc"));
  private static final Duration INFO_TIMEOUT = Duration.ofSeconds(60);

  /** The engine cannot run sessions on this machine, with what podman said or what is missing. */
  public static final class EngineUnusableException extends RuntimeException {
    public EngineUnusableException(String message) {
      super(message);
    }
  }

  /** How the machine mounts its cgroups. */
  enum CgroupLayout {
    /** Only cgroups v2, {@code cgroup.controllers} at the top of /sys/fs/cgroup. */
    UNIFIED,
    /** The v1 hierarchies, plus a v2 one at /sys/fs/cgroup/unified holding no controllers. */
    HYBRID,
    /** Only the v1 hierarchies. */
    LEGACY;

    static CgroupLayout of(Path cgroupRoot) {
      if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
        return UNIFIED;
      }
      return Files.exists(cgroupRoot.resolve("unified").resolve("cgroup.controllers"))
          ? HYBRID
          : LEGACY;
    }
  }

  /**
   * Finds this machine's podman, writes {@code <dataDir>/containers.conf} and asks podman what it
   * can do with it.
   *
   * @return empty if this machine has no podman
   * @throws EngineUnusableException if podman is there but cannot run containers here
   */
  public static Optional<EngineSetup> detect(Path dataDir) {
    Optional<Path> runc = RUNC_PATHS.stream().filter(Files::isExecutable).findFirst();
    return detect(Podman.findExecutable(), dataDir, CGROUP_ROOT, runc.isPresent());
  }

  static Optional<EngineSetup> detect(
      Optional<Path> executable, Path dataDir, Path cgroupRoot, boolean runcInstalled) {
    if (executable.isEmpty()) {
      return Optional.empty();
    }
    CgroupLayout layout = CgroupLayout.of(cgroupRoot);
    Path conf = dataDir.resolve(CONF_FILE);
    writeAtomically(conf, containersConf(layout, runcInstalled));
    Podman podman = new Podman(executable.get(), Map.of("CONTAINERS_CONF", conf.toString()));
    Podman.Result info = podman.exec(List.of("info", "--format", "json"), INFO_TIMEOUT);
    if (!info.ok()) {
      throw new EngineUnusableException(
          "podman info failed: " + info.lastError("exit code " + info.exitCode()));
    }
    return Optional.of(new EngineSetup(podman, facts(info.stdout(), cgroupRoot), conf));
  }

  /**
   * The platform's {@code containers.conf} for a machine with this cgroup layout.
   *
   * @throws EngineUnusableException for hybrid cgroups without runc (crun fails there)
   */
  static String containersConf(CgroupLayout layout, boolean runcInstalled) {
    var conf = new StringBuilder();
    conf.append(
            "# Written by Renku at every start; the platform runs podman with this file only.\n")
        .append("[containers]\n")
        .append(
            "# Keep the platform's own limits: podman's default ulimits need CAP_SYS_RESOURCE,\n")
        .append("# which a sandbox does not grant (setrlimit: Operation not permitted).\n")
        .append("default_ulimits = []\n");
    if (layout == CgroupLayout.UNIFIED) {
      return conf.toString();
    }
    conf.append("\n[engine]\n");
    if (runcInstalled) {
      conf.append("# cgroups v1: crun refuses hybrid cgroups; runc with cgroupfs works here.\n")
          .append("runtime = \"runc\"\n");
    } else if (layout == CgroupLayout.HYBRID) {
      throw new EngineUnusableException(
          "this machine has hybrid cgroups (v1 and an empty v2), where crun fails;"
              + " install runc (Debian package runc)");
    }
    // the cgroupfs manager needs no systemd, and runc on cgroups v1 works with it everywhere
    conf.append("cgroup_manager = \"cgroupfs\"\n");
    return conf.toString();
  }

  /**
   * The facts in {@code podman info --format json}; for cgroups v1 a limit counts only if its
   * hierarchy under {@code cgroupRoot} has the file podman writes the limit to.
   */
  static EngineFacts facts(String infoJson, Path cgroupRoot) {
    JsonNode info;
    try {
      info = JsonMapper.builder().build().readTree(infoJson);
    } catch (JacksonException e) {
      throw new EngineUnusableException("podman info printed no JSON: " + e.getOriginalMessage());
    }
    JsonNode host = info.path("host");
    int cgroupVersion = "v2".equals(host.path("cgroupVersion").asString("")) ? 2 : 1;
    boolean rootless = host.path("security").path("rootless").asBoolean(false);
    Set<String> controllers = new HashSet<>();
    host.path("cgroupControllers").forEach(c -> controllers.add(c.asString("")));
    Set<Limit> limits = EnumSet.noneOf(Limit.class);
    for (Limit limit : Limit.values()) {
      if (controllers.contains(limit.controller())
          && (cgroupVersion == 2 || v1Enforces(cgroupRoot, limit, rootless))) {
        limits.add(limit);
      }
    }
    return new EngineFacts(
        info.path("version").path("Version").asString("unknown"),
        cgroupVersion,
        host.path("cgroupManager").asString("unknown"),
        host.path("ociRuntime").path("name").asString("unknown"),
        rootless,
        limits);
  }

  private static boolean v1Enforces(Path cgroupRoot, Limit limit, boolean rootless) {
    if (rootless) {
      // cgroups v1 cannot be delegated to a user: rootless containers get no cgroup of their own
      return false;
    }
    Path file =
        switch (limit) {
          case CPU -> cgroupRoot.resolve("cpu").resolve("cpu.cfs_quota_us");
          case MEMORY -> cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes");
          case PIDS -> cgroupRoot.resolve("pids").resolve("cgroup.procs");
        };
    return Files.exists(file);
  }

  private static void writeAtomically(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      // several platforms may share a data directory: none may read a half-written file
      Path tmp = Files.createTempFile(file.getParent(), CONF_FILE, ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
