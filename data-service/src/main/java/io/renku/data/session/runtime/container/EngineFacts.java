package io.renku.data.session.runtime.container;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link EngineSetup} found about this machine's container engine, as podman reports it with
 * the platform's own {@code containers.conf}.
 *
 * @param podmanVersion podman's version, {@code 4.3.1}
 * @param cgroupVersion 1 or 2
 * @param cgroupManager {@code cgroupfs} or {@code systemd}
 * @param ociRuntime the OCI runtime podman uses, {@code runc} or {@code crun}
 * @param rootless whether podman runs without root (its containers live in a user namespace)
 * @param limits the resource limits a container's cgroup can enforce here: the runtime passes
 *     {@code --cpus}, {@code --memory}, {@code --pids-limit} only for these, since podman refuses
 *     to create a container whose limit the machine cannot apply
 */
public record EngineFacts(
    String podmanVersion,
    int cgroupVersion,
    String cgroupManager,
    String ociRuntime,
    boolean rootless,
    Set<Limit> limits) {

  /** A resource limit, by the cgroup controller that enforces it. */
  public enum Limit {
    CPU,
    MEMORY,
    PIDS;

    /** The controller's name, as cgroups and podman spell it. */
    public String controller() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public EngineFacts {
    limits = Set.copyOf(limits);
  }

  public boolean enforces(Limit limit) {
    return limits.contains(limit);
  }

  /**
   * One line for the log: {@code podman 4.3.1 with runc, cgroups v1 (cgroupfs), limits: cpu,
   * memory, pids}.
   */
  public String describe() {
    String enforced =
        limits.isEmpty()
            ? "none"
            : EnumSet.copyOf(limits).stream()
                .map(Limit::controller)
                .collect(Collectors.joining(", "));
    return "podman "
        + podmanVersion
        + " with "
        + ociRuntime
        + ", cgroups v"
        + cgroupVersion
        + " ("
        + cgroupManager
        + ")"
        + (rootless ? ", rootless" : "")
        + ", limits: "
        + enforced;
  }
}
