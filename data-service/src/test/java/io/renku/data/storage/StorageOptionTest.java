package io.renku.data.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which providers an option applies to, and when its default counts as a value. */
class StorageOptionTest {

  @Test
  void providerListsApplyAsRcloneReadsThem() {
    StorageOption all = option("");
    StorageOption some = option("AWS,Ceph");
    StorageOption allBut = option("!AWS,Ceph");
    assertThat(all.appliesTo(null)).isTrue();
    assertThat(some.appliesTo("Ceph")).isTrue();
    assertThat(some.appliesTo("Other")).isFalse();
    assertThat(allBut.appliesTo("Other")).isTrue();
    assertThat(allBut.appliesTo("AWS")).isFalse();
  }

  @Test
  void emptyDefaultsDoNotFillARequiredOption() {
    assertThat(option("").hasDefault()).isFalse();
    StorageOption url =
        new StorageOption(
            "url",
            "",
            "",
            "https://x.example",
            "",
            null,
            true,
            false,
            false,
            false,
            false,
            "string");
    assertThat(url.hasDefault()).isTrue();
  }

  private static StorageOption option(String provider) {
    return new StorageOption(
        "endpoint", "", provider, "", "", null, false, false, false, false, false, "string");
  }
}
