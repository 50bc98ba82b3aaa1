package io.renku.data.builders.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.build.ImageBuilder;
import io.renku.data.config.SessionProperties;
import io.renku.data.support.TestBackends;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The builder bean exists exactly when {@code renku.builds.enabled=true} and {@code
 * renku.builds.builder=kubernetes}, and {@code renku.builds.kubernetes.*} binds into its settings:
 * defaults when unset, the sessions' namespace when it names none, per-platform overrides under a
 * bracketed key.
 */
class ShipwrightBuilderConfigTest {

  @Configuration
  @EnableConfigurationProperties({ShipwrightSettings.class, SessionProperties.class})
  static class Backends {
    @Bean
    DataSource dataSource() {
      return TestBackends.get().postgres().getPostgresDatabase();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Backends.class, ShipwrightBuilderConfig.class)
          .withPropertyValues(
              // fabric8 connects lazily: no API server is needed to make the bean
              "renku.sessions.kubernetes.master-url=http://127.0.0.1:9",
              "renku.sessions.kubernetes.namespace=sessions-ns");

  @Test
  void withBuildsOnAndTheKubernetesBuilderTheBeanHasTheDefaults() {
    runner
        .withPropertyValues("renku.builds.enabled=true", "renku.builds.builder=kubernetes")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ImageBuilder.class);
              ShipwrightSettings s = context.getBean(ShipwrightImageBuilder.class).settings();
              assertThat(s.namespace()).isEqualTo("sessions-ns");
              assertThat(s.masterUrl()).isEqualTo("http://127.0.0.1:9");
              assertThat(s)
                  .isEqualTo(
                      ShipwrightSettings.defaults("sessions-ns")
                          .withFallbacks("", "http://127.0.0.1:9"));
              assertThat(s.strategyName()).isEqualTo("renku-buildpacks-v3");
              assertThat(s.timeout()).isEqualTo(Duration.ofHours(1));
            });
  }

  @Test
  void theSettingsBindFromRenkuBuildsKubernetes() {
    runner
        .withPropertyValues(
            "renku.builds.enabled=true",
            "renku.builds.builder=kubernetes",
            "renku.builds.kubernetes.namespace=builds",
            "renku.builds.kubernetes.output-image-prefix=harbor.example.org/renku-builds/",
            "renku.builds.kubernetes.timeout=30m",
            "renku.builds.kubernetes.retention-after-failed=300s",
            "renku.builds.kubernetes.node-selector[renku.io/node-purpose]=image-build",
            "renku.builds.kubernetes.tolerations[0].key=renku.io/dedicated",
            "renku.builds.kubernetes.tolerations[0].operator=Equal",
            "renku.builds.kubernetes.tolerations[0].value=image-build",
            "renku.builds.kubernetes.tolerations[0].effect=NoSchedule",
            "renku.builds.kubernetes.platform-overrides[linux/arm64].builder-image=selector-arm",
            "renku.builds.kubernetes.insecure-registries=registry.internal:5000")
        .run(
            context -> {
              ShipwrightSettings s = context.getBean(ShipwrightImageBuilder.class).settings();
              assertThat(s.namespace()).isEqualTo("builds");
              assertThat(s.outputImagePrefix()).isEqualTo("harbor.example.org/renku-builds/");
              assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(30));
              assertThat(s.retentionAfterFailed()).isEqualTo(Duration.ofMinutes(5));
              assertThat(s.retentionAfterSucceeded()).isEqualTo(Duration.ofDays(1));
              assertThat(s.nodeSelector())
                  .isEqualTo(Map.of("renku.io/node-purpose", "image-build"));
              assertThat(s.tolerations())
                  .isEqualTo(
                      List.of(
                          new ShipwrightSettings.Toleration(
                              "renku.io/dedicated", "Equal", "image-build", "NoSchedule", null)));
              assertThat(s.platformOverrides()).containsOnlyKeys("linux/arm64");
              assertThat(s.platformOverrides().get("linux/arm64").builderImage())
                  .isEqualTo("selector-arm");
              assertThat(s.insecureRegistries()).isEqualTo("registry.internal:5000");
            });
  }

  @Test
  void withoutBuildsOrWithAnotherBuilderThereIsNoBean() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ImageBuilder.class));
    runner
        .withPropertyValues("renku.builds.enabled=false", "renku.builds.builder=kubernetes")
        .run(context -> assertThat(context).doesNotHaveBean(ImageBuilder.class));
    runner
        .withPropertyValues("renku.builds.enabled=true", "renku.builds.builder=local")
        .run(context -> assertThat(context).doesNotHaveBean(ImageBuilder.class));
  }
}
