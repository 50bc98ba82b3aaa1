package io.renku.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedSlashesTest {
  private final EncodedSlashes slashes = new EncodedSlashes(List.of("/api/data/redirects/"));

  @Test
  void onlyTheOneSegmentAfterAPrefixMayHoldEncodedSlashes() {
    assertThat(slashes.allows("/api/data/redirects/%2Fprojects%2Fa%2Fb")).isTrue();
    assertThat(slashes.allows("/api/data/redirects/https%3A%2F%2Fhost%2Fa")).isTrue();
    assertThat(slashes.allows("/api/data/redirects/..%2f..%2fx")).isTrue();
    // a literal slash after the parameter, another path, the prefix itself spelled encoded
    assertThat(slashes.allows("/api/data/redirects/a%2Fb/c")).isFalse();
    assertThat(slashes.allows("/api/data/redirects/a%2Fb/")).isFalse();
    assertThat(slashes.allows("/api/data/projects/a%2Fb")).isFalse();
    assertThat(slashes.allows("/api/data/redirects%2Fa")).isFalse();
    assertThat(slashes.allows("/x/api/data/redirects/a%2Fb")).isFalse();
    assertThat(slashes.allows("/%2Fapi/data/redirects/a%2Fb")).isFalse();
  }

  @Test
  void pathsWithoutEncodedSlashesAreNotItsBusiness() {
    assertThat(slashes.allows("/api/data/projects/a/b")).isTrue();
    assertThat(slashes.allows("/api/data/projects/%2e%2e/x%25")).isTrue();
    assertThat(slashes.allows("/%2")).isTrue();
    assertThat(EncodedSlashes.hasEncodedSlash("/a%2f")).isTrue();
    assertThat(EncodedSlashes.hasEncodedSlash("/a%2F")).isTrue();
    assertThat(EncodedSlashes.hasEncodedSlash("/a%20f%2")).isFalse();
    assertThat(EncodedSlashes.hasEncodedSlash("/a%252F")).isFalse();
  }

  @Test
  void prefixesStartAndEndWithASlash() {
    assertThatThrownBy(() -> new EncodedSlashes(List.of("/api/data/redirects")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
