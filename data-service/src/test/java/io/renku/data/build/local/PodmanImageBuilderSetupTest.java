package io.renku.data.build.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.build.ImageBuilderUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder does before any build runs: podman asked for late, stale work removed. */
class PodmanImageBuilderSetupTest {
  @TempDir Path work;

  private PodmanImageBuilder builder(
      java.util.function.Supplier<io.renku.data.session.runtime.container.Podman> podman) {
    return new PodmanImageBuilder(
        podman,
        p -> "unused",
        TestBuilds.get().registry,
        new LocalBuildSettings(
            work, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), true, 1));
  }

  @Test
  void withoutPodmanAStartIsUnavailableNotABrokenService() {
    try (PodmanImageBuilder b =
        builder(
            () -> {
              throw new IllegalStateException("podman is not installed");
            })) {
      // the service starts and answers what it builds; a build is refused as unavailable (503)
      assertThat(b.builderVariants()).containsExactly("python");
      assertThatThrownBy(
              () ->
                  b.start(
                      TestBuilds.request(TestBuilds.buildId(), "http://127.0.0.1:9/x.git", null)))
          .isInstanceOf(ImageBuilderUnavailableException.class)
          .hasMessageContaining("podman is not installed");
    }
  }

  @Test
  void workLeftByAKilledRunIsRemovedAndNothingElse() throws Exception {
    Path stale = Files.createDirectories(work.resolve("build-01abc/context/project"));
    Path other = Files.createDirectories(work.resolve("keep-me"));

    builder(() -> null).close();

    assertThat(stale.getParent().getParent()).doesNotExist();
    assertThat(other).exists();
  }
}
