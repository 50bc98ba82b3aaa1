package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.session.runtime.container.EngineFacts.Limit;
import io.renku.data.session.runtime.container.EngineSetup.CgroupLayout;
import io.renku.data.session.runtime.container.EngineSetup.EngineUnusableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EngineSetup against this machine's real podman, and its decisions for other machines. */
class EngineSetupTest {
  private static final boolean UNIFIED = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));

  @Test
  void writesTheConfThisMachineNeeds() throws IOException {
    EngineSetup setup = TestEngine.setup();
    String conf = Files.readString(setup.containersConf());
    assertThat(setup.podman().env())
        .containsEntry("CONTAINERS_CONF", setup.containersConf().toString());
    assertThat(conf).contains("[containers]", "default_ulimits = []");
    if (UNIFIED) {
      assertThat(conf).doesNotContain("[engine]");
      assertThat(setup.facts().cgroupVersion()).isEqualTo(2);
    } else {
      // Debian 12 in the sandbox: cgroups v1 hybrid, where only runc with cgroupfs works
      assertThat(conf).contains("runtime = \"runc\"", "cgroup_manager = \"cgroupfs\"");
      assertThat(setup.facts().cgroupVersion()).isEqualTo(1);
      assertThat(setup.facts().ociRuntime()).isEqualTo("runc");
      assertThat(setup.facts().cgroupManager()).isEqualTo("cgroupfs");
    }
    assertThat(setup.facts().podmanVersion()).matches("\\d+\\.\\d+.*");
    assertThat(setup.facts().describe())
        .startsWith("podman " + setup.facts().podmanVersion() + " with ")
        .contains("cgroups v" + setup.facts().cgroupVersion(), "limits: ");
  }

  @Test
  void aContainerRunsAsUser1000WithTheConf() {
    Podman.Result id = TestEngine.run(List.of(TestEngine.busyboxImage(), "id", "-u"));
    assertThat(id.ok()).as(id.stderr()).isTrue();
    assertThat(id.stdout().strip()).isEqualTo("1000");
  }

  @Test
  void theLimitsTheFactsListAreAppliedToAContainer() {
    EngineFacts facts = TestEngine.setup().facts();
    if (!UNIFIED && !facts.rootless()) {
      // this machine: every v1 hierarchy is mounted and podman runs as root
      assertThat(facts.limits()).containsExactlyInAnyOrder(Limit.values());
      assertThat(facts.describe()).endsWith("limits: cpu, memory, pids");
    }
    List<String> args = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    String v1 = "/sys/fs/cgroup/";
    if (facts.enforces(Limit.CPU)) {
      args.add("--cpus=0.5");
      reads.add(UNIFIED ? v1 + "cpu.max" : v1 + "cpu/cpu.cfs_quota_us");
      expected.add(UNIFIED ? "50000 100000" : "50000");
    }
    if (facts.enforces(Limit.MEMORY)) {
      args.add("--memory=64m");
      reads.add(UNIFIED ? v1 + "memory.max" : v1 + "memory/memory.limit_in_bytes");
      expected.add("67108864");
    }
    if (facts.enforces(Limit.PIDS)) {
      args.add("--pids-limit=50");
      reads.add(UNIFIED ? v1 + "pids.max" : v1 + "pids/pids.max");
      expected.add("50");
    }
    args.add(TestEngine.busyboxImage());
    args.add("cat");
    args.addAll(reads);
    Podman.Result run = TestEngine.run(args);
    assertThat(run.ok()).as(run.stderr()).isTrue();
    assertThat(run.stdout().strip().lines().toList()).isEqualTo(expected);
  }

  @Test
  void noPodmanIsNoEngine(@TempDir Path dataDir) {
    assertThat(EngineSetup.detect(Optional.empty(), dataDir, Path.of("/sys/fs/cgroup"), true))
        .isEmpty();
    assertThat(dataDir.resolve(EngineSetup.CONF_FILE)).doesNotExist();
  }

  @Test
  void aFailingPodmanInfoIsAnErrorWithPodmansMessage(@TempDir Path dir) throws IOException {
    // the real podman, given a storage root it cannot create
    Path broken = dir.resolve("podman");
    Files.writeString(
        broken,
        "#!/bin/sh\nexec "
            + Podman.findExecutable().orElseThrow()
            + " --root /proc/renku-no-storage \"$@\"\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(
            () -> EngineSetup.detect(Optional.of(broken), dir, Path.of("/sys/fs/cgroup"), true))
        .isInstanceOf(EngineUnusableException.class)
        .hasMessageStartingWith("podman info failed: ")
        .hasMessageContaining("/proc/renku-no-storage");
  }

  @Test
  void cgroupsV2KeepTheEngineDefaults() {
    String conf = EngineSetup.containersConf(CgroupLayout.UNIFIED, false);
    assertThat(conf).contains("default_ulimits = []").doesNotContain("[engine]", "runc");
  }

  @Test
  void cgroupsV1UseRuncWithCgroupfs() {
    for (CgroupLayout layout : List.of(CgroupLayout.HYBRID, CgroupLayout.LEGACY)) {
      assertThat(EngineSetup.containersConf(layout, true))
          .contains("default_ulimits = []", "[engine]", "runtime = \"runc\"")
          .contains("cgroup_manager = \"cgroupfs\"");
    }
    // only v1 hierarchies, no runc: crun handles those, with cgroupfs
    assertThat(EngineSetup.containersConf(CgroupLayout.LEGACY, false))
        .contains("[engine]", "cgroup_manager = \"cgroupfs\"")
        .doesNotContain("runtime");
  }

  @Test
  void hybridCgroupsWithoutRuncSayWhatToInstall(@TempDir Path cgroups) throws IOException {
    Files.createDirectories(cgroups.resolve("unified"));
    Files.writeString(cgroups.resolve("unified/cgroup.controllers"), "");
    assertThat(CgroupLayout.of(cgroups)).isEqualTo(CgroupLayout.HYBRID);
    Path podman = Podman.findExecutable().orElseThrow();
    assertThatThrownBy(() -> EngineSetup.detect(Optional.of(podman), cgroups, cgroups, false))
        .isInstanceOf(EngineUnusableException.class)
        .hasMessageContaining("install runc");
  }

  @Test
  void theCgroupLayoutIsReadFromTheHierarchy(@TempDir Path cgroups) throws IOException {
    assertThat(CgroupLayout.of(cgroups)).isEqualTo(CgroupLayout.LEGACY);
    Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory pids");
    assertThat(CgroupLayout.of(cgroups)).isEqualTo(CgroupLayout.UNIFIED);
  }

  @Test
  void cgroupsV2LimitsAreTheDelegatedControllers(@TempDir Path cgroups) {
    // rootless podman on a systemd machine that delegates memory and pids, not cpu
    EngineFacts facts =
        EngineSetup.facts(
            """
            {"host": {"cgroupVersion": "v2", "cgroupManager": "systemd",
                      "cgroupControllers": ["memory", "pids"],
                      "ociRuntime": {"name": "crun"}, "security": {"rootless": true}},
             "version": {"Version": "5.4.2"}}
            """,
            cgroups);
    assertThat(facts.limits()).isEqualTo(EnumSet.of(Limit.MEMORY, Limit.PIDS));
    assertThat(facts.describe())
        .isEqualTo("podman 5.4.2 with crun, cgroups v2 (systemd), rootless, limits: memory, pids");
  }

  @Test
  void cgroupsV1LimitsNeedTheHierarchyAndRoot(@TempDir Path cgroups) throws IOException {
    String info =
        """
        {"host": {"cgroupVersion": "v1", "cgroupManager": "cgroupfs",
                  "cgroupControllers": ["cpu", "memory", "pids"],
                  "ociRuntime": {"name": "runc"}, "security": {"rootless": %s}},
         "version": {"Version": "4.3.1"}}
        """;
    Files.createDirectories(cgroups.resolve("memory"));
    Files.writeString(cgroups.resolve("memory/memory.limit_in_bytes"), "");
    assertThat(EngineSetup.facts(info.formatted(false), cgroups).limits())
        .isEqualTo(Set.of(Limit.MEMORY));
    assertThat(EngineSetup.facts(info.formatted(true), cgroups).limits()).isEmpty();
    assertThat(EngineSetup.facts(info.formatted(true), cgroups).describe())
        .isEqualTo("podman 4.3.1 with runc, cgroups v1 (cgroupfs), rootless, limits: none");
  }
}
