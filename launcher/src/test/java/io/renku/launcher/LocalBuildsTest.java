package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.builders.local.LocalRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalBuildsTest {

  @Test
  void buildsAreOnWithTheRegistryInTheDataDirectoryWhereSessionsRunAsContainers() {
    LauncherOptions o = LauncherOptions.parse(new String[] {"up", "--data-dir", "/tmp/renku-x"});
    Map<String, Object> props =
        LocalBuilds.prepare(o, Map.of("renku.sessions.runtime", "container"));

    // this machine has the registry (./renku up and ./renku test install it)
    assertThat(LocalRegistry.available()).isTrue();
    assertThat(props)
        .containsEntry("renku.builds.enabled", true)
        .containsEntry("renku.builds.builder", "local")
        .containsEntry("renku.builds.local.registry-dir", "/tmp/renku-x/builds/registry")
        .containsEntry("renku.builds.local.work-dir", "/tmp/renku-x/builds/work")
        .containsEntry("renku.builds.allow-private-repositories", true);
    LauncherOptions exposed =
        LauncherOptions.parse(
            new String[] {"up", "--data-dir", "/tmp/renku-x", "--listen", "0.0.0.0"});
    assertThat(LocalBuilds.prepare(exposed, Map.of("renku.sessions.runtime", "container")))
        .containsEntry("renku.builds.allow-private-repositories", false);
  }

  @Test
  void buildsAreOffWhereSessionsRunAsProcesses() {
    LauncherOptions o = LauncherOptions.parse(new String[] {"up"});
    assertThat(LocalBuilds.prepare(o, Map.of("renku.sessions.runtime", "process"))).isEmpty();
  }
}
