package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.build.ImageBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The builder and its registry exist exactly when builds are on with the local builder. */
class LocalBuildConfigTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(LocalBuildConfig.class)
        .withPropertyValues(
            "renku.builds.local.registry-dir=" + dir.resolve("registry"),
            "renku.builds.local.work-dir=" + dir.resolve("work"));
  }

  @Test
  void onWithTheLocalBuilder() {
    runner()
        .withPropertyValues("renku.builds.enabled=true", "renku.builds.builder=local")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ImageBuilder.class);
              assertThat(context.getBean(ImageBuilder.class))
                  .isInstanceOf(PodmanImageBuilder.class);
              LocalRegistry registry = context.getBean(LocalRegistry.class);
              assertThat(registry.storage()).isEqualTo(dir.resolve("registry"));
              assertThat(context.getBean(ImageBuilder.class).frontendVariants())
                  .containsExactly("jupyterlab");
            });
  }

  @Test
  void offWhenBuildsAreOffOrAnotherBuilderIsChosen() {
    runner().run(context -> assertThat(context).doesNotHaveBean(ImageBuilder.class));
    runner()
        .withPropertyValues("renku.builds.enabled=true", "renku.builds.builder=kubernetes")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ImageBuilder.class);
              assertThat(context).doesNotHaveBean(LocalRegistry.class);
            });
  }
}
