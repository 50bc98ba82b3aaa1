package io.renku.sidecars.authproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.sidecars.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings resolve like Go's viper: flag, then AUTHPROXY_* variable, then config file, then
 * default.
 */
class ProxyCommandTest {
  @TempDir Path dir;
  PrintStream out = new PrintStream(new ByteArrayOutputStream());

  ProxySettings resolve(List<String> args, Map<String, String> env) throws Exception {
    return ProxyCommand.resolve(ProxyCommand.COMMAND.parse(args), env, out);
  }

  @Test
  void defaultsAreGos() throws Exception {
    ProxySettings s = resolve(List.of("--remote", "http://127.0.0.1:8888"), Map.of());
    assertThat(s.port()).isEqualTo(65535);
    assertThat(s.metaPort()).isEqualTo(65534);
    assertThat(s.cookieKey()).isEqualTo("renku-auth");
    assertThat(s.token()).isEmpty();
    assertThat(s.verbose()).isFalse();
  }

  @Test
  void theOperatorsEnvironmentAndTheSecretsYamlAreRead() throws Exception {
    Path config = dir.resolve("auth");
    Files.writeString(
        config, "authproxy:\n  token: abc123\n  cookie_key: my-cookie\n  verbose: true\n");
    ProxySettings s =
        resolve(
            List.of("proxy", "--config", config.toString(), "--verbose"),
            Map.of(
                "AUTHPROXY_PORT", "8000",
                "AUTHPROXY_META_PORT", "8001",
                "AUTHPROXY_REMOTE", "http://127.0.0.1:8888",
                "AUTHPROXY_STRIP_PATH_PREFIX", "/sessions/x"));
    assertThat(s.port()).isEqualTo(8000);
    assertThat(s.metaPort()).isEqualTo(8001);
    assertThat(s.token()).isEqualTo("abc123");
    assertThat(s.cookieKey()).isEqualTo("my-cookie");
    assertThat(s.stripPathPrefix()).isEqualTo("/sessions/x");
    assertThat(s.toString()).doesNotContain("abc123");
  }

  @Test
  void flagBeatsVariableBeatsFile() throws Exception {
    Path config = dir.resolve("auth");
    Files.writeString(config, "authproxy:\n  token: fromfile\n  port: 1\n  meta_port: 2\n");
    ProxySettings s =
        resolve(
            List.of("--config", config.toString(), "--remote", "http://a:1", "--port", "3"),
            Map.of("AUTHPROXY_PORT", "4", "AUTHPROXY_META_PORT", "5", "AUTHPROXY_TOKEN", ""));
    assertThat(s.port()).isEqualTo(3);
    assertThat(s.metaPort()).isEqualTo(5);
    assertThat(s.token()).isEqualTo("fromfile");
  }

  @Test
  void missingRemoteAndBadFilesAreErrorsWithoutTheToken() throws Exception {
    assertThatThrownBy(() -> resolve(List.of(), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("required flag(s) \"remote\" not set");
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "authproxy:\n  token: topsecret: [\n");
    assertThatThrownBy(() -> resolve(List.of("--config", bad.toString()), Map.of()))
        .hasMessageContaining("not valid YAML")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> resolve(List.of("--remote", "file:///etc"), Map.of()))
        .isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> resolve(List.of("--remote", "http://a", "--port", "x"), Map.of()))
        .isInstanceOf(UsageException.class);
  }
}
