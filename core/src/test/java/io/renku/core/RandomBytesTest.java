package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RandomBytesTest {
  @Test
  void usesDrbgInstancesAtLeastTwoPerCoreAndAPowerOfTwo() {
    int n = RandomBytes.instanceCount();
    assertThat(n).isGreaterThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(Integer.bitCount(n)).isEqualTo(1);
    assertThat(RandomBytes.instance().getAlgorithm()).isEqualTo("DRBG");
  }

  @Test
  void valuesAreDistinctAndEveryBitVaries() {
    Set<String> seen = new HashSet<>();
    int[] ones = new int[16 * 8];
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      byte[] b = new byte[16];
      RandomBytes.fill(b);
      seen.add(HexFormat.of().formatHex(b));
      for (int bit = 0; bit < ones.length; bit++) {
        ones[bit] += (b[bit / 8] >> (bit % 8)) & 1;
      }
    }
    assertThat(seen).hasSize(draws);
    // each bit is set in about half of the draws (binomial: sd ≈ 71; ±600 is > 8 sd)
    for (int bit = 0; bit < ones.length; bit++) {
      assertThat(ones[bit]).as("bit %d", bit).isBetween(draws / 2 - 600, draws / 2 + 600);
    }
  }

  @Test
  void threadsDrawingAtOnceGetDistinctValues() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 1_000; i++) {
                    byte[] b = new byte[12];
                    RandomBytes.fill(b);
                    seen.add(HexFormat.of().formatHex(b));
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    assertThat(seen).hasSize(64_000);
  }
}
