package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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

  @Test
  void givesBackTheTimeItWasMadeAt() {
    Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
    String id = Ulid.at(t);
    assertThat(Ulid.isValid(id)).as(id).isTrue();
    assertThat(Ulid.timeOf(id)).isEqualTo(t);
    assertThat(Ulid.timeOf(id.toLowerCase(java.util.Locale.ROOT))).isEqualTo(t);
    assertThat(Ulid.at(t)).isNotEqualTo(id);
    assertThat(Ulid.timeOf("short")).isNull();
    assertThat(Ulid.timeOf(null)).isNull();
    assertThat(Ulid.timeOf("U".repeat(26))).isNull();
  }
}
