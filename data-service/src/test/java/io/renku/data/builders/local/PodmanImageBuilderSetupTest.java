package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.ImageBuilderUnavailableException;
import io.renku.data.session.runtime.container.Podman;
import io.renku.data.session.runtime.container.TestEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder does before any build runs: podman asked for late, stale work removed. */
class PodmanImageBuilderSetupTest {
  @TempDir Path work;

  private PodmanImageBuilder builder(Supplier<Podman> podman) {
    return builder(podman, true);
  }

  private PodmanImageBuilder builder(Supplier<Podman> podman, boolean allowPrivate) {
    return new PodmanImageBuilder(
        podman,
        p -> "unused",
        TestBuilds.get().registry,
        new LocalBuildSettings(
            work,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            allowPrivate,
            1));
  }

  @Test
  void withoutPrivateRepositoriesALoopbackRepositoryFailsWithItsReason() {
    String url =
        TestBuilds.get().repository("renku-test-build-private", Map.of("apt.txt", "git\n"));
    try (PodmanImageBuilder b = builder(TestEngine::podman, false)) {
      String id = TestBuilds.buildId();
      b.start(TestBuilds.request(id, url, null));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      BuildState state = b.state(id).orElseThrow();
      while (!state.status().finished() && System.nanoTime() < deadline) {
        TestBuilds.sleep(50);
        state = b.state(id).orElseThrow();
      }
      assertThat(state.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(state.errorReason())
          .isEqualTo(
              "The repository "
                  + url
                  + " could not be cloned: names a host on a private or local network, which"
                  + " builds may not reach");
    }
  }

  @Test
  void gitConnectsToThePinnedAddressOfAName() {
    // how the builder keeps a name that answers differently the second time from reaching a
    // private address: git connects where http.curloptResolve says, not where DNS says
    String url = TestBuilds.get().repository("renku-test-build-pinned", Map.of("apt.txt", "git\n"));
    URI u = URI.create(url);
    String named = "http://renku-test-pinned.invalid:" + u.getPort() + u.getPath();
    Path clone = work.resolve("pinned");
    String out =
        TestBuilds.git(
            work,
            "-c",
            "http.curloptResolve=renku-test-pinned.invalid:" + u.getPort() + ":127.0.0.1",
            "clone",
            "--quiet",
            named,
            clone.toString());
    assertThat(clone.resolve("apt.txt")).as(out).exists();
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
