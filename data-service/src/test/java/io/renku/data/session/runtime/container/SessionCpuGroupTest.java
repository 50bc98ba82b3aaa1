package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCpuGroupTest {
  @TempDir Path cgroups;

  private static EngineFacts facts(int version, String manager, boolean rootless) {
    return new EngineFacts("4.3.1", version, manager, "runc", rootless, Set.of());
  }

  @Test
  void onCgroupV1AsRootTheSessionsGetAGroupOfTheirOwn() throws Exception {
    Files.createDirectory(cgroups.resolve("cpu"));
    assertThat(SessionCpuGroup.prepare(facts(1, "cgroupfs", false), cgroups, 2))
        .contains("/renku-sessions");
    assertThat(Files.readString(cgroups.resolve("cpu/renku-sessions/cpu.shares")))
        .isEqualTo("4096");
    // a second start finds the group and sets it again
    assertThat(SessionCpuGroup.prepare(facts(1, "cgroupfs", false), cgroups, 4))
        .contains("/renku-sessions");
    assertThat(Files.readString(cgroups.resolve("cpu/renku-sessions/cpu.shares")))
        .isEqualTo("8192");
  }

  @Test
  void theGroupWeighsOneThreadPerSessionAndAtLeastTwoPerCore() throws Exception {
    assertThat(SessionCpuGroup.shares(2, 0)).isEqualTo(4096);
    assertThat(SessionCpuGroup.shares(2, 10)).isEqualTo(10240);
    assertThat(SessionCpuGroup.shares(2, 1_000)).isEqualTo(262_144);
    Files.createDirectory(cgroups.resolve("cpu"));
    SessionCpuGroup.resize(cgroups, 2, 10);
    assertThat(cgroups.resolve("cpu/renku-sessions"))
        .as("no group made by resizing")
        .doesNotExist();
    SessionCpuGroup.prepare(facts(1, "cgroupfs", false), cgroups, 2);
    SessionCpuGroup.resize(cgroups, 2, 10);
    assertThat(Files.readString(cgroups.resolve("cpu/renku-sessions/cpu.shares")))
        .isEqualTo("10240");
  }

  @Test
  void elsewhereTheEnginesDefaultStays() throws Exception {
    Files.createDirectory(cgroups.resolve("cpu"));
    assertThat(SessionCpuGroup.prepare(facts(2, "systemd", false), cgroups, 2)).isEmpty();
    assertThat(SessionCpuGroup.prepare(facts(1, "cgroupfs", true), cgroups, 2)).isEmpty();
    assertThat(SessionCpuGroup.prepare(facts(1, "systemd", false), cgroups, 2)).isEmpty();
    assertThat(cgroups.resolve("cpu/renku-sessions")).doesNotExist();
    // no cpu hierarchy where it is looked for: nothing made, nothing thrown
    assertThat(SessionCpuGroup.prepare(facts(1, "cgroupfs", false), cgroups.resolve("x"), 2))
        .isEmpty();
  }
}
