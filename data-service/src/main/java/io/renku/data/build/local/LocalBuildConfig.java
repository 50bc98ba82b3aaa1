package io.renku.data.build.local;

import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.LocalImages;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local image builder and its registry, when {@code renku.builds.enabled=true} and {@code
 * renku.builds.builder=local} (local mode turns both on where podman and {@code docker-registry}
 * are installed). The registry starts with the data service and stops with it.
 */
@Configuration
@EnableConfigurationProperties(LocalBuildProperties.class)
@ConditionalOnExpression(
    "${renku.builds.enabled:false} and '${renku.builds.builder:local}' == 'local'")
public class LocalBuildConfig {
  private static final Logger log = LoggerFactory.getLogger(LocalBuildConfig.class);

  private static Path dir(String configured, String fallback) {
    return configured.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "renku-builds", fallback)
        : Path.of(configured);
  }

  @Bean(destroyMethod = "close")
  LocalRegistry localRegistry(LocalBuildProperties properties) {
    return LocalRegistry.start(dir(properties.registryDir(), "registry"));
  }

  @Bean(destroyMethod = "close")
  PodmanImageBuilder imageBuilder(
      LocalBuildProperties properties,
      LocalRegistry registry,
      @Value("${renku.builds.allow-private-repositories:false}") boolean allowPrivate) {
    Path work = dir(properties.workDir(), "work");
    EngineSetup engine =
        EngineSetup.detect(work.resolve("engine"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "renku.builds.builder=local needs podman on this machine (Debian"
                            + " packages podman, buildah and runc)"));
    LocalImages images =
        new LocalImages(
            engine.podman(), LocalImages.defaultCacheDir(), line -> log.info("{}", line));
    log.info("Image builds run with podman on this machine and push to {}", registry.address());
    return new PodmanImageBuilder(
        engine.podman(),
        images::ensureJupyter,
        registry,
        new LocalBuildSettings(
            work,
            properties.cloneTimeout(),
            properties.buildTimeout(),
            properties.pushTimeout(),
            allowPrivate,
            properties.maxConcurrent()));
  }
}
