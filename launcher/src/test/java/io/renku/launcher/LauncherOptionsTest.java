package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {
  @Test
  void thePlatformListensOnLoopbackUnlessToldOtherwise() {
    LauncherOptions defaults = LauncherOptions.parse(new String[] {"up"});
    assertThat(defaults.listen()).isEqualTo("127.0.0.1");
    assertThat(defaults.listensOnLoopbackOnly()).isTrue();

    LauncherOptions everywhere = LauncherOptions.parse(new String[] {"up", "--listen", "0.0.0.0"});
    assertThat(everywhere.listen()).isEqualTo("0.0.0.0");
    assertThat(everywhere.listensOnLoopbackOnly()).isFalse();
    assertThat(
            LauncherOptions.parse(new String[] {"up", "--listen", "::1"}).listensOnLoopbackOnly())
        .isTrue();
  }

  @Test
  void aListenAddressMustBeAnIpAddress() {
    // A host name would be resolved at start, perhaps to something else than the user thinks.
    assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"up", "--listen", "example.org"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--listen");
    assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"up", "--listen"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionsRunInContainersWhereTheMachineCanUnlessToldOtherwise() {
    assertThat(LauncherOptions.parse(new String[] {"up"}).sessionRuntime()).isEqualTo("auto");
    assertThat(
            LauncherOptions.parse(new String[] {"up", "--session-runtime", "process"})
                .sessionRuntime())
        .isEqualTo("process");
    assertThatThrownBy(
            () -> LauncherOptions.parse(new String[] {"up", "--session-runtime", "docker"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--session-runtime");
  }

  @Test
  void theConsoleIsReadableUnlessJsonIsAskedFor() {
    String wanted = System.getenv("RENKU_LOG_FORMAT");
    String byDefault = wanted == null || wanted.isBlank() ? "text" : "json";
    assertThat(LauncherOptions.parse(new String[] {"up"}).logFormat()).isEqualTo(byDefault);
    assertThat(LauncherOptions.parse(new String[] {"up", "--log-format", "json"}).logFormat())
        .isEqualTo("json");
    assertThat(LauncherOptions.parse(new String[] {"up", "--log-format=text"}).logFormat())
        .isEqualTo("text");
    assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"up", "--log-format", "xml"}))
        .hasMessageContaining("--log-format");
  }
}
