package io.renku.data.builders.local;

import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image build benchmark of bench/README.md ({@code bench/run-builds [ROUNDS]}): a small Python
 * repository (requirements.txt, installed from Debian's packages here) built to {@code succeeded}
 * by the local builder with the base image cached, then a second build of the same revision (layer
 * cache); a warm-up build first fills the fresh registry with the base image's layers, as the first
 * build on a platform does once. Time from {@code start} to {@code succeeded}, state polled every
 * 20 ms, as the build service would see it.
 */
public final class BuildBench {
  private BuildBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    TestBuilds t = TestBuilds.get();
    System.out.println(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores; base image "
            + io.renku.data.session.runtime.container.TestEngine.jupyterImage()
            + " cached; registry "
            + t.registry.address());
    long warm = build(t, repository(t, "warm"), "warm-up");
    System.out.printf(
        "warm-up (first build, empty registry: pushes the base layers): %d ms%n", warm);
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    for (int i = 1; i <= rounds; i++) {
      String url = repository(t, "r" + i);
      long a = build(t, url, "round " + i + " first");
      long b = build(t, url, "round " + i + " second");
      first.add(a);
      second.add(b);
      System.out.printf(
          "round %d: first build %d ms, second build of the same revision %d ms%n", i, a, b);
    }
    System.out.printf(
        "first build (base cached): p50 %d ms, max %d ms (target <= 60 s)%n",
        p50(first), max(first));
    System.out.printf(
        "second build, same revision: p50 %d ms, max %d ms (target <= 10 s)%n",
        p50(second), max(second));
    System.exit(0);
  }

  /** A repository no build has seen: its requirements.txt is new, so no layer of it is cached. */
  private static String repository(TestBuilds t, String name) {
    String nonce = Long.toString(System.nanoTime(), 36);
    return t.repository(
        "renku-bench-build-" + name + "-" + nonce,
        Map.of(
            "requirements.txt",
            "# " + nonce + "\nsix\ntoolz>=0.9\n",
            "analysis.py",
            "import six, toolz\n"));
  }

  private static long build(TestBuilds t, String url, String what) {
    String id = TestBuilds.buildId();
    long start = System.nanoTime();
    t.builder.start(TestBuilds.request(id, url, null));
    while (true) {
      BuildState s = t.builder.state(id).orElseThrow();
      if (s.status().finished()) {
        if (s.status() != BuildStatus.SUCCEEDED) {
          throw new IllegalStateException(what + " ended " + s.status() + ": " + s.errorReason());
        }
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException(what + " did not finish within 10 minutes");
      }
      TestBuilds.sleep(20);
    }
  }

  private static long p50(List<Long> xs) {
    List<Long> s = xs.stream().sorted().toList();
    return s.get((s.size() - 1) / 2);
  }

  private static long max(List<Long> xs) {
    return xs.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
