package io.renku.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command tree of the Go binary: what the operator's args ask for exists, nothing else. */
class MainTest {
  ByteArrayOutputStream out = new ByteArrayOutputStream();
  ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
  }

  @Test
  void helpOfTheCommandsTheOperatorCalls() {
    assertThat(run("proxy", "serve", "--help")).isZero();
    assertThat(out.toString())
        .contains("--remote string", "--meta_port int", "--cookie_key string");
    assertThat(run("cloner", "clone", "--help")).isZero();
    assertThat(out.toString()).contains("--strategy string", "--revision string");
    assertThat(run("version")).isZero();
    assertThat(out.toString()).contains("sidecars");
  }

  @Test
  void unknownCommandsAndFlagsExitWith1() {
    assertThat(run("notexist", "test", "--help")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown command \"notexist\"");
    assertThat(run("proxy", "listen")).isEqualTo(1);
    assertThat(run("proxy", "serve", "--nope")).isEqualTo(1);
    assertThat(run("cloner", "clone", "--strategy", "sometimes")).isEqualTo(1);
    assertThat(err.toString())
        .contains("sometimes is not included in notifexist,overwrite,nostrategy");
    assertThat(run("cloner", "clone")).isEqualTo(1);
    assertThat(err.toString()).contains("required flag(s) \"path\", \"remote\" not set");
  }
}
