package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UlidTest {
  @Test
  void generatesValidDistinctIds() {
    var seen = new HashSet<String>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ulid.next();
      assertThat(Ulid.isValid(id)).as(id).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void encodesTimeInTheFirstTenCharacters() {
    assertThat(Ulid.of(0, new Random(1))).startsWith("0000000000");
    String later = Ulid.of(1_700_000_000_000L, new Random(1));
    String earlier = Ulid.of(1_600_000_000_000L, new Random(1));
    assertThat(later.substring(0, 10)).isGreaterThan(earlier.substring(0, 10));
  }

  @Test
  void rejectsMalformedIds() {
    assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
    assertThat(Ulid.isValid("81ARZ3NDEKTSV4RRFFQ69G5FAV")).isFalse();
    assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FA")).isFalse();
    assertThat(Ulid.isValid("01arz3ndektsv4rrffq69g5fav")).isFalse();
    assertThat(Ulid.isValid(null)).isFalse();
  }
}
