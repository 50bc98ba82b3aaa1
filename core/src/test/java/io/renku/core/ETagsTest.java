package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ETagsTest {
  private final String tag = ETags.of("2024-01-01T00:00:00Z");

  @Test
  void isAQuotedUpperCaseMd5() {
    assertThat(tag).matches("\"[0-9A-F]{32}\"");
    assertThat(ETags.of("x")).isNotEqualTo(tag);
  }

  @Test
  void missingIfMatchIs428() {
    assertThatThrownBy(() -> ETags.requireMatch(null, tag))
        .isInstanceOfSatisfying(
            RenkuException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION_REQUIRED));
  }

  @Test
  void staleIfMatchIs409() {
    assertThatThrownBy(() -> ETags.requireMatch("\"ABC\"", tag))
        .isInstanceOfSatisfying(
            RenkuException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFLICT));
  }

  @Test
  void matchingIfMatchPassesQuotedOrNot() {
    ETags.requireMatch(tag, tag);
    ETags.requireMatch(tag.replace("\"", ""), tag);
  }

  @Test
  void ifNoneMatchRecognisesTheCurrentTag() {
    assertThat(ETags.matchesNone(tag, tag)).isTrue();
    assertThat(ETags.matchesNone("\"OTHER\", " + tag, tag)).isTrue();
    assertThat(ETags.matchesNone("\"OTHER\"", tag)).isFalse();
    assertThat(ETags.matchesNone(null, tag)).isFalse();
  }
}
