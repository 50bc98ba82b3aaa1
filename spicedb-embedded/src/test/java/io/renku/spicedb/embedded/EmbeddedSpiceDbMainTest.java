package io.renku.spicedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedSpiceDbMainTest {

  @Test
  void parsesPortHostAndKey() {
    EmbeddedSpiceDbOptions options =
        EmbeddedSpiceDbMain.parse(
            new String[] {"--port", "50052", "--preshared-key", "k", "--host", "0.0.0.0"});

    assertThat(options.port()).isEqualTo(50052);
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.presharedKey()).isEqualTo("k");
    assertThat(options.toString()).doesNotContain("k]").contains("***");
  }

  @Test
  void rejectsUnknownOrIncompleteOptions() {
    assertThatThrownBy(() -> EmbeddedSpiceDbMain.parse(new String[] {"--bogus", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedSpiceDbMain.parse(new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedSpiceDbMain.parse(new String[] {"--port", "x"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
