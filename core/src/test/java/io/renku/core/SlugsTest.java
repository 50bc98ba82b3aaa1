package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "my-project", "p1.x_y", "0abc"})
  void acceptsValidSlugs(String slug) {
    assertThat(Slugs.isValid(slug)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "A", "a--b", "a._b", "x.git", "x.atom", "a b", "é", "a/b"})
  void rejectsInvalidSlugs(String slug) {
    assertThat(Slugs.isValid(slug)).isFalse();
    assertThatThrownBy(() -> Slugs.require("slug", slug))
        .isInstanceOf(RenkuException.class)
        .hasMessageContaining("slug");
  }

  @ParameterizedTest
  @CsvSource({
    "My Project,my-project",
    "  Hello,hello",
    "a -- b,a-b",
    "repo.git,repo",
    "Ünïcode Name,n-code-name",
    "data.atom.git,data"
  })
  void derivesSlugsFromNames(String name, String expected) {
    assertThat(Slugs.fromName(name, "fallback")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"---", "!!!", "ééé"})
  void fallsBackWhenNothingIsLeft(String name) {
    assertThat(Slugs.fromName(name, "fallback")).isEqualTo("fallback");
  }

  @org.junit.jupiter.api.Test
  void rejectsSlugsOverTheLengthLimit() {
    assertThat(Slugs.isValid("a".repeat(99))).isTrue();
    assertThat(Slugs.isValid("a".repeat(100))).isFalse();
    assertThat(Slugs.fromName("a".repeat(150), "x")).hasSize(99);
  }
}
