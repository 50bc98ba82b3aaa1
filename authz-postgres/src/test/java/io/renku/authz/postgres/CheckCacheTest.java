package io.renku.authz.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.ObjectRef;
import io.renku.authz.SubjectRef;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Answers are kept within one relationship generation and never outlive it. */
class CheckCacheTest {
  private final AtomicInteger computed = new AtomicInteger();

  private static CheckCache.Key key(String project) {
    return new CheckCache.Key(SubjectRef.user("alice"), ObjectRef.of("project", project), "read");
  }

  private boolean ask(CheckCache cache, long generation, String project, boolean truth) {
    return cache.answer(
        generation,
        key(project),
        () -> {
          computed.incrementAndGet();
          return truth;
        });
  }

  @Test
  void anAnswerIsReusedWithinItsGenerationAndRecomputedAfterIt() {
    CheckCache cache = new CheckCache(100);
    assertThat(ask(cache, 7, "p1", true)).isTrue();
    assertThat(ask(cache, 7, "p1", false)).as("the kept answer").isTrue();
    assertThat(computed).hasValue(1);

    assertThat(ask(cache, 8, "p1", false)).as("a change happened: asked again").isFalse();
    assertThat(computed).hasValue(2);
    assertThat(cache.cached(8, key("p1"))).isFalse();
    assertThat(cache.cached(8, key("p2"))).isNull();
  }

  @Test
  void aReaderStillAtAnOlderGenerationNeitherSeesNorLeavesNewerAnswers() {
    CheckCache cache = new CheckCache(100);
    ask(cache, 9, "p1", true);
    // A request that read generation 8 before the change finished answers from the authorizer
    // and its answer is not kept among generation 9's.
    assertThat(ask(cache, 8, "p1", false)).isFalse();
    cache.put(8, key("p2"), true);
    assertThat(cache.cached(9, key("p1"))).isTrue();
    assertThat(cache.cached(9, key("p2"))).isNull();
  }

  @Test
  void aFullCacheStartsOver() {
    CheckCache cache = new CheckCache(3);
    for (int i = 0; i < 3; i++) {
      ask(cache, 1, "p" + i, true);
    }
    ask(cache, 1, "p3", true); // the fourth does not fit: the cache is emptied instead
    assertThat(cache.cached(1, key("p0"))).isNull();
    ask(cache, 1, "p0", true);
    assertThat(cache.cached(1, key("p0"))).isTrue();
    assertThat(computed).hasValue(5);
  }
}
