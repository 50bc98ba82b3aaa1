package io.renku.data.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reason a failed connection test gives: rclone's last error, credentials blanked out. */
class RcloneErrorsTest {

  @Test
  void theLastErrorLineWithoutTimestampAndWithoutSecrets() {
    String stderr =
        """
        2026/12/05 07:03:58 NOTICE: Config file not found - using defaults
        2026/12/05 07:03:58 ERROR : : error listing: login as bob with hunter22 refused
        2026/12/05 07:03:58 Failed to lsf with 2 errors: last error was: hunter22 \
        (obscured: b2JzY3VyZWQ) refused: 401 Unauthorized
        """;
    String reason = RcloneErrors.reason(stderr, List.of("hunter22", "b2JzY3VyZWQ", "x"));
    assertThat(reason)
        .startsWith("Failed to lsf with 2 errors")
        .contains("401 Unauthorized")
        .doesNotContain("hunter22")
        .doesNotContain("b2JzY3VyZWQ")
        .doesNotContain("2026/12/05");
  }

  @Test
  void somethingReadableWhenRcloneSaidNothing() {
    assertThat(RcloneErrors.reason("", List.of())).isEqualTo("rclone failed");
  }
}
