package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
    "0, PT0S",
    "0s, PT0S",
    "90s, PT1M30S",
    "2h5m, PT2H5M",
    "24h0m0s, PT24H",
    "1.5h, PT1H30M",
    "300ms, PT0.3S",
    "1m30.5s, PT1M30.5S",
    "10us, PT0.00001S",
    "-1h, PT-1H"
  })
  void parsesGoDurations(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "h", "1d", "5 m", "1h-5m", "abc", "-"})
  void rejectsOthers(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    assertThat(GoDuration.parseOr(text, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0s", "PT45S, 45s", "PT5M, 5m0s", "PT26H3M4S, 26h3m4s"})
  void formatsLikeGo(String iso, String text) {
    assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @org.junit.jupiter.api.Test
  void absentIsZero() {
    assertThat(GoDuration.parse(null)).isZero();
    assertThat(GoDuration.parse(" ")).isZero();
  }
}
