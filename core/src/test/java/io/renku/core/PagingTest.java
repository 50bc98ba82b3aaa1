package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {
  @Test
  void defaultsAndOffsets() {
    assertThat(Paging.of(null, null)).isEqualTo(new Paging(1, 20));
    assertThat(new Paging(3, 10).offset()).isEqualTo(20);
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> Paging.of(0, 20)).hasMessageContaining("page");
    assertThatThrownBy(() -> Paging.of(1, 0)).hasMessageContaining("per_page");
    assertThatThrownBy(() -> Paging.of(1, 101)).hasMessageContaining("per_page");
  }

  @Test
  void countsPages() {
    assertThat(new Page<>(List.of(), new Paging(1, 20), 0).totalPages()).isZero();
    assertThat(new Page<>(List.of(), new Paging(1, 20), 20).totalPages()).isEqualTo(1);
    assertThat(new Page<>(List.of(), new Paging(1, 20), 21).totalPages()).isEqualTo(2);
  }
}
